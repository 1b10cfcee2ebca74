package io.jasyncio.internal;

import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.abi.Frame;
import io.jasyncio.internal.trace.TracedSleep;

/**
 * The coroutine {@code sleep(delay, result)} returns, written by hand in the shape the agent
 * generates for {@code @Async} methods. It reads as asyncio's:
 *
 * <pre>{@code
 * @Async static <T> Coroutine<T> sleep(double delay, T result) {
 *     if (delay <= 0) { bareYield(); return done(result); }
 *     Future<Void> f = loop.createFuture();
 *     TimerHandle h = loop.callLater(delay, () -> setResultUnlessCancelled(f));
 *     try { await(f); return done(result); } finally { h.cancel(); }
 * }
 * }</pre>
 *
 * <h2>Why no future and no timer</h2>
 * A sleeping task is the commonest thing a loop holds (W2: a million of them), and asyncio's
 * shape costs a future and a timer handle per sleep besides the frame. Here the frame is its own
 * timer entry: it sits in the loop's {@link TimerHeap} itself, and when it is due the loop runs
 * it from the ready queue like any timer, which re-queues the task that awaits it. The order of
 * events is asyncio's: the timer's turn comes in the iteration it is due (where asyncio's timer
 * sets the future's result), and the task's step runs in the next (where asyncio's future
 * callback, the task's wake-up, runs). Cancelling the task takes the entry out of the heap and
 * re-queues the task with {@code CancelledError(msg)}, as cancelling asyncio's future would.
 * A sleep driven by something other than one of the loop's own tasks (a hand driver calling
 * {@code send}) gets a real future instead, made on demand, which the timer completes.
 *
 * <pre>
 *   created ──first step──▶ in the heap (heapIndex &gt;= 0), the frame suspended on itself
 *      │                        │ due: run() re-queues the waker; or cancelled: removed
 *      │                        ▼
 *      │                   out of the heap (heapIndex = -1) ──next step──▶ returns result / throws
 *      └── delay &lt;= 0: a bare yield, then returns result
 * </pre>
 *
 * Retained by a sleeping task: this frame, 40 bytes (W5: header 12, the frame's state and
 * depth 4, caller and waitingOn 8, heapIndex 4, waker 4, sequence 8), and 12 bytes of heap
 * arrays (an entry reference and its deadline).
 *
 * @param <T> the type of the result the sleep produces
 */
public sealed class Sleep<T> extends Frame<T> implements TimerHeap.Entry, TracedSleep permits Sleep.WithResult {
    /** {@link #heapIndex} before the first step; it doubles as the frame's label. */
    private static final int NOT_STARTED = -2;

    /** {@link #NOT_STARTED}, the entry's index in the loop's heap, or -1 once out of it. */
    private int heapIndex = NOT_STARTED;
    /**
     * Before the first step, the delay in seconds (its raw bits); from then on, the loop's
     * scheduling counter when the sleep entered the heap: the FIFO tie-break. Sharing one field
     * saves 8 bytes a sleeping task (W2); the deadline itself lives in the heap's array.
     */
    private long sequence;
    /** Whom the timer wakes: the {@link LoopTask} awaiting the sleep, or a {@link Future}; null until known. */
    private Object waker;

    /**
     * Creates the coroutine of a sleep that produces null; nothing is scheduled until it is
     * first resumed.
     *
     * @param delay seconds to sleep; zero or less (or NaN) yields once
     */
    public Sleep(double delay) {
        this.sequence = Double.doubleToRawLongBits(delay);
    }

    /**
     * The coroutine for {@code sleep(delay, result)} (the facade makes {@code sleep(0)} with no
     * result a bare yield instead).
     *
     * @param delay seconds to sleep; zero or less (or NaN) yields once
     * @param result what the sleep produces
     * @param <T> the result type
     * @return a new coroutine
     */
    public static <T> Coroutine<T> of(double delay, T result) {
        return result != null ? new WithResult<>(delay, result) : new Sleep<>(delay);
    }

