package io.jasyncio;

import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.internal.Sleep;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code asyncio} module: static entry points, meant to be imported with
 * {@code import static io.jasyncio.Asyncio.*;}.
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Void> count() {
 *     System.out.println("One");
 *     await(sleep(1));
 *     System.out.println("Two");
 *     return done();
 * }
 *
 * @Async
 * static Coroutine<Void> main() {
 *     await(gather(count(), count(), count()));
 *     return done();
 * }
 *
 * public static void main(String[] args) {
 *     run(main());
 * }
 * }</pre>
 *
 * @apiNote Mirrors the {@code asyncio} package's top-level functions.
 */
public final class Asyncio {
    private Asyncio() {}

    /**
     * Runs {@code main} on a new event loop until it is done, then closes the loop, and returns
     * its result. Closing cancels the remaining tasks, closes the unfinished async generators
     * ({@link EventLoop#shutdownAsyncgens()}) and shuts the default executor down, as
     * {@link Runner#close()} does.
     *
     * @param main the coroutine to run
     * @param <T> the result type
     * @return the coroutine's result
     * @throws IllegalStateException if an event loop is already running in this thread
     * @apiNote Mirrors {@code asyncio.run(main)}. An exception of {@code main} is rethrown as
     *     it is, checked or not.
     */
    public static <T> T run(Coroutine<T> main) {
        return run(main, Boolean.getBoolean("jasyncio.debug"));
    }

    /**
     * Runs {@code main} on a new event loop, with debug mode on or off, until it is done, then
     * closes the loop, and returns its result.
     *
     * @param main the coroutine to run
     * @param debug whether the loop runs in debug mode
     * @param <T> the result type
     * @return the coroutine's result
     * @throws IllegalStateException if an event loop is already running in this thread
     * @apiNote Mirrors {@code asyncio.run(main, debug=debug)}.
     */
    public static <T> T run(Coroutine<T> main, boolean debug) {
        if (main == null) {
            throw new NullPointerException("main");
        }
        if (EventLoop.runningLoop() != null) {
            throw new IllegalStateException("asyncio.run() cannot be called from a running event loop");
        }
        try (Runner runner = new Runner(debug)) {
            return runner.run(main);
        }
    }

    /**
     * Waits for {@code awaitable} and returns its value; usable only in a method marked
     * {@link Async @Async}, which the agent rewrites so that this call suspends the coroutine
     * instead of running.
     *
     * @param awaitable a coroutine, future or task
     * @param <T> the value's type
     * @return the value (in rewritten code)
     * @throws IllegalStateException always, when reached: the calling method was not rewritten,
     *     because it is not marked {@code @Async} or the agent is not attached
     * @apiNote Mirrors the {@code await} expression.
     */
    public static <T> T await(Awaitable<T> awaitable) {
        throw NotInstrumented.await();
    }

    /**
     * Waits for {@code awaitable} exactly as {@link #await(Awaitable)} does, and tells javac that
     * the wait may throw the checked exception {@code mayThrow}, so that the caller can catch it
     * by its type although the awaited coroutine's method does not declare it (declaring it there
     * would make every caller that merely creates the coroutine handle it):
     *
     * <pre>{@code
     * @Async
     * static Coroutine<Row> query() {                 // throws SQLException when awaited
     *     ResultSet rs = await(toThread(() -> statement.executeQuery()));
     *     ...
     * }
     *
     * try {
     *     Row row = await(query(), SQLException.class);
     * } catch (SQLException e) {
     *     ...
     * }
     * }</pre>
     *
     * <p>The class is only a declaration for the compiler: nothing checks it at run time, and
     * whatever the awaited coroutine, future or task throws reaches the caller unchanged, the
     * same object, whatever its type, named or not. The agent rewrites this call exactly like
     * {@code await(awaitable)}.
     *
     * @param awaitable a coroutine, future or task
     * @param mayThrow the checked exception the caller wants to catch, such as
     *     {@code SQLException.class}
     * @param <T> the value's type
     * @param <X> the declared exception's type
     * @return the value (in rewritten code)
     * @throws X when the awaited coroutine, future or task throws it (as it throws anything else)
     * @throws IllegalStateException always, when reached: the calling method was not rewritten,
     *     because it is not marked {@code @Async} or the agent is not attached
     * @apiNote Mirrors the {@code await} expression; Python has no checked exceptions, Java needs
     *     this to catch one that the awaited coroutine throws.
     */
    public static <T, X extends Throwable> T await(Awaitable<T> awaitable, Class<X> mayThrow) throws X {
        throw NotInstrumented.await();
    }

