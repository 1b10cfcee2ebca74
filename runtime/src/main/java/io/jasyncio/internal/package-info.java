/**
 * The event loop: {@link io.jasyncio.internal.SelectorEventLoop}, asyncio's
 * {@code BaseEventLoop} and {@code SelectorEventLoop} in one, with what it is made of: the
 * ready queue and the {@link io.jasyncio.internal.TimerHeap} of {@code TimerHandle}s and sleeping
 * coroutines ({@code Sleep}), the {@code Clock} and {@link io.jasyncio.internal.IoSelector}
 * seams, the registry of channels and the socket coroutines ({@code IoRegistry}, {@code SockOps}),
 * the default executor, and the snapshot the agent's {@code ps} reads ({@code Introspection}).
 * It implements {@link io.jasyncio.EventLoop} with the transports of {@code internal.net} and
 * {@code internal.process}, and calls the tracer of {@code internal.trace}.
 *
 * <p>Not exported by the module: applications use {@code io.jasyncio}, and nothing here is a
 * supported API. The root package reaches this one only where the facade creates the default
 * loop and the loop's sleep.
 */
package io.jasyncio.internal;
