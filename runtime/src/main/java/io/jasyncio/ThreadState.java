package io.jasyncio;

/**
 * What the runtime keeps per thread, as CPython's thread state does: the loop running here and
 * the current {@link Context}. One thread-local for both, so that a loop fetches it once when it
 * starts running and its task steps then reach the current context with plain field accesses.
 */
final class ThreadState {
    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    /** The loop running in this thread, or null. */
    EventLoop runningLoop;

    /** The loop {@code Asyncio.setEventLoop} made this thread's current one, or null. */
    EventLoop eventLoop;

    /**
     * The current context, or null for an empty one nobody has asked for yet: a thread, a task
     * or a callback that never sets a variable never allocates a context. While a loop runs here
     * this is the context of the task step or callback running, and null between them.
     */
    Context context;

    /** The thread's context from before the loop started running here; restored when it stops. */
    Context outsideLoop;

    private ThreadState() {}

    static ThreadState get() {
        return STATE.get();
    }
}
