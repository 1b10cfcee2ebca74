package io.jasyncio;

import io.jasyncio.internal.Events;
import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.internal.Sleep;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

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
    private Asyncio() {
    }

    /**
     * Runs {@code main} on a new event loop until it is done, then closes the loop, and returns
     * its result.
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
        if (Events.runningLoop() != null) {
            throw new IllegalStateException("run() cannot be called from a running event loop");
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
        return new Sleep<>(seconds, null);
    }

    /**
     * A coroutine that sleeps for {@code delay} of loop time.
     *
     * @param delay how long to sleep
     * @return the coroutine; nothing happens until it is awaited
     * @apiNote Mirrors {@code asyncio.sleep(delay)}.
     */
    public static Coroutine<Void> sleep(Duration delay) {
        return new Sleep<>(delay.toNanos() / 1e9, null);
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
        return new Sleep<>(seconds, result);
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
        return GatheringFuture.gather(Events.runningLoop(), false, aws);
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
        return GatheringFuture.gather(Events.runningLoop(), returnExceptions, aws);
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
        return (Future) GatheringFuture.gather(Events.runningLoop(), false, aws.toArray(new Awaitable<?>[0]));
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
     * Turns an awaitable into a future: a future is returned as is, a coroutine is wrapped in a
     * task on {@code loop}.
     *
     * @param aw the awaitable
     * @param loop the loop for a new task; null means the running loop
     * @param <T> the result type
     * @return the future
     * @throws IllegalStateException if a coroutine is given, {@code loop} is null and no loop is
     *     running
     * @apiNote Mirrors {@code asyncio.ensure_future(aw, loop=loop)}.
     */
    public static <T> Future<T> ensureFuture(Awaitable<T> aw, EventLoop loop) {
        if (aw instanceof Future) {
            return (Future<T>) aw;
        }
        if (aw == null) {
            throw new NullPointerException("aw");
        }
        return (loop != null ? loop : getRunningLoop()).createTask((Coroutine<T>) aw);
    }

    /**
     * The event loop running in this thread.
     *
     * @return the running loop
     * @throws IllegalStateException if no loop is running in this thread
     * @apiNote Mirrors {@code asyncio.get_running_loop()}.
     */
    public static EventLoop getRunningLoop() {
        return Events.requireRunningLoop();
    }

    /**
     * Creates a new event loop, not running and not attached to any thread yet.
     *
     * @return the loop
     * @apiNote Mirrors {@code asyncio.new_event_loop()}.
     */
    public static EventLoop newEventLoop() {
        return new SelectorEventLoop();
    }

    /**
     * The task running in this thread, or null outside a task.
     *
     * @return the current task
     * @apiNote Mirrors {@code asyncio.current_task()}.
     */
    public static Task<?> currentTask() {
        SelectorEventLoop loop = Events.runningLoop();
        return loop == null ? null : loop.currentTask();
    }
}
