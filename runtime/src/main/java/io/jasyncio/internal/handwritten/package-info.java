/**
 * The bases of the runtime's own coroutines outside the root package, written by hand because
 * the runtime cannot use the agent: {@link io.jasyncio.internal.handwritten.HandWrittenFrame}
 * (a body called again after every await) and {@link
 * io.jasyncio.internal.handwritten.LambdaCoroutine} (the same with a lambda body). The root
 * package has its own twin of the first, on the engine's side.
 *
 * <p>Not exported by the module.
 */
package io.jasyncio.internal.handwritten;