    /**
     * Waits for any {@link CompletionStage}, such as a {@link java.util.concurrent.CompletableFuture}
     * completed by another thread; usable only in a method marked {@link Async @Async}.
     *
     * @param stage the stage
     * @param <T> the value's type
     * @return the value (in rewritten code)
     * @throws IllegalStateException always, when reached: the calling method was not rewritten
     * @apiNote Mirrors awaiting {@code asyncio.wrap_future(f)}.
     */
    public static <T> T await(CompletionStage<T> stage) {
        throw NotInstrumented.await();
    }

    /**
     * Returns {@code value} from an {@link Async @Async} method: {@code return done(v);} is the
     * spelling of {@code return v} in a coroutine.
     *
     * @param value the coroutine's result
     * @param <T> the result type
     * @return never returns when reached (see below)
     * @throws IllegalStateException always, when reached: the agent replaces this call in the
     *     methods it rewrites, so reaching it means the calling method was not rewritten
     */
    public static <T> Coroutine<T> done(T value) {
        throw NotInstrumented.done();
    }

    /**
     * Returns from an {@link Async @Async} method of type {@code Coroutine<Void>}.
     *
     * @return never returns when reached (see {@link #done(Object)})
     * @throws IllegalStateException always, when reached: the calling method was not rewritten
     */
    public static Coroutine<Void> done() {
        throw NotInstrumented.done();
    }

    /**
     * A coroutine that sleeps for {@code seconds} of loop time; {@code sleep(0)} yields to the
     * loop exactly once.
     *
     * @param seconds how long to sleep
     * @return the coroutine; nothing happens until it is awaited
     * @apiNote Mirrors {@code asyncio.sleep(delay)}.
     */
    public static Coroutine<Void> sleep(double seconds) {
        return seconds > 0 ? Sleep.of(seconds, null) : new BareYield<>();
    }

    /**
     * A coroutine that sleeps for {@code delay} of loop time.
     *
     * @param delay how long to sleep
     * @return the coroutine; nothing happens until it is awaited
     * @apiNote Mirrors {@code asyncio.sleep(delay)}.
     */
    public static Coroutine<Void> sleep(Duration delay) {
        return sleep(delay.toNanos() / 1e9);
    }

    /**
     * A coroutine that sleeps for {@code seconds} of loop time and then produces {@code result}.
     *
     * @param seconds how long to sleep
     * @param result the value the await produces
     * @param <T> the result type
     * @return the coroutine; nothing happens until it is awaited
     * @apiNote Mirrors {@code asyncio.sleep(delay, result)}.
     */
    public static <T> Coroutine<T> sleep(double seconds, T result) {
        return result == null && !(seconds > 0) ? new BareYield<>() : Sleep.of(seconds, result);
    }

    /**
     * Runs awaitables concurrently and gathers their results, in argument order. Coroutines are
     * wrapped in tasks on the running loop.
     *
     * <p>The first child to fail makes the gather fail with that exception at once; the other
     * children keep running. Cancelling the gather cancels every unfinished child. A cancelled
     * child makes the gather fail with {@link CancelledError}.
     *
     * @param aws the awaitables
     * @return a future of the list of results
     * @throws IllegalStateException if a coroutine is given and no loop is running
     * @apiNote Mirrors {@code asyncio.gather(*aws)}.
     */
    public static Future<List<Object>> gather(Awaitable<?>... aws) {
        return GatheringFuture.gather(EventLoop.runningLoop(), false, aws);
    }

    /**
     * Like {@link #gather(Awaitable...)}, but with {@code returnExceptions} true a child's
     * exception (or {@link CancelledError}) is put in the result list instead of failing the
     * gather.
     *
     * @param returnExceptions whether exceptions become results
     * @param aws the awaitables
     * @return a future of the list of results
     * @throws IllegalStateException if a coroutine is given and no loop is running
     * @apiNote Mirrors {@code asyncio.gather(*aws, return_exceptions=...)}.
     */
    public static Future<List<Object>> gather(boolean returnExceptions, Awaitable<?>... aws) {
        return GatheringFuture.gather(EventLoop.runningLoop(), returnExceptions, aws);
    }

