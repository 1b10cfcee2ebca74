package io.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A result that will be ready later: pending, then done with a result, an exception, or
 * cancelled.
 *
 * <p>Done callbacks never run inline: when the future becomes done, each callback is scheduled
 * with {@link EventLoop#callSoon(Runnable)} as its own handle, in registration order; a callback
 * added to a done future is scheduled at once. A task awaiting the future is one such callback.
 *
 * <p>Not thread-safe: use it from its loop's thread; other threads complete it through
 * {@link EventLoop#callSoonThreadsafe(Runnable)}.
 *
 * @param <T> the type of the result
 * @apiNote Mirrors {@code asyncio.Future}.
 */
public class Future<T> implements Awaitable<T> {
    private static final byte PENDING = 0;
    private static final byte CANCELLED = 1;
    private static final byte FINISHED = 2;
    /** Finished with an exception, which {@link #result} then holds (tracing reads this value). */
    private static final byte FAILED = 3;

    private final EventLoop loop;
    private byte state;
    /** Set once {@link #result()} or {@link #exception()} has handed the exception out. */
    private boolean exceptionRetrieved;
    /**
     * One field for every outcome, told apart by {@link #state}: the result (FINISHED), the
     * exception (FAILED), the cancel message (CANCELLED), and while PENDING the message of a
     * cancellation a task has been asked for but not yet delivered. Three fields cost a task 8
     * more bytes (W2: a sleeping task's {@code LoopTask} is 56 bytes with one, 64 with three).
     */
    private Object result;
    /** Null, one callback, or an ArrayList of them; a callback is a Consumer or a waiting Task. */
    private Object callbacks;

    /**
     * Creates a pending future attached to {@code loop}.
     *
     * @param loop the loop that runs its callbacks
     * @throws NullPointerException if {@code loop} is null
     * @apiNote Mirrors {@code asyncio.Future(loop=loop)}; {@link EventLoop#createFuture()} is
     *     the usual way.
     */
    public Future(EventLoop loop) {
        if (loop == null) {
            throw new NullPointerException("loop");
        }
        this.loop = loop;
    }

    /**
     * A future is awaited as itself.
     *
     * @return this future
     */
    @Override
    public final Awaitable<T> awaitTarget() {
        return this;
    }

    /**
     * The loop this future is attached to.
     *
     * @return the loop
     * @apiNote Mirrors {@code Future.get_loop()}.
     */
    public final EventLoop getLoop() {
        return loop;
    }

    /**
     * Tells whether the future is done: it has a result or an exception, or was cancelled.
     *
     * @return true once done
     * @apiNote Mirrors {@code Future.done()}.
     */
    public final boolean done() {
        return state != PENDING;
    }

    /**
     * Tells whether the future was cancelled.
     *
     * @return true once cancelled
     * @apiNote Mirrors {@code Future.cancelled()}.
     */
    public final boolean cancelled() {
        return state == CANCELLED;
    }

    /**
     * The result of the future.
     *
     * @return the result
     * @throws CancelledError if the future was cancelled
     * @throws InvalidStateError if the future is not done
     * @apiNote Mirrors {@code Future.result()}: if the future holds an exception, that very
     *     exception is thrown as it is, checked or not.
     */
    @SuppressWarnings("unchecked")
    public final T result() {
        if (state == FINISHED) {
            return (T) result;
        }
        if (state == FAILED) {
            if (!exceptionRetrieved) {
                DebugReports.exceptionRetrieved(this);
            }
            exceptionRetrieved = true;
            throw Sneaky.sneaky((Throwable) result);
        }
        if (state == CANCELLED) {
            throw cancelledError();
        }
        throw new InvalidStateError("Result is not set.");
    }

    /**
     * The exception of the future, or null if it has a result.
     *
     * @return the exception, or null
     * @throws CancelledError if the future was cancelled
     * @throws InvalidStateError if the future is not done
     * @apiNote Mirrors {@code Future.exception()}.
     */
    public final Throwable exception() {
        if (state == FINISHED) {
            exceptionRetrieved = true;
            return null;
        }
        if (state == FAILED) {
            if (!exceptionRetrieved) {
                DebugReports.exceptionRetrieved(this);
            }
            exceptionRetrieved = true;
            return (Throwable) result;
        }
        if (state == CANCELLED) {
            throw cancelledError();
        }
        throw new InvalidStateError("Exception is not set.");
    }

    /**
     * Marks the future done with a result and schedules its callbacks.
     *
     * @param value the result
     * @throws InvalidStateError if the future is already done
     * @throws IllegalStateException if the future has callbacks to schedule and its loop is
     *     closed ("Event loop is closed"); the future is done all the same and the callbacks
     *     are dropped, as in asyncio
     * @apiNote Mirrors {@code Future.set_result(result)}.
     */
    public void setResult(T value) {
        if (state != PENDING) {
            throw new InvalidStateError("invalid state");
        }
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    /**
     * Marks the future done with an exception and schedules its callbacks.
     *
     * @param error the exception
     * @throws InvalidStateError if the future is already done
     * @throws IllegalStateException if the future has callbacks to schedule and its loop is
     *     closed ("Event loop is closed"); the future is done all the same and the callbacks
     *     are dropped, as in asyncio
     * @throws NullPointerException if {@code error} is null
     * @throws IllegalArgumentException if {@code error} is a {@link StopIteration}, which would
     *     be mistaken for a coroutine's return
     * @apiNote Mirrors {@code Future.set_exception(exception)}.
     */
    public void setException(Throwable error) {
        if (error == null) {
            throw new NullPointerException("error");
        }
        if (state != PENDING) {
            throw new InvalidStateError("invalid state");
        }
        if (error instanceof StopIteration) {
            throw new IllegalArgumentException(
                    "StopIteration interacts badly with generators and cannot be raised into a Future");
        }
        result = error;
        state = FAILED;
        DebugReports.exceptionSet(this, error); // reported if never retrieved
        scheduleCallbacks();
    }

    /**
     * Cancels the future and schedules its callbacks, unless it is already done.
     *
     * @return true if the future was cancelled by this call
     * @throws IllegalStateException if the future has callbacks to schedule and its loop is
     *     closed ("Event loop is closed"); the future is done all the same and the callbacks
     *     are dropped, as in asyncio
     * @apiNote Mirrors {@code Future.cancel()}.
     */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future with a message carried by the {@link CancelledError} that awaiting it
     * raises, unless it is already done.
     *
     * @param message the message, or null
     * @return true if the future was cancelled by this call
     * @throws IllegalStateException if the future has callbacks to schedule and its loop is
     *     closed ("Event loop is closed"); the future is done all the same and the callbacks
     *     are dropped, as in asyncio
     * @apiNote Mirrors {@code Future.cancel(msg=message)}.
     */
    public boolean cancel(String message) {
        if (state != PENDING) {
            return false;
        }
        state = CANCELLED;
        result = message;
        scheduleCallbacks();
        return true;
    }

    /**
     * Adds a callback to run, through the loop, when the future is done; if it is done already
     * the callback is scheduled at once.
     *
     * @param fn the callback; it receives this future
     * @throws NullPointerException if {@code fn} is null
     * @throws IllegalStateException if the future is done and its loop is closed ("Event loop
     *     is closed"), as asyncio's {@code call_soon} raises
     * @apiNote Mirrors {@code Future.add_done_callback(fn)}.
     */
    public final void addDoneCallback(Consumer<? super Future<T>> fn) {
        if (fn == null) {
            throw new NullPointerException("fn");
        }
        addCallback(fn);
    }

    /**
     * Removes every registration of {@code fn}.
     *
     * @param fn the callback
     * @return how many registrations were removed
     * @apiNote Mirrors {@code Future.remove_done_callback(fn)}.
     */
    @SuppressWarnings("unchecked")
    public final int removeDoneCallback(Consumer<? super Future<T>> fn) {
        Object cbs = callbacks;
        if (cbs == fn) {
            callbacks = null;
            return 1;
        }
        if (cbs instanceof ArrayList) {
            List<Object> list = (List<Object>) cbs;
            int before = list.size();
            list.removeIf(c -> c == fn);
            return before - list.size();
        }
        return 0;
    }

    /**
     * Tells whether this future finished with an exception that nobody has retrieved yet, with
     * {@link #result()} or {@link #exception()}: the condition under which asyncio logs "Future
     * exception was never retrieved". Reading it retrieves nothing. For test tools and debug
     * mode; loop thread only.
     *
     * @return true if finished with an exception not yet retrieved; false if pending,
     *     cancelled, successful or retrieved
     * @apiNote Mirrors the private {@code Future._log_traceback} flag of asyncio.
     */
    public final boolean exceptionNeverRetrieved() {
        return state == FAILED && !exceptionRetrieved;
    }

    /**
     * The exception, without marking it retrieved; null if pending, cancelled or successful.
     *
     * @return the exception or null
     */
    final Throwable peekException() {
        return state == FAILED ? (Throwable) result : null;
    }

    /**
     * What awaits this future, for call graphs: the tasks suspended on it and the futures its
     * result feeds ({@link AwaiterLink} callbacks, such as a gather's). Loop thread only; a
     * copy, in registration order.
     *
     * @return a new list, empty if nothing awaits it
     */
    @SuppressWarnings("unchecked")
    final List<Future<?>> awaiters() {
        Object cbs = callbacks;
        List<Future<?>> out = new ArrayList<>(2);
        if (cbs instanceof ArrayList) {
            for (Object cb : ((List<Object>) cbs).toArray()) {
                addAwaiter(out, cb);
            }
        } else if (cbs != null) {
            addAwaiter(out, cbs);
        }
        return out;
    }

    private static void addAwaiter(List<Future<?>> out, Object cb) {
        Future<?> f = cb instanceof Task<?> task ? task : cb instanceof AwaiterLink link ? link.awaiter() : null;
        if (f != null && !out.contains(f)) {
            out.add(f);
        }
    }

    /** Registers a waiting task or a user callback; tasks register themselves through here. */
    @SuppressWarnings("unchecked")
    final void addCallback(Object cb) {
        if (state != PENDING) {
            schedule(cb);
            return;
        }
        Object cbs = callbacks;
        if (cbs == null) {
            callbacks = cb;
        } else if (cbs instanceof ArrayList) {
            ((List<Object>) cbs).add(cb);
        } else {
            List<Object> list = new ArrayList<>(4);
            list.add(cbs);
            list.add(cb);
            callbacks = list;
        }
    }

    /** Unregisters a waiting task; used when a task stops waiting (it was cancelled elsewhere). */
    @SuppressWarnings("unchecked")
    final void removeCallback(Object cb) {
        Object cbs = callbacks;
        if (cbs == cb) {
            callbacks = null;
        } else if (cbs instanceof ArrayList) {
            ((List<Object>) cbs).remove(cb);
        }
    }

    @SuppressWarnings("unchecked")
    private void scheduleCallbacks() {
        Object cbs = callbacks;
        if (cbs == null) {
            return;
        }
        callbacks = null;
        if (cbs instanceof ArrayList) {
            for (Object cb : (List<Object>) cbs) {
                schedule(cb);
            }
        } else {
            schedule(cbs);
        }
    }

    @SuppressWarnings("unchecked")
    private void schedule(Object cb) {
        // asyncio's call_soon refuses a closed loop, and the state change that got here stays
        // (the callbacks are dropped): a waiter would otherwise stay pending for ever, unseen.
        if (loop.isClosed()) {
            throw new IllegalStateException("Event loop is closed");
        }
        if (cb instanceof Task<?> task) {
            task.wakeUp(this);
        } else {
            Consumer<? super Future<T>> fn = (Consumer<? super Future<T>>) cb;
            loop.callSoon(() -> fn.accept(this));
        }
    }

    /**
     * A {@link CompletableFuture} completed, on the loop's thread, when this future is done:
     * with its result, its exception, or a {@link java.util.concurrent.CancellationException}
     * if it was cancelled. Lets threads outside the loop wait for a task ({@code join()}) or
     * chain JDK stages on it. Cancelling the returned stage does not cancel this future.
     *
     * @return a new stage that follows this future
     * @apiNote The reverse of {@code asyncio.wrap_future}; awaiting a {@link CompletionStage}
     *     inside a coroutine is the other direction.
     */
    public final CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>();
        addCallback((Consumer<Future<T>>) f -> {
            if (f.cancelled()) {
                cf.cancel(false);
            } else if (f.exception() != null) {
                cf.completeExceptionally(f.exception());
            } else {
                cf.complete(f.result());
            }
        });
        return cf;
    }

    /**
     * The exception awaiting a cancelled future raises.
     *
     * @return a new {@link CancelledError} carrying the cancel message
     */
    CancelledError cancelledError() {
        return new CancelledError(cancelMessage());
    }

    /**
     * The message given to {@link #cancel(String)}, or null.
     *
     * @return the cancel message
     */
    final String cancelMessage() {
        return state == CANCELLED || state == PENDING ? (String) result : null;
    }

    /**
     * Records the message of a cancellation requested but not yet done: a task keeps its
     * pending request's message here, where asyncio's task keeps it too ({@code _cancel_message}
     * is the future's field), rather than in a field of its own.
     *
     * @param message the message, or null
     */
    final void setCancelMessage(String message) {
        if (state == PENDING) {
            result = message;
        }
    }

    /**
     * A word for the state: {@code pending}, {@code cancelled} or {@code finished}.
     *
     * @return the state's name, as asyncio's repr prints it
     */
    final String stateName() {
        return state == PENDING ? "pending" : state == CANCELLED ? "cancelled" : "finished";
    }

    /**
     * Describes the future as asyncio's repr does: {@code <Future pending cb=[Task.task_wakeup()]>},
     * {@code <Future finished result='ok'>} (the result as {@code reprlib.repr} prints it),
     * {@code <Future finished exception=IllegalStateException('bad')>}, {@code <Future
     * cancelled>}. Callbacks are named as {@link Handle#toString()} explains.
     *
     * @return the description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(reprName()).append(' ');
        reprState(sb);
        if (state == FAILED) {
            sb.append(" exception=").append(Reprs.exception((Throwable) result));
        } else if (state == FINISHED) {
            sb.append(" result=").append(Reprs.value(result));
        }
        reprCallbacks(sb);
        return sb.append('>').toString();
    }

    /** The class name the repr shows: a subclass's own, as {@code self.__class__.__name__}. */
    String reprName() {
        return getClass().getSimpleName();
    }

    /** The state and what a subclass shows before the outcome (a task's name and coroutine). */
    void reprState(StringBuilder sb) {
        sb.append(stateName());
    }

    @SuppressWarnings("unchecked")
    private void reprCallbacks(StringBuilder sb) {
        Object cbs = callbacks;
        if (cbs instanceof ArrayList) {
            List<Object> list = (List<Object>) cbs;
            if (!list.isEmpty()) {
                sb.append(' ').append(Reprs.callbacks(list));
            }
        } else if (cbs != null) {
            sb.append(' ').append(Reprs.callbacks(List.of(cbs)));
        }
    }
}
