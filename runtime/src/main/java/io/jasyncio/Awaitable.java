package io.jasyncio;

/**
 * Something a coroutine can {@link Asyncio#await(Awaitable) await}: a {@link Coroutine}, a
 * {@link Future} or a {@link Task}.
 *
 * <p>Awaiting a coroutine runs it inline, with no trip through the event loop; awaiting a done
 * future returns its result at once; only awaiting a pending future suspends the awaiting task.
 *
 * @param <T> the type of the value the await produces
 * @apiNote Mirrors Python's awaitable protocol ({@code __await__}). Unlike Python, the set of
 *     awaitable kinds is closed, so the runtime can dispatch on them without a protocol call.
 */
public sealed interface Awaitable<T> permits Coroutine, Future {}
