/**
 * {@code java -jar jasyncio-agent.jar ps|pstree PID}: the pending tasks of another JVM, read
 * through the JDK's Attach API. {@link io.jasyncio.agent.inspect.Inspect} runs in the command's
 * JVM; {@link io.jasyncio.agent.inspect.TargetDump} runs in the inspected one, where the agent
 * jar is loaded for the occasion; {@link io.jasyncio.agent.inspect.TaskTable} lays the rows out.
 */
package io.jasyncio.agent.inspect;
