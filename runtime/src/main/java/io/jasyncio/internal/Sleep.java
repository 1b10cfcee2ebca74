package io.jasyncio.internal;

import io.jasyncio.Future;
import io.jasyncio.TimerHandle;
import io.jasyncio.abi.Frame;

/**
 * The coroutine {@code sleep(delay, result)} returns, written by hand in the shape the agent
 * generates for {@code @Async} methods: a label, and the values that live across the suspension
 * kept in fields. It reads as:
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
 * @param <T> the type of the result the sleep produces
 */
public final class Sleep<T> extends Frame<T> implements Runnable {
    private final double delay;
    private final T result;
    private int label;
    private TimerHandle timer;
    private Future<Void> future;

    /**
     * Creates the coroutine; nothing is scheduled until it is first resumed.
     *
     * @param delay seconds to sleep; zero or less yields once
     * @param result what the sleep produces
     */
    public Sleep(double delay, T result) {
        this.delay = delay;
        this.result = result;
    }

    @Override
    protected Object invoke(Object value, Throwable error) {
        switch (label) {
            case 0:
                label = 1;
                if (!(delay > 0)) {
                    suspendOn(YIELD);
                    return SUSPENDED;
                }
                SelectorEventLoop loop = Events.requireRunningLoop();
                future = loop.createFuture();
                timer = loop.callLater(delay, this);
                suspendOn(future);
                return SUSPENDED;
            case 1:
                if (timer != null) {
                    timer.cancel();
                    timer = null;
                    future = null;
                }
                if (error != null) {
                    throw Throwables.sneaky(error);
                }
                return result;
            default:
                throw new IllegalStateException("bad label " + label);
        }
    }

    /** The timer's callback: wakes the sleeper unless its wait was cancelled. */
    @Override
    public void run() {
        Future<Void> f = future;
        if (f != null && !f.done()) {
            f.setResult(null);
        }
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