    @Override
    protected Object invoke(Object value, Throwable error) {
        if (heapIndex == NOT_STARTED) {
            heapIndex = -1;
            double delay = Double.longBitsToDouble(sequence);
            if (!(delay > 0)) {
                suspendOn(YIELD);
                return SUSPENDED;
            }
            SelectorEventLoop loop = SelectorEventLoop.requireRunning();
            sequence = loop.takeTimerSequence();
            loop.scheduleEntry(this, delay);
            suspendOnItself();
            return SUSPENDED;
        }
        if (heapIndex >= 0) {
            // Woken before the deadline, by an exception thrown in (a cancellation by hand, close).
            SelectorEventLoop loop = loop();
            if (loop != null) {
                loop.removeTimer(this);
            }
        }
        waker = null;
        if (error != null) {
            throw Throwables.sneaky(error);
        }
        return result();
    }

    /** What the sleep produces: null, except in a {@link WithResult}. */
    T result() {
        return null;
    }

    /**
     * Seconds this sleep waits, for tracing: the delay asked for until its first step, then the
     * time left until its deadline (the deadline is kept only in the loop's heap), then zero.
     *
     * @return seconds, never negative except for a negative delay not yet started
     */
    @Override
    public double delay() {
        if (heapIndex == NOT_STARTED) {
            return Double.longBitsToDouble(sequence);
        }
        SelectorEventLoop loop = heapIndex >= 0 ? loop() : null;
        return loop == null ? 0 : loop.secondsUntil(this);
    }

    /**
     * A sleep with a non-null result: the rare case, kept out of the common frame so that a
     * plain {@code sleep(delay)} does not carry a null reference (4 bytes, and with alignment
     * 8, a sleeping task in W2).
     *
     * @param <T> the type of the result
     */
    static final class WithResult<T> extends Sleep<T> {
        private final T result;

        WithResult(double delay, T result) {
            super(delay);
            this.result = result;
        }

        @Override
        T result() {
            return result;
        }
    }

    /**
     * Tells the sleep who awaits it, once it has suspended: a task of the loop's own kind is
     * woken directly by the timer; any other driver (a plain {@link Task}, or a hand driver
     * when {@code task} is null) gets a future that the timer completes, to await as usual.
     *
     * @param task the task whose step just suspended on this sleep, or null for a hand driver
     * @return null if the timer will re-queue {@code task} itself, else the future to wait on
     */
    @Override
    protected Future<?> attachDriver(Task<?> task) {
        if (task instanceof LoopTask) {
            waker = task;
            return null;
        }
        if (waker instanceof Future<?> f) {
            return f;
        }
        Future<Void> f = new Future<>(task != null ? task.getLoop() : SelectorEventLoop.requireRunning());
        if (heapIndex < 0) {
            f.setResult(null); // already due: its turn in the ready queue has come and gone
        }
        waker = f;
        return f;
    }

    /**
     * Takes the sleep out of the loop's heap, when its task is cancelled while it waits, so that
     * the task can be woken with {@code CancelledError} at once.
     *
     * @return true if the sleep was waiting in the heap; false if it was already due (its task
     *     is then queued already)
     */
    @Override
    protected boolean cancelWakeUp() {
        if (heapIndex < 0) {
            return false;
        }
        SelectorEventLoop loop = loop();
        if (loop != null) {
            loop.removeTimer(this);
        }
        return true;
    }

    /** The timer's turn: wakes the awaiting task (as asyncio's future callback would), or completes the future. */
    @Override
    public void run() {
        Object w = waker;
        if (w instanceof LoopTask<?> task) {
            ((SelectorEventLoop) task.getLoop()).enqueue(task);
        } else if (w instanceof Future<?> f && !f.done()) {
            @SuppressWarnings("unchecked")
            Future<Object> future = (Future<Object>) f;
            future.setResult(null);
        }
    }

    private SelectorEventLoop loop() {
        Object w = waker;
        if (w instanceof LoopTask<?> task) {
            return (SelectorEventLoop) task.getLoop();
        }
        if (w instanceof Future<?> f && f.getLoop() instanceof SelectorEventLoop loop) {
            return loop;
        }
        return SelectorEventLoop.running();
    }

    @Override
    public int heapIndex() {
        return heapIndex;
    }

    @Override
    public void heapIndex(int index) {
        heapIndex = index;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public String getName() {
        return "sleep";
    }

    @Override
    protected String sourceFile() {
        return "Sleep.java";
    }

    @Override
    protected int currentLine() {
        return -1;
    }
}
