/**
 * The application binary interface between code rewritten by the jasyncio agent and this
 * runtime. It is for generated code, not for people: its types and members may change between
 * releases, and the agent and the runtime must come from the same release (the agent embeds
 * {@link io.jasyncio.abi.Intrinsics#ABI_VERSION} in every class it rewrites, and the runtime
 * refuses a mismatch with a clear error).
 *
 * <p>{@link io.jasyncio.abi.Frame} is the base class of every generated coroutine state machine
 * ({@link io.jasyncio.abi.GeneratorFrame} and {@link io.jasyncio.abi.AsyncGeneratorFrame} of
 * generators), and {@link io.jasyncio.abi.Intrinsics} holds the static entry points the
 * rewritten methods call. The engine that runs the state machines is {@link
 * io.jasyncio.Coroutine}, in the package below; this one only adapts it to generated code.
 */
package io.jasyncio.abi;
