/**
 * The transformer, {@link io.jasyncio.agent.internal.transform.CoroutineTransformer}: a pure,
 * deterministic function from a class file to the rewritten class file, made of named steps, one
 * class each, exchanging the records of {@code internal.model}. The steps of one method share a
 * {@code MethodContext} (its class, its kind, the names of its frame class and body).
 *
 * <p>Words: a <em>frame</em> here is always the coroutine's frame, the object (a generated
 * subclass of {@code io.jasyncio.abi.Frame}) that holds a suspended method's state. What ASM and
 * the JVM also call frames, the verifier's view of the locals and operand stack at an instruction
 * (ASM's {@code Frame}, the class file's stack map frames), are called <em>types</em>
 * ({@link io.jasyncio.agent.internal.transform.AnalyzeTypes}), except in ASM's own names
 * ({@code COMPUTE_FRAMES}, {@code SKIP_FRAMES}).
 */
package io.jasyncio.agent.internal.transform;
