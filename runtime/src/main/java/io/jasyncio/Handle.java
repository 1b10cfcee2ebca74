package io.jasyncio;

/**
 * A callback scheduled on an event loop, returned by {@link EventLoop#callSoon(Runnable)} and
 * {@link EventLoop#callSoonThreadsafe(Runnable)}; it can be cancelled until it runs.
 *
 * <p>Cancelling is cheap: the loop skips a cancelled handle when its turn comes.
 *
 * @apiNote Mirrors {@code asyncio.Handle}.
 */
public class Handle implements Runnable {
    private Runnable callback;

    /**
     * Creates a handle for a callback.
     *
     * @param callback the callback to run
     * @throws NullPointerException if {@code callback} is null
     */
    public Handle(Runnable callback) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        this.callback = callback;
    }

    /**
     * Cancels the callback: if it has not run yet, it never will. Cancelling twice, or after the
     * callback ran, does nothing.
     *
     * <p>May be called from the loop thread only, like every loop operation.
     *
     * @apiNote Mirrors {@code Handle.cancel()}.
     */
    public void cancel() {
        // Dropping the reference also frees whatever the callback captured as soon as possible.
        callback = null;
    }

    /**
     * Tells whether the handle was cancelled.
     *
     * @return true once {@link #cancel()} was called before the callback ran
     * @apiNote Mirrors {@code Handle.cancelled()}.
     */
    public boolean cancelled() {
        return callback == null;
    }

    /**
     * Runs the callback unless the handle was cancelled. The event loop calls this when the
     * handle's turn comes; exceptions propagate to the caller (the loop reports them to its
     * exception handler).
     *
     * @apiNote Mirrors {@code Handle._run()}.
     */
    @Override
    public void run() {
        Runnable c = callback;
        if (c != null) {
            c.run();
        }
    }

    /**
     * The callback this handle runs, or null once cancelled.
     *
     * @return the callback
     */
    protected final Runnable callback() {
        return callback;
    }

    @Override
    public String toString() {
        Runnable c = callback;
        return "<" + getClass().getSimpleName() + (c == null ? " cancelled" : " " + c) + ">";
    }
}
