package io.jasyncio;

/**
 * Something a coroutine can {@link Asyncio#await(Awaitable) await}: a {@link Coroutine}, a
 * {@link Future} or a {@link Task}, or any type of a library that says, through
 * {@link #awaitTarget()}, which coroutine or future an await of it awaits.
 *
 * <p>Awaiting a coroutine runs it inline, with no trip through the event loop; awaiting a done
 * future returns its result at once; only awaiting a pending future suspends the awaiting task.
 *
 * <pre>{@code
 * final class Job implements Awaitable<String> {   // await(job) waits for the job's result
 *     private final Future<String> done = Asyncio.getRunningLoop().createFuture();
 *
 *     @Override
 *     public Awaitable<String> awaitTarget() {
 *         return done;
 *     }
 * }
 * }</pre>
 *
 * @param <T> the type of the value the await produces
 * @apiNote Mirrors Python's awaitable protocol ({@code __await__}). The runtime recognises
 *     coroutines and futures first, with a class test, and asks {@link #awaitTarget()} only
 *     of other types, so an await of a coroutine or a future costs no interface call.
 */
public interface Awaitable<T> {
    /**
     * What an await of this object awaits: a coroutine or a future (or another awaitable,
     * asked in turn). Called once per await, on the awaiting task's thread; a coroutine
     * returned is run by that await, so return a new one each time.
     *
     * <p>Coroutines and futures return themselves. A library type returns, say, a coroutine of
     * its own ({@code return fetch();}) or a future it completes later.
     *
     * @return the coroutine or future to await, never null
     * @apiNote Mirrors {@code __await__}, which returns an iterator; Python refuses a coroutine
     *     there ({@code return coro.__await__()} is the idiom), Java takes the coroutine itself.
     */
    Awaitable<T> awaitTarget();
}
