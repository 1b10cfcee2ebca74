package io.jasyncio;

/**
 * A callback scheduled for a moment in the loop's time, returned by
 * {@link EventLoop#callLater(double, Runnable)} and {@link EventLoop#callAt(double, Runnable)}.
 *
 * @apiNote Mirrors {@code asyncio.TimerHandle}. asyncio removes cancelled timers from its heap
 *     lazily; jasyncio's loop removes them at once, so a cancelled timer neither delays the
 *     loop's sleep nor holds memory.
 */
public class TimerHandle extends Handle {
    private final long deadlineNanos;

    /**
     * Creates a timer handle. Event loops create these; user code normally does not.
     *
     * @param deadlineNanos when the callback is due, in nanoseconds of the loop's clock
     * @param callback the callback to run
     * @throws NullPointerException if {@code callback} is null
     */
    protected TimerHandle(long deadlineNanos, Runnable callback) {
        this(deadlineNanos, callback, false);
    }

    /**
     * Creates a timer handle that, in debug mode, remembers where it was created. Event loops
     * create these; user code normally does not.
     *
     * @param deadlineNanos when the callback is due, in nanoseconds of the loop's clock
     * @param callback the callback to run
     * @param debug whether the handle's loop is in debug mode
     * @throws NullPointerException if {@code callback} is null
     */
    protected TimerHandle(long deadlineNanos, Runnable callback, boolean debug) {
        super(callback, debug);
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    final String reprName() {
        return "TimerHandle";
    }

    @Override
    final void reprInfo(StringBuilder sb) {
        // asyncio's TimerHandle._repr_info: when= after the state, before the callback.
        sb.append(" when=").append(when());
    }

    /**
     * When the callback is due, in seconds of the loop's {@link EventLoop#time() time()}.
     *
     * @return the deadline in loop seconds
     * @apiNote Mirrors {@code TimerHandle.when()}.
     */
    public double when() {
        return deadlineNanos / 1e9;
    }

    /**
     * When the callback is due, in nanoseconds of the loop's clock.
     *
     * @return the deadline in loop nanoseconds
     */
    public final long deadlineNanos() {
        return deadlineNanos;
    }
}
