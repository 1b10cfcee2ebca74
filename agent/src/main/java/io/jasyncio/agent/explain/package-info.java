/**
 * The {@code explain} command: prints, for each coroutine or generator method of a class file,
 * folder or jar, the state machine the agent makes of it (states, suspension points, what is
 * saved and restored, the frame class), optionally the bytecode before and after and a Graphviz
 * state graph. Everything shown comes from the transformer's own steps, through
 * {@code CoroutineTransformer.Observer}, so the explanation is what the agent actually did.
 */
package io.jasyncio.agent.explain;
