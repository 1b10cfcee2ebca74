package io.jasyncio;

/**
 * A clock that moves only when told to: by the event loop, which jumps it to the next timer's
 * deadline whenever it has nothing else to do, or by a test.
 *
 * <p>With it, {@code sleep(3600)} returns at once while {@code time()} advances by 3600 seconds,
 * so a program that "waits" for hours runs in milliseconds and always in the same order. The
 * clock starts at 0 and never goes backwards.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * EventLoop loop = Asyncio.newEventLoop(clock);
 * loop.runUntilComplete(sleep(3600));      // returns at once
 * assert loop.time() == 3600.0;
 * }</pre>
 *
 * <p>Test tools can move it by hand between loop steps ({@link EventLoop#step()}), as
 * kotlinx-coroutines-test's {@code advanceTimeBy} does: the loop runs each timer whose deadline
 * the clock has passed. Reads may come from any thread ({@code loop.time()} is thread-safe), so
 * the time is volatile; advancing is synchronized so that two advancing threads cannot move it
 * backwards.
 *
 * @apiNote Plays the role of asyncio's test {@code TestLoop} time, trio's {@code MockClock} with
 *     {@code autojump_threshold=0}, and Netty's {@code MockTicker}.
 */
public final class VirtualClock {
    private volatile long now;

    /** Creates a clock reading 0. */
    public VirtualClock() {}

    /**
     * The current time. Any thread may call this.
     *
     * @return nanoseconds since the clock was made, plus every jump
     */
    public long nanoTime() {
        return now;
    }

    /**
     * A virtual clock moves only when advanced.
     *
     * @return true
     */
    /**
     * Moves the clock forward to {@code nanos}; an earlier time leaves it where it is, because a
     * monotonic clock cannot go back.
     *
     * @param nanos the new time in nanoseconds
     */
    public synchronized void advanceTo(long nanos) {
        if (nanos > now) {
            now = nanos;
        }
    }

    /**
     * Moves the clock forward by {@code nanos}, saturating at {@link Long#MAX_VALUE}.
     *
     * @param nanos how far to move, in nanoseconds
     * @throws IllegalArgumentException if {@code nanos} is negative
     */
    public synchronized void advanceBy(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a clock cannot go backwards: " + nanos);
        }
        long next = now + nanos;
        now = next < 0 ? Long.MAX_VALUE : next;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now / 1e9 + " s]";
    }
}
