package io.jasyncio;

/**
 * A coroutine object: the paused body of an {@link Async @Async} method, created by calling the
 * method and run by awaiting it, wrapping it in a {@link Task}, or driving it by hand.
 *
 * <p>Calling an {@code @Async} method runs none of its body: it only captures the arguments.
 * The body starts when the coroutine is first resumed, and a coroutine runs once: awaiting it a
 * second time is an error, as in Python.
 *
 * <h2>States</h2>
 * <pre>
 *   created ──resume──▶ running ──await of a pending future──▶ suspended
 *                          │  ▲                                   │
 *                          │  └────────────resume─────────────────┘
 *                          └──return or throw──▶ done
 * </pre>
 *
 * <p>The agent generates one subclass per {@code @Async} method (see
 * {@link io.jasyncio.abi.Frame}); user code never subclasses this class.
 *
 * @param <T> the type of the value the coroutine returns
 * @apiNote Mirrors Python's coroutine object ({@code types.CoroutineType}).
 */
public abstract non-sealed class Coroutine<T> implements Awaitable<T> {

    /** Only the ABI package's {@code Frame} extends this class. */
    protected Coroutine() {}

    /**
     * Resumes the coroutine from where its innermost awaited coroutine is suspended, sending
     * {@code value} (or throwing {@code error}) in at that point, and runs until the whole chain
     * is suspended again or the coroutine finishes.
     *
     * <p>For drivers (a {@link Task}, {@link #send(Object)}); runs on the caller's stack and
     * grows it by a constant, whatever the depth of the suspended chain.
     *
     * @param value the value the innermost pending await produces, or null
     * @param error the exception the innermost pending await throws, or null
     * @return the coroutine's result, or the ABI's {@code SUSPENDED} marker if it suspended
     * @throws IllegalStateException if the coroutine is running or done
     */
    protected abstract Object resume(Object value, Throwable error);

    /**
     * What the innermost suspended frame of this coroutine waits on: a {@link Future}, or null
     * for a bare yield (such as {@code sleep(0)}).
     *
     * @return the awaited future, or null
     */
    protected abstract Object awaiting();

    /**
     * Marks the coroutine as owned by one awaiter or task, so that nobody else can run it.
     *
     * @throws IllegalStateException naming the coroutine if it was already claimed or started
     */
    protected abstract void claim();

    /**
     * Tells whether the coroutine has finished, by returning, throwing or being closed.
     *
     * @return true once done
     */
    public abstract boolean isDone();

    /**
     * Tells whether the coroutine is executing right now (its code is on the stack).
     *
     * @return true while running
     * @apiNote Mirrors {@code cr_running}.
     */
    public abstract boolean isRunning();

    /**
     * The qualified name of the coroutine's function, such as {@code Count.count}.
     *
     * @return the name
     * @apiNote Mirrors {@code cr_code.co_qualname}.
     */
    public abstract String getName();

    /**
     * Where the coroutine is: {@code Count.java:12} while suspended at line 12.
     *
     * @return file and line of the current suspension point, or just the file when unknown
     */
    public abstract String location();

    /**
     * Drives the coroutine by hand, with no loop: sends {@code value} in at the point where it is
     * suspended and runs it to its next suspension.
     *
     * @param value the value the pending await produces; must be null on the first send
     * @return what the coroutine now waits on: a {@link Future}, or null for a bare yield
     * @throws StopIteration when the coroutine returns; it carries the return value
     * @throws IllegalStateException if a non-null value is sent to a coroutine that has not
     *     started, or the coroutine is running or done
     * @apiNote Mirrors {@code coro.send(value)}.
     */
    public Object send(Object value) {
        if (!isStarted() && io.jasyncio.internal.debug.DebugReports.trackingCoroutines) {
            io.jasyncio.internal.debug.DebugReports.coroutineStarted(this); // debug mode only
        }
        if (value != null && !isStarted()) {
            throw new IllegalStateException("can't send non-null value to a just-started "
                    + (this instanceof Generator ? "generator" : "coroutine"));
        }
        return step(value, null);
    }

    /**
     * Throws {@code error} into the coroutine at the point where it is suspended, and runs it to
     * its next suspension.
     *
     * @param error the exception to raise at the pending await
     * @return what the coroutine now waits on: a {@link Future}, or null for a bare yield
     * @throws StopIteration when the coroutine catches the error and returns
     * @throws NullPointerException if {@code error} is null
     * @apiNote Mirrors {@code coro.throw(error)}. Named {@code throwInto} because {@code throw}
     *     is a Java keyword. Any exception the coroutine lets escape, {@code error} included,
     *     propagates to the caller.
     */
    public Object throwInto(Throwable error) {
        if (error == null) {
            throw new NullPointerException("error");
        }
        return step(null, error);
    }

    /**
     * Finishes the coroutine: raises {@link GeneratorExit} at the point where it is suspended,
     * so its {@code finally} blocks run. A coroutine that has not started is just marked done.
     *
     * @return what the coroutine returned if it returned on {@code GeneratorExit}, else null
     * @throws IllegalStateException if it suspends again instead of finishing
     * @apiNote Mirrors {@code coro.close()} (3.13 returns the return value).
     */
    public abstract Object close();

    private Object step(Object value, Throwable error) {
        Object r = resume(value, error);
        if (r == io.jasyncio.abi.Frame.SUSPENDED) {
            return suspendedValue();
        }
        throw new StopIteration(r);
    }

    /**
     * What {@link #send} and {@link #throwInto} hand out when the coroutine suspends: for a
     * coroutine, what it waits on; a generator hands out the value it yielded.
     *
     * @return the value given to the caller of {@code send}
     */
    protected Object suspendedValue() {
        return awaiting();
    }

    /**
     * Tells whether the coroutine's body has started running.
     *
     * @return false until the first resume
     */
    public abstract boolean isStarted();

    /**
     * Describes the coroutine as Python's repr does:
     * {@code <coroutine Count.count() running at Count.java:12>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String where = isDone() ? "done" : isRunning() ? "running" : "suspended";
        return "<coroutine " + getName() + "() " + where + " at " + location() + ">";
    }
}
