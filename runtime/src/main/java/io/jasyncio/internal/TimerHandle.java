package io.jasyncio.internal;

/**
 * The loop's timer: an {@link io.jasyncio.TimerHandle} that also knows where it sits in its
 * loop's {@link TimerHeap}, so that cancelling it removes it from the heap at once, in O(log n).
 * It bears the public class's simple name because it is what {@code callLater} returns: asyncio's
 * {@code type(loop.call_later(...)).__name__} is {@code TimerHandle}.
 *
 * <p>{@link #sequence} is a per-loop counter taken at scheduling time; it breaks ties between
 * equal deadlines so that such timers run in the order they were scheduled.
 *
 * <h2>Life of a timer</h2>
 * <pre>
 *   scheduled (heapIndex &gt;= 0) ──due──▶ in the ready queue (heapIndex = -1) ──▶ run
 *        │                                    │
 *        └──cancel: removed from the heap     └──cancel: skipped when its turn comes
 * </pre>
 *
 * <p>Like every handle, a timer is cancelled from the loop thread only.
 */
public final class TimerHandle extends io.jasyncio.TimerHandle implements TimerHeap.Entry {
    /** Breaks ties between equal deadlines: lower runs first. */
    final long sequence;
    /** The timer's position in its heap's array, or -1 when it is not in the heap. */
    int heapIndex = -1;

    private final SelectorEventLoop loop;

    /**
     * Creates a timer; only the loop does this, when scheduling.
     *
     * @param loop the loop whose heap will hold the timer
     * @param deadlineNanos when the timer is due, in the loop's clock
     * @param sequence the loop's scheduling counter at creation
     * @param callback the callback
     * @throws NullPointerException if {@code callback} is null
     */
    TimerHandle(SelectorEventLoop loop, long deadlineNanos, long sequence, Runnable callback) {
        super(deadlineNanos, callback, loop != null && loop.getDebug());
        this.loop = loop;
        this.sequence = sequence;
    }

    /**
     * Cancels the timer and, if it is still waiting in the heap, removes it from there, so that
     * a cancelled timer neither holds memory nor shortens the loop's sleep.
     *
     * @apiNote Mirrors {@code TimerHandle.cancel()}; asyncio instead leaves the cancelled timer in
     *     its heap and counts it, removing it lazily.
     */
    @Override
    public void cancel() {
        super.cancel();
        if (heapIndex >= 0) {
            loop.removeTimer(this);
        }
    }

    @Override
    public int heapIndex() {
        return heapIndex;
    }

    @Override
    public void heapIndex(int index) {
        heapIndex = index;
    }

    /**
     * The scheduling order among timers of the same loop.
     *
     * @return the sequence number
     */
    @Override
    public long sequence() {
        return sequence;
    }
}
