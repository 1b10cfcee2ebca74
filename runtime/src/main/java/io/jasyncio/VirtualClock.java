package io.jasyncio;

import java.time.Duration;
import java.util.function.Consumer;

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
 * <p>Real I/O does not take virtual time: while a socket, an executor job or a child process is
 * pending, the loop waits for it in real time and jumps only once it has been idle for the
 * {@linkplain #setAutojumpThreshold(Duration) autojump threshold}, so a 30 s timeout around a
 * localhost request does not fire just because the reply had not arrived yet.
 *
 * @apiNote Plays the role of asyncio's test {@code TestLoop} time, trio's {@code MockClock} with
 *     {@code autojump_threshold} (0 while no real work is pending), and Netty's {@code
 *     MockTicker}.
 */
public final class VirtualClock {
    /**
     * The autojump threshold of {@link #VirtualClock()}: long enough that a localhost connection,
     * a name lookup on the default executor or a child process answers well within it on a
     * loaded machine, short enough that a test whose server idles while it sleeps stays quick.
     */
    public static final Duration DEFAULT_AUTOJUMP_THRESHOLD = Duration.ofSeconds(1);

    private volatile long now;
    private volatile long autojumpThresholdNanos;
    private volatile Consumer<? super String> realWorkListener;

    /** Creates a clock reading 0, with the {@link #DEFAULT_AUTOJUMP_THRESHOLD}. */
    public VirtualClock() {
        this(DEFAULT_AUTOJUMP_THRESHOLD);
    }

    /**
     * Creates a clock reading 0 with the given autojump threshold.
     *
     * @param autojumpThreshold see {@link #setAutojumpThreshold(Duration)}
     * @throws IllegalArgumentException if the threshold is negative
     * @throws NullPointerException if it is null
     */
    public VirtualClock(Duration autojumpThreshold) {
        setAutojumpThreshold(autojumpThreshold);
    }

    /**
     * How long, in real time, a loop on this clock with nothing ready waits for real work
     * before it jumps the clock anyway. Real work is what other threads or the operating system
     * will finish: a registered channel with interest (a connect, a read, a listening server),
     * an executor job ({@code runInExecutor}, {@code toThread}, name lookups), a child process,
     * an awaited {@code CompletableFuture}. With none pending, the loop jumps at once, so an
     * hour of sleeps still takes no real time; with some pending, it waits for it, and jumps
     * only once it has been idle this long (a server nobody calls, a job that hangs).
     *
     * @param threshold the real time to wait; {@link Duration#ZERO} jumps at once even past
     *     real work (the loop's behaviour before this threshold existed)
     * @throws IllegalArgumentException if the threshold is negative
     * @throws NullPointerException if it is null
     * @apiNote Mirrors trio's {@code MockClock.autojump_threshold}, which counts idleness
     *     whether or not real work is pending.
     */
    public void setAutojumpThreshold(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("VirtualClock.setAutojumpThreshold: negative threshold " + threshold);
        }
        long nanos;
        try {
            nanos = threshold.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        this.autojumpThresholdNanos = nanos;
    }

    /**
     * The autojump threshold; see {@link #setAutojumpThreshold(Duration)}. Any thread.
     *
     * @return the threshold
     */
    public Duration getAutojumpThreshold() {
        return Duration.ofNanos(autojumpThresholdNanos);
    }

    /**
     * The autojump threshold in nanoseconds, for the loop. Any thread.
     *
     * @return the threshold
     */
    public long autojumpThresholdNanos() {
        return autojumpThresholdNanos;
    }

    /**
     * Sets the listener told, on the loop thread, each time a loop jumps this clock while real
     * work was still pending (after the autojump threshold, or at once with a zero threshold),
     * with a description of the jump and of the pending work. Such a jump may fire a timeout
     * that real time would not have: test tools warn of it.
     *
     * @param listener the listener, or null
     */
    public void setRealWorkListener(Consumer<? super String> listener) {
        this.realWorkListener = listener;
    }

    /**
     * Called by the loop after it jumped this clock while real work was pending; tells the
     * {@linkplain #setRealWorkListener listener}. Loop thread.
     *
     * @param description the jump and the pending work, in words
     */
    public void jumpedPastRealWork(String description) {
        Consumer<? super String> l = realWorkListener;
        if (l != null) {
            l.accept(description);
        }
    }

    /**
     * The current time. Any thread may call this.
     *
     * @return nanoseconds since the clock was made, plus every jump
     */
    public long nanoTime() {
        return now;
    }

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
