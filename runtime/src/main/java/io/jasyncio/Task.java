package io.jasyncio;

import io.jasyncio.abi.Frame;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A coroutine scheduled on an event loop: a {@link Future} that the coroutine's result
 * completes.
 *
 * <p>A task runs its coroutine in steps. A step resumes the coroutine (sending in the result of
 * the future it awaited, or throwing that future's exception) and runs it until it suspends
 * again, returns or throws. When it suspends on a pending future, the task registers itself as
 * that future's done callback; when it yields bare ({@code sleep(0)}), it requeues itself.
 *
 * <pre>
 *   createTask ──▶ [ready queue] ──step──▶ suspended on future F ──F done──▶ [ready queue] ─ …
 *                                   └──▶ returned / threw / cancelled: the task is done
 * </pre>
 *
 * <h2>Cancellation</h2>
 * {@link #cancel(String)} cancels the future the task waits on, or, if it waits on nothing,
 * makes the next step throw {@link CancelledError} into the coroutine. A task cancelled before
 * its first step runs none of its body. The coroutine may catch the error; the task is
 * cancelled only if {@code CancelledError} escapes it.
 *
 * @param <T> the type of the coroutine's result
 * @apiNote Mirrors {@code asyncio.Task}.
 */
public class Task<T> extends Future<T> {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Coroutine<T> coro;
    /** The name given, or the default {@code Task-N} once asked for; null until then. */
    private String name;
    /**
     * N of the default name {@code Task-N}, taken at creation so numbering follows creation
     * order as in asyncio, but turned into a string only when someone asks: a string per task
     * cost about 60 of the bytes a sleeping task retained (W2).
     */
    private final int id;
    /**
     * The future this task waits on, the {@code Sleep} that will wake it from the timer heap, or
     * a Throwable to throw into the coroutine next step.
     */
    private Object waiter;
    private int cancelRequests;
    private boolean mustCancel;

    /**
     * Creates a task for {@code coro}. The task does not run until it is scheduled; event loops
     * create and schedule tasks in {@link EventLoop#createTask(Coroutine)}.
     *
     * @param loop the loop that runs the task
     * @param coro the coroutine to run
     * @param name the task's name, or null for {@code Task-N}
     * @throws NullPointerException if {@code loop} or {@code coro} is null
     * @throws IllegalStateException if the coroutine was already awaited or wrapped in a task
     */
    protected Task(EventLoop loop, Coroutine<T> coro, String name) {
        super(loop);
        if (coro == null) {
            throw new NullPointerException("coro");
        }
        coro.claim();
        this.coro = coro;
        // As in asyncio, only unnamed tasks take a number.
        this.id = name == null ? COUNTER.incrementAndGet() : 0;
        this.name = name;
    }

    /**
     * Schedules the task's next step on its loop. The loop's own tasks queue themselves without
     * allocating a handle; this default allocates one.
     */
    protected void scheduleStep() {
        getLoop().callSoon(this::step);
    }

    /**
     * Called once when the task becomes done, before its done callbacks run; the loop's tasks
     * leave the loop's registry of unfinished tasks here.
     */
    protected void finished() {
    }

    /**
     * Refused: a task's result is its coroutine's.
     *
     * @param value ignored
     * @throws UnsupportedOperationException always
     * @apiNote Mirrors {@code Task.set_result}, which raises {@code RuntimeError}.
     */
    @Override
    public void setResult(T value) {
        throw new UnsupportedOperationException("Task does not support setResult()");
    }

    /**
     * Refused: a task's exception is its coroutine's.
     *
     * @param error ignored
     * @throws UnsupportedOperationException always
     * @apiNote Mirrors {@code Task.set_exception}, which raises {@code RuntimeError}.
     */
    @Override
    public void setException(Throwable error) {
        throw new UnsupportedOperationException("Task does not support setException()");
    }

    /** Called by a future this task awaits when it becomes done. */
    final void wakeUp(Future<?> future) {
        scheduleStep();
    }

    /**
     * Runs one step of the coroutine. The loop calls this when the task's turn comes; user code
     * must not.
     *
     * @throws InvalidStateError if the task is already done
     * @apiNote Mirrors {@code Task.__step}, together with {@code Task.__wakeup}.
     */
    protected final void step() {
        if (done()) {
            throw new InvalidStateError("step(): already done: " + this);
        }
        Object value = null;
        Throwable error = null;
        Object w = waiter;
        waiter = null;
        if (w instanceof Future) {
            Future<?> f = (Future<?>) w;
            if (f.cancelled()) {
                error = f.cancelledError();
            } else if (f.exception() != null) {
                error = f.exception();
            } else {
                value = f.result();
            }
        } else if (w instanceof Throwable) {
            error = (Throwable) w;
        }
        if (mustCancel) {
            if (!(error instanceof CancelledError)) {
                error = cancelledError();
            }
            mustCancel = false;
        }
        EventLoop loop = getLoop();
        io.jasyncio.internal.SelectorEventLoop sel =
                loop instanceof io.jasyncio.internal.SelectorEventLoop ? (io.jasyncio.internal.SelectorEventLoop) loop : null;
        if (sel != null) {
            sel.enterTask(this);
        }
        try {
            run(value, error);
        } finally {
            if (sel != null) {
                sel.leaveTask(this);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void run(Object value, Throwable error) {
        Object r;
        try {
            r = coro.resume(value, error);
        } catch (CancelledError e) {
            finished();
            super.cancel(e.getMessage());
            return;
        } catch (Throwable e) {
            finished();
            super.setException(e);
            return;
        }
        if (r != Frame.SUSPENDED) {
            finished();
            if (mustCancel) {
                mustCancel = false;
                super.cancel(cancelMessage());
            } else {
                super.setResult((T) r);
            }
            return;
        }
        Object awaited = coro.awaiting();
        if (awaited instanceof io.jasyncio.internal.Sleep) {
            // A sleep is its own timer entry and re-queues this task when due: no future (W2).
            io.jasyncio.internal.Sleep<?> sleep = (io.jasyncio.internal.Sleep<?>) awaited;
            awaited = sleep.attach(this);
            if (awaited == null) {
                waiter = sleep;
                if (mustCancel && sleep.cancelTimer()) {
                    mustCancel = false;
                    wakeCancelled(cancelMessage());
                }
                return;
            }
        }
        if (awaited == null) {
            // A bare yield gives up control for one loop iteration.
            scheduleStep();
        } else if (awaited instanceof Future) {
            Future<?> f = (Future<?>) awaited;
            if (f.getLoop() != getLoop()) {
                waiter = new IllegalStateException("Task " + this + " got Future " + f
                        + " attached to a different loop");
                scheduleStep();
            } else if (f == this) {
                waiter = new IllegalStateException("Task cannot await on itself: " + this);
                scheduleStep();
            } else {
                waiter = f;
                f.addCallback(this);
                if (mustCancel && f.cancel(cancelMessage())) {
                    mustCancel = false;
                }
            }
        } else {
            waiter = new IllegalStateException("Task got bad awaitable: " + awaited);
            scheduleStep();
        }
    }

    /**
     * Requests cancellation: the coroutine will see a {@link CancelledError} at the point where
     * it waits, on the loop's next iteration at the earliest.
     *
     * @param message carried by the {@code CancelledError}, or null
     * @return false if the task is already done, true otherwise
     * @apiNote Mirrors {@code Task.cancel(msg=message)}: the request is counted (see
     *     {@link #cancelling()}) and one or many requests produce one {@code CancelledError}.
     */
    @Override
    public boolean cancel(String message) {
        if (done()) {
            return false;
        }
        cancelRequests++;
        if (waiter instanceof Future && ((Future<?>) waiter).cancel(message)) {
            return true;
        }
        if (waiter instanceof io.jasyncio.internal.Sleep && ((io.jasyncio.internal.Sleep<?>) waiter).cancelTimer()) {
            wakeCancelled(message);
            return true;
        }
        mustCancel = true;
        setCancelMessage(message);
        return true;
    }

    /**
     * What cancelling the future a sleep awaits does in asyncio, for a sleep that has no future:
     * the task's next step, queued now, throws {@code CancelledError(message)} at the sleep.
     */
    private void wakeCancelled(String message) {
        waiter = new CancelledError(message);
        scheduleStep();
    }


    @Override
    CancelledError cancelledError() {
        return new CancelledError(cancelMessage());
    }

    /**
     * How many cancellation requests are pending: {@link #cancel(String)} raises it,
     * {@link #uncancel()} lowers it.
     *
     * @return the count
     * @apiNote Mirrors {@code Task.cancelling()}.
     */
    public final int cancelling() {
        return cancelRequests;
    }

    /**
     * Withdraws one cancellation request; structured primitives such as {@code timeout} and
     * {@code TaskGroup} call it when they absorb a cancellation they issued.
     *
     * @return the remaining count
     * @apiNote Mirrors {@code Task.uncancel()}.
     */
    public final int uncancel() {
        if (cancelRequests > 0) {
            cancelRequests--;
            if (cancelRequests == 0) {
                mustCancel = false;
            }
        }
        return cancelRequests;
    }

    /**
     * The coroutine this task runs.
     *
     * @return the coroutine
     * @apiNote Mirrors {@code Task.get_coro()}.
     */
    public final Coroutine<T> getCoro() {
        return coro;
    }

    /**
     * The task's name.
     *
     * @return the name, {@code Task-N} unless set
     * @apiNote Mirrors {@code Task.get_name()}.
     */
    public final String getName() {
        String n = name;
        if (n == null) {
            n = "Task-" + id;
            name = n;
        }
        return n;
    }

    /**
     * Renames the task.
     *
     * @param name the new name
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code Task.set_name(value)}.
     */
    public final void setName(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        this.name = name;
    }

    /**
     * Describes the task as asyncio's repr does:
     * {@code <Task pending name='Task-1' coro=<Count.count() running at Count.java:12>>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Task ").append(stateName()).append(" name='").append(getName()).append("' coro=<")
                .append(coro.getName()).append("() ").append(coro.isDone() ? "done" : "running")
                .append(" at ").append(coro.location()).append('>');
        if (done() && !cancelled()) {
            Throwable e = exception();
            if (e != null) {
                sb.append(" exception=").append(e);
            } else {
                sb.append(" result=").append((Object) result());
            }
        }
        return sb.append('>').toString();
    }
}
