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
    /** Where the handle was created, in debug mode only; else null. */
    private final StackTraceElement createdAt;
    /** In debug mode, the repr from before {@link #cancel()}, as asyncio keeps it; else null. */
    private String cancelledRepr;

    /**
     * Creates a handle for a callback.
     *
     * @param callback the callback to run
     * @throws NullPointerException if {@code callback} is null
     */
    public Handle(Runnable callback) {
        this(callback, false);
    }

    /**
     * Creates a handle for a callback that, in debug mode, remembers where it was created: the
     * first caller outside the loop, which {@link #toString()} then shows as
     * {@code created at File.java:12}. Loop thread only.
     *
     * @param callback the callback to run
     * @param debug whether the handle's loop is in debug mode
     * @throws NullPointerException if {@code callback} is null
     * @apiNote Mirrors {@code asyncio.Handle(callback, args, loop)}, which records its source
     *     traceback when {@code loop.get_debug()}.
     */
    public Handle(Runnable callback, boolean debug) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        this.callback = callback;
        this.createdAt = debug ? Reprs.creationSite() : null;
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
        if (createdAt != null && callback != null) {
            // Handle.cancel() in debug mode: keep the callback's name for later reprs.
            cancelledRepr = toString();
        }
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

    /**
     * Describes the handle as asyncio's repr does: {@code <Handle App.<lambda>()>},
     * {@code <Handle cancelled>}, and in debug mode {@code <Handle Ticker.run() created at
     * App.java:12>}. A callback is named as {@code Reprs} explains: Java gives a lambda no name,
     * so it is {@code Class.<lambda>()} after the class that wrote it.
     *
     * @return the description
     */
    @Override
    public String toString() {
        if (cancelledRepr != null) {
            return cancelledRepr;
        }
        StringBuilder sb = new StringBuilder("<").append(reprName());
        Runnable c = callback;
        if (c == null) {
            sb.append(" cancelled");
        }
        reprInfo(sb);
        if (c != null) {
            sb.append(' ').append(Reprs.callback(c));
        }
        if (createdAt != null) {
            sb.append(" created at ")
                    .append(createdAt.getFileName())
                    .append(':')
                    .append(createdAt.getLineNumber());
        }
        return sb.append('>').toString();
    }

    /** The class name the repr shows: asyncio's, for the loop's own subclasses. */
    String reprName() {
        return "Handle";
    }

    /** What a subclass adds after the state, before the callback. */
    void reprInfo(StringBuilder sb) {}
}
