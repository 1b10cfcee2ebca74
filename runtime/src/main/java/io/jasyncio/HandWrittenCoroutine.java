package io.jasyncio;

/**
 * Base class of this package's own coroutines, which are written by hand because the runtime
 * cannot use the agent (locks, queues, timeouts, task groups). The body is one method,
 * {@link #body}, that the frame calls first with {@code (null, null)} and again after every
 * await with that await's outcome:
 *
 * <pre>
 *   body(null, null) ──returns awaitNext(x)──▶ await x ──▶ body(value, error) ──▶ ...
 *        └──────returns anything else──▶ that is the result; throws ──▶ the coroutine throws
 * </pre>
 *
 * <p>The body keeps its own state (a label, the waiter it registered) in fields of the
 * subclass. Awaiting a done future or a coroutine that does not suspend goes straight on to the
 * next call of the body on the same stack; a pending one suspends the frame, and the task resumes it later with the
 * outcome, or with {@link CancelledError} if the task was cancelled. That is where
 * the body does the bookkeeping that must not be skipped: remove its waiter, undo a registration,
 * pass a wake-up on.
 *
 * <p>The packages above this one have the same class, {@code io.jasyncio.internal.handwritten.HandWrittenFrame},
 * on the engine's public side.
 *
 * @param <T> the result type
 */
abstract class HandWrittenCoroutine<T> extends Coroutine<T> {
    /** What {@link #awaitNext} returns: the body wants {@code next} awaited. */
    private static final Object AWAIT = new Object() {
        @Override
        public String toString() {
            return "AWAIT";
        }
    };

    private final String name;
    private Awaitable<?> next;

    /**
     * Creates the coroutine; none of it runs before it is first resumed.
     *
     * @param name the qualified name of the method it stands for, such as
     *     {@code Lock.acquire}
     */
    HandWrittenCoroutine(String name) {
        this.name = name;
    }

    /**
     * The body, from wherever it stopped.
     *
     * @param value the result of the last await, or null (first call, or after an error)
     * @param error the exception of the last await, or null
     * @return {@link #awaitNext(Awaitable)} to await something, or the coroutine's result
     * @throws Throwable to end the coroutine with that exception
     */
    abstract Object body(Object value, Throwable error) throws Throwable;

    /**
     * Asks for {@code awaitable} to be awaited; the body returns what this returns, and is
     * called again with the outcome.
     *
     * @param awaitable a future or coroutine
     * @return the marker to return from {@link #body}
     */
    final Object awaitNext(Awaitable<?> awaitable) {
        next = awaitable;
        return AWAIT;
    }

    @Override
    protected final Object invoke(Object value, Throwable error) {
        while (true) {
            Object r;
            try {
                r = body(value, error);
            } catch (Throwable t) {
                throw Sneaky.sneaky(t);
            }
            if (r != AWAIT) {
                return r;
            }
            Awaitable<?> a = next;
            next = null;
            try {
                Object v = awaitIn(a, this);
                if (v == SUSPENDED) {
                    return SUSPENDED;
                }
                value = v;
                error = null;
            } catch (Throwable t) {
                value = null;
                error = t;
            }
        }
    }

    @Override
    public final String getName() {
        return name;
    }

    /**
     * Hand-written frames have no source file of their own to point at.
     *
     * @return null
     */
    @Override
    protected final String sourceFile() {
        return null;
    }

    /**
     * Hand-written frames have no source line to point at.
     *
     * @return -1
     */
    @Override
    protected final int currentLine() {
        return -1;
    }
}