    /**
     * Runs awaitables of one type concurrently and gathers their results, in order.
     *
     * @param aws the awaitables
     * @param <T> the results' type
     * @return a future of the list of results
     * @throws IllegalStateException if a coroutine is given and no loop is running
     * @apiNote Mirrors {@code asyncio.gather(*aws)}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<List<T>> gatherAll(List<? extends Awaitable<? extends T>> aws) {
        return (Future) GatheringFuture.gather(EventLoop.runningLoop(), false, aws.toArray(new Awaitable<?>[0]));
    }

    /**
     * Wraps {@code coro} in a task on the running loop; it starts on the loop's next iteration.
     *
     * @param coro the coroutine
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if no loop is running in this thread
     * @apiNote Mirrors {@code asyncio.create_task(coro)}.
     */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return getRunningLoop().createTask(coro);
    }

    /**
     * Wraps {@code coro} in a named task on the running loop.
     *
     * @param coro the coroutine
     * @param name the task's name
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if no loop is running in this thread
     * @apiNote Mirrors {@code asyncio.create_task(coro, name=name)}.
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return getRunningLoop().createTask(coro, name);
    }

    /**
     * Wraps {@code coro} in a named task on the running loop, whose steps run in {@code
     * context}.
     *
     * @param coro the coroutine
     * @param name the task's name, or null for {@code Task-N}
     * @param context the context every step runs in; null for a copy of the current one
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if no loop is running in this thread
     * @apiNote Mirrors {@code asyncio.create_task(coro, name=name, context=context)}.
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        return getRunningLoop().createTask(coro, name, context);
    }

    /**
     * Turns an awaitable into a future: a future is returned as is, a coroutine is wrapped in a
     * task on {@code loop}, and another awaitable is replaced by its {@link
     * Awaitable#awaitTarget()} first.
     *
     * @param aw the awaitable
     * @param loop the loop for a new task; null means the running loop
     * @param <T> the result type
     * @return the future
     * @throws IllegalStateException if a coroutine is given, {@code loop} is null and no loop is
     *     running
     * @throws IllegalArgumentException if {@code aw} is a {@link Generator}, which is an
     *     awaitable only at run time (Python 3.12's {@code TypeError})
     * @apiNote Mirrors {@code asyncio.ensure_future(aw, loop=loop)}.
     */
    public static <T> Future<T> ensureFuture(Awaitable<T> aw, EventLoop loop) {
        if (aw instanceof Future) {
            return (Future<T>) aw;
        }
        if (aw == null) {
            throw new NullPointerException("aw");
        }
        if (aw instanceof Generator) {
            throw new IllegalArgumentException("An asyncio.Future, a coroutine or an awaitable is required");
        }
        Awaitable<T> target = Coroutine.Engine.resolve(aw);
        if (target instanceof Future) {
            return (Future<T>) target;
        }
        return (loop != null ? loop : getRunningLoop()).createTask((Coroutine<T>) target);
    }

    // ---------------------------------------------------------------------------------------
    // Timeouts, waiting, shielding, task groups

    /**
     * A coroutine that awaits {@code aw} with a time limit: if it is not done within
     * {@code timeout} seconds, it is cancelled, the wait goes on until it has finished
     * cancelling, and then {@link TimeoutError} is raised (its cause is the
     * {@link CancelledError}). A coroutine is run inside the calling task, not wrapped in a new
     * task. A timeout of zero or less cancels {@code aw} at once unless it is already done
     * (a coroutine is then wrapped in a task that is cancelled before it starts).
     * {@link Double#POSITIVE_INFINITY} means no limit.
     *
     * <p>Cancelling the awaiting task cancels {@code aw} and raises {@link CancelledError}, not
     * {@code TimeoutError}: the timeout only claims the cancellation it issued itself (see
     * {@link Timeout}). If {@code aw} swallows the cancellation and returns a value, that value
     * is returned.
     *
     * @param aw a coroutine, future or task
     * @param timeout the limit in seconds of loop time
     * @param <T> the result type
     * @return the coroutine; nothing happens until it is awaited (in a task)
     * @throws NullPointerException if {@code aw} is null
     * @apiNote Mirrors {@code asyncio.wait_for(aw, timeout)} as implemented in Python 3.12 (on
     *     top of {@code asyncio.timeout}); Python 3.11 wrapped a coroutine in a task instead.
     *     When awaited outside a task it fails with {@link IllegalStateException}.
     */
    public static <T> Coroutine<T> waitFor(Awaitable<T> aw, double timeout) {
        return new WaitFor<>(aw, timeout);
    }

    /**
     * Like {@link #waitFor(Awaitable, double)}, with the limit as a {@link Duration}; a null
     * duration means no limit.
     *
     * @param aw a coroutine, future or task
     * @param timeout the limit, or null to wait for ever
     * @param <T> the result type
     * @return the coroutine; nothing happens until it is awaited (in a task)
     * @throws NullPointerException if {@code aw} is null
     * @apiNote Mirrors {@code asyncio.wait_for(aw, timeout)}; null is Python's {@code None}.
     */
    public static <T> Coroutine<T> waitFor(Awaitable<T> aw, Duration timeout) {
        return new WaitFor<>(aw, timeout == null ? null : timeout.toNanos() / 1e9);
    }

    /**
     * A coroutine that waits for futures until all are done, with no time limit.
     *
     * @param fs the futures (coroutines must be wrapped in tasks first)
     * @return the coroutine, giving the done and pending futures
     * @throws IllegalArgumentException if {@code fs} is empty
     * @throws NullPointerException if {@code fs} or one of its futures is null
     * @apiNote Mirrors {@code asyncio.wait(fs)}; see {@link #waitTasks(Collection, double, ReturnWhen)}.
     */
    public static Coroutine<DoneAndPending> waitTasks(Collection<? extends Future<?>> fs) {
        return new WaitTasks(fs, null, ReturnWhen.ALL_COMPLETED);
    }

    /**
     * A coroutine that waits for futures, with no time limit, until {@code returnWhen} says.
     *
     * @param fs the futures (coroutines must be wrapped in tasks first)
     * @param returnWhen when to return
     * @return the coroutine, giving the done and pending futures
     * @throws IllegalArgumentException if {@code fs} is empty
     * @throws NullPointerException if an argument or one of the futures is null
     * @apiNote Mirrors {@code asyncio.wait(fs, return_when=...)}.
     */
    public static Coroutine<DoneAndPending> waitTasks(Collection<? extends Future<?>> fs, ReturnWhen returnWhen) {
        return new WaitTasks(fs, null, returnWhen);
    }

    /**
     * A coroutine that waits for futures until {@code returnWhen} says or {@code timeout}
     * seconds pass, and gives the futures done and pending at that point. It never raises
     * {@link TimeoutError} and never cancels the futures; the same future given twice counts
     * once. It always goes through the loop at least once, even if every future is done.
     * Cancelling the awaiting task raises {@link CancelledError} in it and leaves the futures
     * alone.
     *
     * @param fs the futures (coroutines must be wrapped in tasks first)
     * @param timeout the limit in seconds of loop time; {@link Double#POSITIVE_INFINITY} for none
     * @param returnWhen when to return
     * @return the coroutine, giving the done and pending futures (see {@link DoneAndPending} for
     *     their order)
     * @throws IllegalArgumentException if {@code fs} is empty
     * @throws NullPointerException if an argument or one of the futures is null
     * @apiNote Mirrors {@code asyncio.wait(fs, timeout=..., return_when=...)}. Python checks
     *     its arguments when the coroutine runs; jasyncio checks them at the call.
     */
    public static Coroutine<DoneAndPending> waitTasks(
            Collection<? extends Future<?>> fs, double timeout, ReturnWhen returnWhen) {
        return new WaitTasks(fs, timeout, returnWhen);
    }

    /**
     * Like {@link #waitTasks(Collection, double, ReturnWhen)}, with the limit as a {@link Duration};
     * null means no limit.
     *
     * @param fs the futures
     * @param timeout the limit, or null
     * @param returnWhen when to return
     * @return the coroutine, giving the done and pending futures
     * @throws IllegalArgumentException if {@code fs} is empty
     * @throws NullPointerException if {@code fs}, {@code returnWhen} or a future is null
     * @apiNote Mirrors {@code asyncio.wait(fs, timeout=..., return_when=...)}.
     */
    public static Coroutine<DoneAndPending> waitTasks(
            Collection<? extends Future<?>> fs, Duration timeout, ReturnWhen returnWhen) {
        return new WaitTasks(fs, timeout == null ? null : timeout.toNanos() / 1e9, returnWhen);
    }

    /**
     * Runs awaitables concurrently (coroutines are wrapped in tasks at once) and returns one
     * coroutine per distinct awaitable; awaiting the returned coroutines in list order gives the
     * results in completion order, the first one the result of whichever finished first. An
     * awaitable that failed makes its coroutine throw its exception.
     *
     * <pre>{@code
     * for (Coroutine<String> next : asCompleted(List.of(fetch("a"), fetch("b")), 10)) {
     *     String first = await(next);
     * }
     * }</pre>
     *
     * <p>When {@code timeout} seconds pass, every coroutine not yet given an awaitable raises
     * {@link TimeoutError}; the awaitables are not cancelled. Cancelling a task that awaits one
     * of the coroutines raises {@link CancelledError} in it and leaves the awaitables alone.
     *
     * @param fs the awaitables
     * @param timeout the limit in seconds of loop time; {@link Double#POSITIVE_INFINITY} for none
     * @param <T> the results' type
     * @return an unmodifiable list of coroutines, one per distinct awaitable, each to be awaited
     *     once
     * @throws IllegalStateException if no loop is running in this thread
     * @apiNote Mirrors {@code asyncio.as_completed(fs, timeout=...)} (Python 3.12), which
     *     returns an iterator of coroutines; Java returns them as a list, creating the tasks at
     *     the call rather than at the first {@code next()}.
     */
    public static <T> List<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> fs, double timeout) {
        return AsCompleted.start(fs, timeout);
    }

    /**
     * Like {@link #asCompleted(Collection, double)} with no time limit.
     *
     * @param fs the awaitables
     * @param <T> the results' type
     * @return an unmodifiable list of coroutines, one per distinct awaitable
     * @throws IllegalStateException if no loop is running in this thread
     * @apiNote Mirrors {@code asyncio.as_completed(fs)}.
     */
    public static <T> List<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> fs) {
        return AsCompleted.start(fs, null);
    }

    /**
     * Protects an awaitable from cancellation: returns a future that completes as {@code aw}
     * does, but whose cancellation (for instance because the task awaiting it is cancelled)
     * does not cancel {@code aw}, which runs on. If {@code aw} itself is cancelled, the returned
     * future is cancelled too. A coroutine is wrapped in a task; an already done future is
     * returned as is.
     *
     * @param aw a coroutine, future or task
     * @param <T> the result type
     * @return the outer future
     * @throws IllegalStateException if a coroutine is given and no loop is running
     * @apiNote Mirrors {@code asyncio.shield(aw)}. jasyncio keeps unfinished tasks reachable,
     *     so the shielded task cannot vanish when nothing else refers to it.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<T> shield(Awaitable<T> aw) {
        Future<T> inner = ensureFuture(aw, null);
        if (inner.done()) {
            return inner;
        }
        Future<T> outer = inner.getLoop().createFuture();
        Consumer<Future<T>> innerDone = in -> {
            if (outer.cancelled()) {
                if (!in.cancelled()) {
                    in.exception(); // mark it retrieved
                }
                return;
            }
            if (in.cancelled()) {
                outer.cancel();
            } else if (in.exception() != null) {
                outer.setException(in.exception());
            } else {
                outer.setResult(in.result());
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(out -> {
            if (!inner.done()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }

    /**
     * A coroutine that runs {@code body} in the awaiting task with a deadline {@code delay}
     * seconds from now: past it, the task is cancelled and the {@link CancelledError} leaving
     * the body becomes a {@link TimeoutError}.
     *
     * <pre>{@code
     * String page = await(timeout(10, () -> fetch(url)));   // async with asyncio.timeout(10):
     * }</pre>
     *
     * @param delay seconds of loop time, counted from this call
     * @param body creates the body's coroutine when the timeout is entered
     * @param <T> the body's result type
     * @return the coroutine; the deadline starts counting now, the body runs when awaited
     * @throws IllegalStateException if no loop is running in this thread; when awaited, if not
     *     in a task
     * @apiNote Mirrors {@code async with asyncio.timeout(delay):} (Python 3.12); see
     *     {@link Timeout} for cancellation.
     */
    public static <T> Coroutine<T> timeout(double delay, Supplier<? extends Coroutine<T>> body) {
        return timeout(delay, t -> body.get());
    }

    /**
     * Like {@link #timeout(double, Supplier)}, handing the {@link Timeout} to the body, which can
     * {@linkplain Timeout#reschedule reschedule} it.
     *
     * @param delay seconds of loop time, counted from this call
     * @param body creates the body's coroutine from the entered timeout
     * @param <T> the body's result type
     * @return the coroutine
     * @throws IllegalStateException if no loop is running in this thread; when awaited, if not
     *     in a task
     * @apiNote Mirrors {@code async with asyncio.timeout(delay) as t:}.
     */
    public static <T> Coroutine<T> timeout(double delay, Function<Timeout, ? extends Coroutine<T>> body) {
        double now = getRunningLoop().time();
        return timeoutAt(Double.isInfinite(delay) ? null : now + delay, body);
    }

    /**
     * Like {@link #timeout(double, Supplier)}, with an absolute deadline.
     *
     * @param when the deadline in {@link EventLoop#time()} seconds, or null for none
     * @param body creates the body's coroutine when the timeout is entered
     * @param <T> the body's result type
     * @return the coroutine
     * @throws IllegalStateException when awaited, if not in a task
     * @apiNote Mirrors {@code async with asyncio.timeout_at(when):}.
     */
    public static <T> Coroutine<T> timeoutAt(Double when, Supplier<? extends Coroutine<T>> body) {
        return timeoutAt(when, t -> body.get());
    }

    /**
     * Like {@link #timeoutAt(Double, Supplier)}, handing the {@link Timeout} to the body.
     *
     * @param when the deadline in {@link EventLoop#time()} seconds, or null for none
     * @param body creates the body's coroutine from the entered timeout
     * @param <T> the body's result type
     * @return the coroutine
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException when awaited, if not in a task
     * @apiNote Mirrors {@code async with asyncio.timeout_at(when) as t:}.
     */
    public static <T> Coroutine<T> timeoutAt(Double when, Function<Timeout, ? extends Coroutine<T>> body) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        return new Timeout.Scope<T>(new Timeout(when), body);
    }

    /**
     * A coroutine that runs {@code body} with a new {@link TaskGroup} and then waits until every
     * task of the group is done. The first task to fail cancels the other tasks and the body;
     * the failures (the body's own last) are then raised together in an {@link ExceptionGroup}.
     * Cancelling the awaiting task cancels the body and every task of the group, and raises
     * {@link CancelledError} once they are done.
     *
     * <pre>{@code
     * await(taskGroup(tg -> {                // async with asyncio.TaskGroup() as tg:
     *     tg.createTask(work("a"));
     *     tg.createTask(work("b"));
     *     return sleep(0);
     * }));
     * }</pre>
     *
     * @param body creates the body's coroutine from the entered group
     * @param <T> the body's result type
     * @return the coroutine, giving the body's result
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException when awaited, if not in a task
     * @apiNote Mirrors {@code async with asyncio.TaskGroup() as tg:} (Python 3.12); see
     *     {@link TaskGroup}.
     */
    public static <T> Coroutine<T> taskGroup(Function<TaskGroup, ? extends Coroutine<T>> body) {
        return new TaskGroup.Scope<T>(new TaskGroup(), body);
    }

    /**
     * Runs {@code body} with an async generator and then closes the generator, however the body
     * ends: the generator's {@code finally} blocks run before this coroutine completes, even if
     * the body stopped iterating early, failed or was cancelled.
     *
     * <pre>{@code
     * String first = await(aclosing(lines(reader), g -> findFirst(g, "ERROR")));
     * // async with contextlib.aclosing(lines(reader)) as g:
     * //     first = await find_first(g, "ERROR")
     * }</pre>
     *
     * <p>If both the body and {@link AsyncGenerator#aclose()} fail, the body's exception is
     * thrown with the other added as suppressed, as Java's try-with-resources does.
     *
     * @param gen the generator to close
     * @param body creates the coroutine to run with {@code gen}
     * @param <G> the generator's type
     * @param <T> the body's result type
     * @return the coroutine, giving the body's result
     * @throws NullPointerException if {@code gen} or {@code body} is null, or (when awaited)
     *     if {@code body} returns null
     * @apiNote Mirrors {@code async with contextlib.aclosing(gen) as g: return await body(g)}.
     *     Java's {@link AutoCloseable#close()} cannot await, so the asynchronous close is a
     *     wrapper around the body, as {@link #taskGroup} is.
     */
    public static <G extends AsyncGenerator<?, ?>, T> Coroutine<T> aclosing(
            G gen, Function<? super G, ? extends Coroutine<T>> body) {
        return new Aclosing<G, T>(Objects.requireNonNull(gen, "gen"), Objects.requireNonNull(body, "body"));
    }

    /**
     * Makes a generator awaitable: the coroutine returned runs {@code generator} as a
     * generator-based coroutine. Where the generator yields {@code null}, the awaiting task
     * gives up control for one loop iteration ({@code sleep(0)}); where it yields an awaitable
     * (a future, a task, a coroutine), the task awaits it and the generator's {@code
     * Yield.value} returns its result (or throws its exception); any other value is thrown back
     * in as {@link IllegalStateException} ("Task got bad yield: ..."). The generator's return
     * value is the coroutine's result.
     *
     * <pre>{@code
     * static Generator<Object, Object, Void> switchTasks() {
     *     Yield.value(null);                  // @types.coroutine def switch(): yield
     *     return Yield.done();
     * }
     * await(coroutine(switchTasks()));
     * }</pre>
     *
     * @param generator a generator that has not started
     * @param <R> the generator's return type
     * @return a coroutine, awaitable once
     * @throws NullPointerException if {@code generator} is null
     * @apiNote Mirrors {@code types.coroutine}, applied to the generator rather than to its
     *     function, and not deprecated (unlike {@link GeneratorCoroutine}, Python's {@code
     *     asyncio.coroutine}). {@code Yield.value(awaitable)} here plays {@code yield from
     *     awaitable}, which a plain generator cannot spell in Java.
     */
    public static <R> Coroutine<R> coroutine(Generator<?, ?, R> generator) {
        if (generator == null) {
            throw new NullPointerException("generator");
        }
        return new GeneratorAsCoroutine<>(generator);
    }

    /**
     * The event loop running in this thread.
     *
     * @return the running loop
     * @throws IllegalStateException if no loop is running in this thread
     * @apiNote Mirrors {@code asyncio.get_running_loop()}.
     */
    public static EventLoop getRunningLoop() {
        EventLoop loop = EventLoop.runningLoop();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /**
     * The running loop, else the loop {@link #setEventLoop} made this thread's current one.
     *
     * @return the loop
     * @throws IllegalStateException if no loop runs in this thread and none was set ("There is
     *     no current event loop in thread 'main'.")
     * @apiNote Mirrors {@code asyncio.get_event_loop()} as Python 3.14 has it: where 3.12 and
     *     3.13 create a loop in the main thread (with a {@code DeprecationWarning}) and 3.10 and
     *     3.11 did so silently, jasyncio never creates one implicitly; use {@link #run}, a
     *     {@link Runner} or {@link #newEventLoop()}.
     */
    public static EventLoop getEventLoop() {
        ThreadState state = ThreadState.get();
        EventLoop loop = state.runningLoop;
        if (loop == null) {
            loop = state.eventLoop;
        }
        if (loop == null) {
            throw new IllegalStateException("There is no current event loop in thread '"
                    + Thread.currentThread().getName() + "'.");
        }
        return loop;
    }

    /**
     * Makes {@code loop} this thread's current loop, which {@link #getEventLoop()} returns while
     * no loop runs here.
     *
     * @param loop the loop, or null to forget the current one
     * @apiNote Mirrors {@code asyncio.set_event_loop(loop)}.
     */
    public static void setEventLoop(EventLoop loop) {
        ThreadState.get().eventLoop = loop;
    }

    /**
     * Creates a new event loop, not running and not attached to any thread yet; in debug mode
     * if the system property {@code jasyncio.debug} is {@code true}.
     *
     * @return the loop
     * @apiNote Mirrors {@code asyncio.new_event_loop()}.
     */
    public static EventLoop newEventLoop() {
        return new SelectorEventLoop();
    }

    /**
     * Creates a new event loop on virtual time: when nothing is ready to run, the loop jumps
     * {@code clock} to the next timer's deadline instead of waiting, so {@code sleep(3600)}
     * returns at once with {@link EventLoop#time()} advanced by 3600. Test tools move the clock
     * by hand between {@link EventLoop#step()}s.
     *
     * @param clock the loop's clock, which the loop moves from now on
     * @return the loop, not running and not attached to any thread yet
     * @throws NullPointerException if {@code clock} is null
     * @apiNote asyncio has none; see {@link Runner#virtualTime()}.
     */
    public static EventLoop newEventLoop(VirtualClock clock) {
        return new SelectorEventLoop(clock);
    }

    /**
     * The task running in this thread's running loop: null in a callback, or between steps.
     *
     * @return the current task, or null
     * @throws IllegalStateException ("no running event loop") if no loop runs in this thread
     * @apiNote Mirrors {@code asyncio.current_task()}, which raises {@code RuntimeError} with
     *     the same message.
     */
    public static Task<?> currentTask() {
        return getRunningLoop().currentTask;
    }

    /** The current task, or null if no loop or no task runs in this thread; never throws. */
    static Task<?> currentTaskOrNull() {
        EventLoop loop = EventLoop.runningLoop();
        return loop == null ? null : loop.currentTask;
    }

    // ------------------------------------------------------------------------------------------
    // Call graphs and task dumps (issue 8)

    /**
     * The async call graph of the current task: where its coroutine is (its live stack,
     * innermost first) and, recursively, what awaits it.
     *
     * @return the graph, or null when no task is running in this thread
     * @apiNote Mirrors {@code asyncio.capture_call_graph()} of Python 3.14.
     */
    public static FutureCallGraph captureCallGraph() {
        Task<?> t = currentTaskOrNull();
        return t == null ? null : CallGraph.capture(t);
    }

    /**
     * The async call graph of {@code future}: for a task, the chain of coroutine frames it is
     * suspended in, innermost first; and, recursively, what awaits it: tasks suspended on it,
     * the gather it is a child of, the parent task of its task group. Loop thread only.
     *
     * @param future the future or task
     * @return the graph
     * @throws NullPointerException if {@code future} is null
     * @apiNote Mirrors {@code asyncio.capture_call_graph(future)} of Python 3.14.
     */
    public static FutureCallGraph captureCallGraph(Future<?> future) {
        if (future == null) {
            throw new NullPointerException("future");
        }
        return CallGraph.capture(future);
    }

    /**
     * Formats a call graph in Python's layout:
     * <pre>
     * * Task(name='worker', id=0x1b6d3586)
     *   + Call stack:
     *   |   File 'App.java', line 12, in App.worker()
     *   + Awaited by:
     *       * Future(id=0x4554617c)
     *         + Awaited by:
     *             * Task(name='Task-1', id=0x74a14482)
     * </pre>
     *
     * @param graph the graph
     * @return the text, one line per item, each ending with a line break
     * @throws NullPointerException if {@code graph} is null
     * @apiNote Mirrors {@code asyncio.format_call_graph()} of Python 3.14.
     */
    public static String formatCallGraph(FutureCallGraph graph) {
        return CallGraph.format(graph);
    }

    /**
     * Prints the call graph of the current task to {@code out}, or nothing outside a task.
     *
     * @param out where to print
     * @throws NullPointerException if {@code out} is null
     * @apiNote Mirrors {@code asyncio.print_call_graph(file=out)} of Python 3.14.
     */
    public static void printCallGraph(PrintStream out) {
        if (out == null) {
            throw new NullPointerException("out");
        }
        FutureCallGraph g = captureCallGraph();
        if (g != null) {
            out.print(CallGraph.format(g));
            out.flush();
        }
    }

    /**
     * Prints the call graph of {@code future} to {@code out}.
     *
     * @param future the future or task
     * @param out where to print
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code asyncio.print_call_graph(future, file=out)} of Python 3.14.
     */
    public static void printCallGraph(Future<?> future, PrintStream out) {
        if (out == null) {
            throw new NullPointerException("out");
        }
        out.print(CallGraph.format(captureCallGraph(future)));
        out.flush();
    }

    /**
     * A dump of every unfinished task of {@code loop}, in creation order, as a Java thread dump
     * lists threads:
     * <pre>
     * Task&lt;worker-1&gt; coro=&lt;App.worker() running at App.java:12&gt;
     *     at io.jasyncio.internal.Sleep.sleep(Sleep.java)
     *     at App.worker(App.java:12)
     *     awaited by Task&lt;Task-1&gt;
     * </pre>
     * The {@code at} lines are the task's await chain, innermost first; {@code awaited by}
     * names the tasks that await it, directly or through a gather or task group. Loop thread
     * only.
     *
     * @param loop the loop
     * @return the dump, empty if the loop has no unfinished task
     * @throws NullPointerException if {@code loop} is null
     */
    public static String formatAllTasks(EventLoop loop) {
        return CallGraph.formatAllTasks(loop);
    }

    /**
     * Prints {@link #formatAllTasks(EventLoop)} of the running loop to {@code out}.
     *
     * @param out where to print
     * @throws IllegalStateException if no loop is running in this thread
     * @throws NullPointerException if {@code out} is null
     */
    public static void printAllTasks(PrintStream out) {
        if (out == null) {
            throw new NullPointerException("out");
        }
        out.print(CallGraph.formatAllTasks(getRunningLoop()));
        out.flush();
    }

    // ------------------------------------------------------------------------------------------
    // Tasks and threads

    /**
     * The tasks of the running loop that are not done yet, in creation order.
     *
     * @return a new list
     * @throws IllegalStateException if no loop is running in this thread
     * @apiNote Mirrors {@code asyncio.all_tasks()}; asyncio returns a set in hash order.
     */
    public static List<Task<?>> allTasks() {
        return getRunningLoop().allTasks();
    }

    /**
     * A coroutine that runs blocking work on the running loop's default executor and produces
     * its result (or throws its exception, as it is). Nothing runs until it is awaited.
     * Cancelling the awaiting task keeps the work from starting if it is still queued; work
     * already running is not interrupted.
     *
     * @param fn the blocking work
     * @param <T> the result type
     * @return the coroutine
     * @throws NullPointerException if {@code fn} is null
     * @apiNote Mirrors {@code asyncio.to_thread(func)}: {@code fn} runs in a copy of the
     *     awaiting task's {@link Context}, taken when the coroutine is awaited, so it sees the
     *     task's {@link ContextVar}s and what it sets stays in its copy.
     */
    public static <T> Coroutine<T> toThread(Callable<T> fn) {
        if (fn == null) {
            throw new NullPointerException("fn");
        }
        return new DeferredAwait<>("toThread", () -> {
            Context context = Context.copyContext();
            return getRunningLoop().runInExecutor(null, () -> context.call(fn));
        });
    }

    /**
     * Submits {@code coro} to {@code loop} from another thread: it runs as a task of that loop,
     * and the returned stage completes with its result or exception. Cancelling the stage
     * cancels the task.
     *
     * @param coro the coroutine
     * @param loop a loop running in another thread
     * @param <T> the result type
     * @return a stage that follows the task
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code asyncio.run_coroutine_threadsafe(coro, loop)}, which returns a
     *     {@code concurrent.futures.Future}.
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        if (coro == null || loop == null) {
            throw new NullPointerException(coro == null ? "coro" : "loop");
        }
        CompletableFuture<T> cf = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            if (cf.isCancelled()) {
                return;
            }
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (Throwable t) {
                cf.completeExceptionally(t);
                throw t;
            }
            task.addDoneCallback(t -> {
                if (t.cancelled()) {
                    cf.cancel(false);
                } else if (t.exception() != null) {
                    cf.completeExceptionally(t.exception());
                } else {
                    cf.complete(t.result());
                }
            });
            cf.whenComplete((r, e) -> {
                if (cf.isCancelled()) {
                    loop.callSoonThreadsafe(task::cancel);
                }
            });
        });
        return cf;
    }

    /**
     * Wraps any {@link java.util.concurrent.CompletionStage} in a future of the running loop,
     * completed on the loop thread whichever thread completes the stage. Cancelling the future
     * cancels the stage if it is a {@link java.util.concurrent.CompletableFuture}.
     *
     * @param stage the stage
     * @param <T> the result type
     * @return a future of the running loop
     * @throws IllegalStateException if no loop is running in this thread
     * @apiNote Mirrors {@code asyncio.wrap_future(future)}.
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        return CompletionStages.wrap(stage);
    }
}
