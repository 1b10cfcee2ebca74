package io.jasyncio;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A single-threaded event loop: it runs callbacks, task steps and timers, and waits for I/O on
 * one NIO selector.
 *
 * <h2>Threading</h2>
 * A loop belongs to the thread that runs it. Every method here may be called only from that
 * thread (or, before the loop runs, from the thread that will run it), except
 * {@link #callSoonThreadsafe(Runnable)}, {@link #stop()} when called through
 * {@code callSoonThreadsafe}, {@link #time()}, {@link #isRunning()} and {@link #isClosed()}.
 *
 * <h2>Ordering</h2>
 * <ul>
 *   <li>Callbacks scheduled with {@link #callSoon(Runnable)} run in FIFO order.</li>
 *   <li>One iteration of the loop runs exactly the callbacks that were ready when it began;
 *       callbacks scheduled while they run wait for the next iteration. So
 *       {@code callLater(0, f)} runs after every {@code callSoon} already queued.</li>
 *   <li>Timers run in deadline order; timers with the same deadline run in the order they were
 *       scheduled (CPython does not promise this; jasyncio does).</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * A callback that throws does not stop the loop: the exception goes to the
 * {@linkplain #setExceptionHandler(ExceptionHandler) exception handler}, which by default logs it
 * through {@link System.Logger}. The exception is an {@link Error} other than
 * {@link CancelledError}, {@link GeneratorExit} and a {@link VirtualMachineError} (Python's
 * {@code SystemExit} and {@code KeyboardInterrupt}): it propagates out of the loop, see
 * {@link #stopsTheLoop}.
 *
 * <h2>Implementations</h2>
 * {@link Asyncio#newEventLoop()} gives jasyncio's own loop. This class also holds what the
 * tasks layer keeps per loop (the running loop of each thread, the current task, the unfinished
 * tasks, the async generators, the debug flag), so that a task step reaches it with plain field
 * accesses; its protected members ({@link #setRunningLoop}, {@link #scheduleStep},
 * {@link #startTask}, {@link #loopClosed}, {@link #startTrace}) are what an implementation uses
 * and provides beside the public contract.
 *
 * @apiNote Mirrors {@code asyncio.AbstractEventLoop}. Python's {@code call_soon(callback, *args)}
 *     takes the arguments separately; in Java a lambda captures them.
 */
public abstract class EventLoop implements AutoCloseable {
    // The state of the tasks layer. asyncio keeps it in module globals keyed by loop (events'
    // _running_loop, tasks' _current_tasks and _all_tasks, the loop's _asyncgens); here it lives
    // with the loop, so that a task step reaches it with no lookup.

    // The loop running in each thread lives in the thread's ThreadState, a thread-local rather
    // than a field of the loop because the question asked is "which loop runs here?", from code
    // that has no loop in hand (sleep, await of a CompletableFuture).

    /**
     * The state of the thread running this loop (its current context), while it runs; fetched
     * once when the loop starts running, so that a task step reaches the context with plain
     * field accesses.
     */
    ThreadState threadState;

    /** The task whose step is running; loop thread only. */
    Task<?> currentTask;

    /** The unfinished tasks, in creation order; loop thread only. */
    final TaskRegistry tasks = new TaskRegistry();

    /** Async generators that started iterating on this loop. */
    final AsyncGeneratorRegistry asyncgens = new AsyncGeneratorRegistry(this);

    private boolean debug;

    /** For implementations of the loop. */
    @SuppressWarnings("this-escape")
    protected EventLoop() {}

    /**
     * Schedules {@code callback} to run on the next iteration of the loop.
     *
     * @param callback the callback
     * @return a handle that can cancel the callback
     * @throws IllegalStateException if the loop is closed
     * @throws NullPointerException if {@code callback} is null
     * @apiNote Mirrors {@code loop.call_soon(callback)}.
     */
    public abstract Handle callSoon(Runnable callback);

    /**
     * Schedules {@code callback} to run on the next iteration of the loop, in {@code context}.
     *
     * @param callback the callback
     * @param context the context it runs in; null for a copy of the current context, which is
     *     what {@link #callSoon(Runnable)} gives
     * @return a handle that can cancel the callback
     * @throws IllegalStateException if the loop is closed
     * @throws NullPointerException if {@code callback} is null
     * @apiNote Mirrors {@code loop.call_soon(callback, context=context)}.
     */
    public abstract Handle callSoon(Runnable callback, Context context);

    /**
     * Schedules {@code callback} from any thread, waking the loop if it is waiting.
     *
     * @param callback the callback
     * @return a handle that can cancel the callback (from the loop thread)
     * @throws IllegalStateException if the loop is closed
     * @throws NullPointerException if {@code callback} is null
     * @apiNote Mirrors {@code loop.call_soon_threadsafe(callback)}.
     */
    public abstract Handle callSoonThreadsafe(Runnable callback);

    /**
     * Schedules {@code callback} from any thread, in {@code context}, waking the loop if it is
     * waiting.
     *
     * @param callback the callback
     * @param context the context it runs in; null for a copy of the calling thread's current
     *     context, which is what {@link #callSoonThreadsafe(Runnable)} gives
     * @return a handle that can cancel the callback (from the loop thread)
     * @throws IllegalStateException if the loop is closed
     * @throws NullPointerException if {@code callback} is null
     * @apiNote Mirrors {@code loop.call_soon_threadsafe(callback, context=context)}.
     */
    public abstract Handle callSoonThreadsafe(Runnable callback, Context context);

    /**
     * Schedules {@code callback} to run after {@code delaySeconds} of loop time.
     *
     * @param delaySeconds the delay in seconds; zero or negative means "as soon as timers run"
     * @param callback the callback
     * @return a handle that can cancel the timer
     * @throws IllegalStateException if the loop is closed
     * @throws IllegalArgumentException if the delay is NaN
     * @apiNote Mirrors {@code loop.call_later(delay, callback)}.
     */
    public abstract TimerHandle callLater(double delaySeconds, Runnable callback);

    /**
     * Schedules {@code callback} to run after {@code delaySeconds} of loop time, in {@code
     * context}.
     *
     * @param delaySeconds the delay in seconds; zero or negative means "as soon as timers run"
     * @param callback the callback
     * @param context the context it runs in; null for a copy of the current context
     * @return a handle that can cancel the timer
     * @throws IllegalStateException if the loop is closed
     * @throws IllegalArgumentException if the delay is NaN
     * @apiNote Mirrors {@code loop.call_later(delay, callback, context=context)}.
     */
    public abstract TimerHandle callLater(double delaySeconds, Runnable callback, Context context);

    /**
     * Schedules {@code callback} to run after {@code delay} of loop time.
     *
     * @param delay the delay
     * @param callback the callback
     * @return a handle that can cancel the timer
     * @throws IllegalStateException if the loop is closed
     * @apiNote Mirrors {@code loop.call_later(delay, callback)}.
     */
    public abstract TimerHandle callLater(Duration delay, Runnable callback);

    /**
     * Schedules {@code callback} to run after {@code delay} of loop time, in {@code context}.
     *
     * @param delay the delay
     * @param callback the callback
     * @param context the context it runs in; null for a copy of the current context
     * @return a handle that can cancel the timer
     * @throws IllegalStateException if the loop is closed
     * @apiNote Mirrors {@code loop.call_later(delay, callback, context=context)}.
     */
    public abstract TimerHandle callLater(Duration delay, Runnable callback, Context context);

    /**
     * Schedules {@code callback} to run when the loop's {@link #time()} reaches {@code when}.
     *
     * @param when the deadline in loop seconds
     * @param callback the callback
     * @return a handle that can cancel the timer
     * @throws IllegalStateException if the loop is closed
     * @throws IllegalArgumentException if {@code when} is NaN
     * @apiNote Mirrors {@code loop.call_at(when, callback)}.
     */
    public abstract TimerHandle callAt(double when, Runnable callback);

    /**
     * Schedules {@code callback} to run when the loop's {@link #time()} reaches {@code when}, in
     * {@code context}.
     *
     * @param when the deadline in loop seconds
     * @param callback the callback
     * @param context the context it runs in; null for a copy of the current context
     * @return a handle that can cancel the timer
     * @throws IllegalStateException if the loop is closed
     * @throws IllegalArgumentException if {@code when} is NaN
     * @apiNote Mirrors {@code loop.call_at(when, callback, context=context)}.
     */
    public abstract TimerHandle callAt(double when, Runnable callback, Context context);

    /**
     * The loop's monotonic clock, in seconds. Only differences between two readings mean
     * anything. With a virtual clock, time jumps to the next timer whenever nothing is ready.
     *
     * @return the current loop time in seconds
     * @apiNote Mirrors {@code loop.time()}.
     */
    public abstract double time();

    /**
     * Runs the loop until {@code future} is done and returns its result. A coroutine is first
     * wrapped in a {@link Task}.
     *
     * @param future the awaitable to run to completion
     * @param <T> the result type
     * @return the result of {@code future}
     * @throws IllegalStateException if the loop is closed or already running, or another loop
     *     is running in this thread; or if the loop was stopped before {@code future} was done
     * @throws CancelledError if {@code future} was cancelled
     * @apiNote Mirrors {@code loop.run_until_complete(future)}. Any exception of
     *     {@code future} is rethrown as it is, checked or not, as Python does.
     */
    public abstract <T> T runUntilComplete(Awaitable<T> future);

    /**
     * Runs the loop until {@link #stop()} is called.
     *
     * @throws IllegalStateException if the loop is closed or already running, or another loop
     *     is running in this thread
     * @apiNote Mirrors {@code loop.run_forever()}.
     */
    public abstract void runForever();

    /**
     * Runs one iteration of the loop without waiting for I/O or for real time to pass, and
     * tells when the next event is due. With a {@link VirtualClock}, an iteration that finds
     * nothing ready jumps the clock to the first timer and runs it, so repeated steps drive a
     * simulation to its end.
     *
     * <p>Like {@link #runForever()}, it makes this loop the running loop of the calling thread
     * for the duration of the iteration. A pending {@link #stop()} is left for the next
     * {@code runForever} to honour.
     *
     * @return 0 if something is ready to run, the nanoseconds until the first timer is due if
     *     not, or -1 if there is no timer either
     * @throws IllegalStateException if the loop is closed or running, or another loop is
     *     running in this thread
     * @implNote Modelled on kotlinx's {@code EventLoopImplBase.processNextEvent()}.
     */
    public abstract long step();

    /**
     * Asks the loop to stop: it finishes the current iteration (running the callbacks already
     * ready) and then returns from {@link #runForever()}.
     *
     * @apiNote Mirrors {@code loop.stop()}.
     */
    public abstract void stop();

    /**
     * Tells whether the loop is running.
     *
     * @return true while {@link #runForever()} or {@link #runUntilComplete(Awaitable)} runs
     * @apiNote Mirrors {@code loop.is_running()}.
     */
    public abstract boolean isRunning();

    /**
     * Tells whether the loop was closed.
     *
     * @return true once {@link #close()} was called
     * @apiNote Mirrors {@code loop.is_closed()}.
     */
    public abstract boolean isClosed();

    /**
     * Closes the loop: drops pending callbacks and timers and releases the selector. Closing
     * twice does nothing.
     *
     * @throws IllegalStateException if the loop is running
     * @apiNote Mirrors {@code loop.close()}.
     */
    @Override
    public abstract void close();

    /**
     * Creates a pending future attached to this loop.
     *
     * @param <T> the result type
     * @return a new pending future
     * @apiNote Mirrors {@code loop.create_future()}.
     */
    public abstract <T> Future<T> createFuture();

    /**
     * Wraps a coroutine in a task scheduled to start on this loop's next iteration.
     *
     * @param coro the coroutine
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the loop is closed, or the coroutine was already started
     * @apiNote Mirrors {@code loop.create_task(coro)}.
     */
    public abstract <T> Task<T> createTask(Coroutine<T> coro);

    /**
     * Wraps a coroutine in a named task scheduled to start on this loop's next iteration.
     *
     * @param coro the coroutine
     * @param name the task's name; null gives the default {@code Task-N}
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the loop is closed, or the coroutine was already started
     * @apiNote Mirrors {@code loop.create_task(coro, name=name)}.
     */
    public abstract <T> Task<T> createTask(Coroutine<T> coro, String name);

    /**
     * Wraps {@code coro} in a named task whose steps all run in {@code context}. Loop thread
     * only.
     *
     * @param coro the coroutine
     * @param name the name, or null for {@code Task-N}
     * @param context the context every step runs in, shared with whoever else holds it; null
     *     for a copy of the current context, as {@link #createTask(Coroutine, String)} does
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the loop is closed, or the coroutine was already started
     * @apiNote Mirrors {@code loop.create_task(coro, name=name, context=context)}.
     */
    public abstract <T> Task<T> createTask(Coroutine<T> coro, String name, Context context);

    /**
     * Replaces the exception handler; null restores the default one.
     *
     * @param handler the new handler, or null
     * @apiNote Mirrors {@code loop.set_exception_handler(handler)}.
     */
    public abstract void setExceptionHandler(ExceptionHandler handler);

    /**
     * The current exception handler.
     *
     * @return the handler set with {@link #setExceptionHandler}, or null for the default
     * @apiNote Mirrors {@code loop.get_exception_handler()}.
     */
    public abstract ExceptionHandler getExceptionHandler();

    /**
     * Reports an error to the current exception handler. An exception thrown by the handler is
     * logged, never propagated.
     *
     * @param context what happened
     * @apiNote Mirrors {@code loop.call_exception_handler(context)}.
     */
    public abstract void callExceptionHandler(ErrorContext context);

    /**
     * The default handling of an error: logs it through {@link System.Logger} at level ERROR.
     *
     * @param context what happened
     * @apiNote Mirrors {@code loop.default_exception_handler(context)}.
     */
    public abstract void defaultExceptionHandler(ErrorContext context);

    /**
     * Tells whether debug mode is on.
     *
     * @return the debug flag
     * @apiNote Mirrors {@code loop.get_debug()}.
     */
    public final boolean getDebug() {
        return debug;
    }

    /**
     * Turns debug mode on or off. While any open loop is in debug mode, coroutines created
     * anywhere are watched, and one collected without having been awaited is reported with
     * where it was created; tasks of a loop in debug mode remember where they were created, for
     * the report of an exception never retrieved. Implementations that override this call it.
     *
     * @param enabled the new debug flag
     * @apiNote Mirrors {@code loop.set_debug(enabled)}.
     */
    public void setDebug(boolean enabled) {
        if (enabled != debug && !isClosed()) {
            if (enabled) {
                DebugReports.debugLoopAdded();
            } else {
                DebugReports.debugLoopRemoved();
            }
        }
        debug = enabled;
    }

    /**
     * How long a callback may run, in real seconds, before debug mode logs it as slow.
     *
     * @return the threshold in seconds (0.1 by default)
     * @apiNote Mirrors {@code loop.slow_callback_duration}.
     */
    public abstract double getSlowCallbackDuration();

    /**
     * Sets how long a callback may run, in real seconds, before debug mode logs it as slow.
     *
     * @param seconds the threshold
     * @throws IllegalArgumentException if {@code seconds} is negative or NaN
     * @apiNote Mirrors setting {@code loop.slow_callback_duration}.
     */
    public abstract void setSlowCallbackDuration(double seconds);

    /**
     * How long a callback may run, in real time, before debug mode logs it as slow.
     *
     * @return the threshold (100 ms by default)
     * @apiNote Mirrors {@code loop.slow_callback_duration}; {@link #getSlowCallbackDuration()}
     *     gives it in seconds.
     */
    public Duration slowCallbackDuration() {
        return Duration.ofNanos(Math.round(getSlowCallbackDuration() * 1e9));
    }

    /**
     * Sets how long a callback may run, in real time, before debug mode logs it as slow.
     *
     * @param threshold the threshold
     * @throws IllegalArgumentException if {@code threshold} is negative
     * @throws NullPointerException if {@code threshold} is null
     * @apiNote Mirrors setting {@code loop.slow_callback_duration}.
     */
    public void setSlowCallbackDuration(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("slow callback duration must be >= 0: " + threshold);
        }
        long nanos;
        try {
            nanos = threshold.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        setSlowCallbackDuration(nanos / 1e9);
    }

    /**
     * Sets the listener told, on the loop thread, of every callback or task step that ran for
     * at least {@link #getSlowCallbackDuration()} of real time, with the callback, the
     * nanoseconds it took and, when the {@linkplain #setBlockedLoopWatchdog watchdog} is on,
     * the line that blocked; it is called whether or not debug mode is on, after debug mode's
     * own warning. While set, the loop reads {@link System#nanoTime()} around each callback, as
     * debug mode does. Test tools use it to fail a test that blocks the loop.
     *
     * @param listener the listener, or null to remove it
     */
    public abstract void setSlowCallbackListener(Consumer<? super SlowCallback> listener);

    /**
     * Turns the blocked-loop watchdog on or off. While it is on, a daemon thread (one per JVM)
     * looks at the loop every half {@linkplain #getSlowCallbackDuration() slow-callback
     * duration}; when one callback or task step is still running after that, it samples the
     * loop thread's stack once, and when the step ends the loop logs, at level WARNING through
     * {@code System.getLogger("io.jasyncio")}, which line blocked it ({@code the loop was
     * blocked in Thread.sleep at Fetch.java:42, in <Task ...>}), and tells the {@linkplain
     * #setSlowCallbackListener slow-callback listener}. Debug mode turns it on as well; the
     * system property {@code jasyncio.watchdog=true} turns it on for every new loop.
     *
     * <p>It is meant to stay on in production: when nothing blocks, a step costs the loop one
     * more store and one more load (measured on W1, see the README), and the watchdog thread
     * never touches the loop. Without debug mode, a duration is estimated from the watchdog's
     * samples, so a step is reported when it ran at least about the slow-callback duration,
     * give or take a quarter of it. Loop thread, or while the loop is not running.
     *
     * @param enabled true to watch this loop
     * @apiNote asyncio has no such thing: its debug mode only reports the duration.
     */
    public abstract void setBlockedLoopWatchdog(boolean enabled);

    /**
     * Tells whether the blocked-loop watchdog was switched on with {@link
     * #setBlockedLoopWatchdog} or the {@code jasyncio.watchdog} system property (debug mode
     * watches the loop too, without changing this flag).
     *
     * @return the flag
     */
    public abstract boolean getBlockedLoopWatchdog();

    /**
     * Sets the listener told of every task {@link #createTask created} on this loop, right
     * after it is created (and, for an eager task, after its first step). Test tools use it to
     * find tasks whose exception was never retrieved. Loop thread only.
     *
     * @param listener the listener, or null to remove it
     */
    public abstract void setTaskCreationListener(Consumer<? super Task<?>> listener);

    /**
     * Runs blocking work on {@code executor} (the loop's default executor when null, created on
     * first use) and returns a future of this loop completed, on the loop thread, with the
     * work's result or exception. Cancelling the future keeps the work from starting if it has
     * not started yet.
     *
     * @param executor where to run, or null for the default executor
     * @param fn the blocking work
     * @param <T> the result type
     * @return a future of this loop
     * @throws IllegalStateException if the loop is closed or the default executor was shut down
     * @apiNote Mirrors {@code loop.run_in_executor(executor, func)}.
     */
    public abstract <T> Future<T> runInExecutor(Executor executor, Callable<T> fn);

    /**
     * Replaces the default executor of {@link #runInExecutor} and {@code toThread}.
     *
     * @param executor the new default executor
     * @apiNote Mirrors {@code loop.set_default_executor(executor)}.
     */
    public abstract void setDefaultExecutor(ExecutorService executor);

    /**
     * Shuts the default executor down; the returned future is done when its threads have
     * finished. {@link Runner} and {@link Asyncio#run} call this when they close.
     *
     * @return a future done when the executor has terminated
     * @apiNote Mirrors {@code loop.shutdown_default_executor()}, a coroutine in asyncio.
     */
    public abstract Future<Void> shutdownDefaultExecutor();

    /**
     * A coroutine that closes every {@link AsyncGenerator} of this loop that started iterating
     * and has not finished, concurrently, so that their {@code finally} blocks run; an
     * {@link Exception} one of them raises while closing goes to the exception handler.
     * {@link Runner} and {@link Asyncio#run} run it when they close, after cancelling the
     * remaining tasks and before shutting the default executor down. An async generator that
     * starts iterating afterwards is logged as a warning.
     *
     * @return the coroutine
     * @apiNote Mirrors {@code loop.shutdown_asyncgens()}.
     */
    public final Coroutine<Void> shutdownAsyncgens() {
        return asyncgens.shutdown();
    }

    /**
     * Makes {@link #createTask} start tasks eagerly: the coroutine runs to its first suspension
     * inside {@code createTask}, and one that never suspends gives a task already done.
     *
     * @param eager true for eager tasks; false (the default) to start each task on the next
     *     iteration
     * @apiNote Mirrors {@code loop.set_task_factory(asyncio.eager_task_factory)} (Python 3.12).
     */
    public abstract void setEagerTasks(boolean eager);

    /**
     * The tasks of this loop that are not done yet, in creation order.
     *
     * @return a new list
     * @apiNote Mirrors {@code asyncio.all_tasks(loop)}, which returns a set in hash order.
     */
    public final List<Task<?>> allTasks() {
        return tasks.snapshot();
    }

    // ------------------------------------------------------------------------------------------
    // Watching channels and socket coroutines (non-blocking I/O on the loop's selector)

    /**
     * Starts watching {@code channel} for reading: {@code callback} runs on the loop thread, as
     * one entry of the ready queue, on every iteration in which the channel is readable (or, for
     * a {@link java.nio.channels.ServerSocketChannel}, has a connection to accept), until
     * {@link #removeReader} is called. Replaces any reader already set for the channel. No thread
     * is created: the channel is registered on the loop's own selector.
     *
     * @param channel a channel in non-blocking mode
     * @param callback what to run when the channel is readable
     * @throws IllegalArgumentException if the channel is in blocking mode
     * @throws java.io.UncheckedIOException if the channel is closed
     * @throws UnsupportedOperationException if the loop's selector does no real I/O (a test fake)
     * @apiNote Mirrors {@code loop.add_reader(fd, callback)}; asyncio takes a file descriptor,
     *     jasyncio a {@link java.nio.channels.SelectableChannel}. Readiness is level-triggered, as
     *     in asyncio: a callback that reads nothing is called again.
     */
    public abstract void addReader(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching {@code channel} for reading. A reader already queued for this iteration
     * does not run.
     *
     * @param channel the channel
     * @return true if a reader was removed
     * @apiNote Mirrors {@code loop.remove_reader(fd)}.
     */
    public abstract boolean removeReader(SelectableChannel channel);

    /**
     * Starts watching {@code channel} for writing: {@code callback} runs on the loop thread on
     * every iteration in which the channel is writable (or a pending connect has completed),
     * until {@link #removeWriter} is called. Replaces any writer already set.
     *
     * @param channel a channel in non-blocking mode
     * @param callback what to run when the channel is writable
     * @throws IllegalArgumentException if the channel is in blocking mode
     * @throws java.io.UncheckedIOException if the channel is closed
     * @throws UnsupportedOperationException if the loop's selector does no real I/O (a test fake)
     * @apiNote Mirrors {@code loop.add_writer(fd, callback)}.
     */
    public abstract void addWriter(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching {@code channel} for writing.
     *
     * @param channel the channel
     * @return true if a writer was removed
     * @apiNote Mirrors {@code loop.remove_writer(fd)}.
     */
    public abstract boolean removeWriter(SelectableChannel channel);

    /**
     * A coroutine that receives up to {@code n} bytes from {@code channel}, waiting on the loop's
     * selector if none is available. Cancelling it stops the wait and leaves the channel open.
     *
     * @param channel a connected socket in non-blocking mode
     * @param n the most bytes to receive
     * @return a coroutine whose result is a buffer ready for reading (position 0, limit the
     *     bytes received), empty at end of stream; it throws the {@link java.io.IOException} of
     *     a failed read
     * @throws IllegalArgumentException if the channel is in blocking mode or {@code n} is
     *     negative
     * @apiNote Mirrors {@code loop.sock_recv(sock, nbytes)}, whose {@code b''} at end of stream
     *     is an empty buffer here.
     */
    public abstract Coroutine<ByteBuffer> sockRecv(SocketChannel channel, int n);

    /**
     * A coroutine that receives bytes from {@code channel} into {@code buffer}, waiting on the
     * loop's selector if none is available. Cancelling it stops the wait and leaves the channel
     * open.
     *
     * @param channel a connected socket in non-blocking mode
     * @param buffer where the bytes go, from its position
     * @return a coroutine whose result is the number of bytes received: 0 at end of stream (or
     *     when {@code buffer} has no room left)
     * @throws IllegalArgumentException if the channel is in blocking mode
     * @apiNote Mirrors {@code loop.sock_recv_into(sock, buf)}, which returns 0 at end of stream
     *     (not {@link java.nio.channels.ReadableByteChannel#read}'s -1).
     */
    public abstract Coroutine<Integer> sockRecvInto(SocketChannel channel, ByteBuffer buffer);

    /**
     * A coroutine that sends all the remaining bytes of {@code data}, waiting for the socket to
     * become writable whenever its send buffer is full. If it fails or is cancelled, there is no
     * way to tell how much was sent (the buffer's position tells how much was handed to the
     * kernel).
     *
     * @param channel a connected socket in non-blocking mode
     * @param data the bytes to send, from position to limit
     * @return a coroutine that completes when everything was handed to the kernel
     * @throws IllegalArgumentException if the channel is in blocking mode
     * @apiNote Mirrors {@code loop.sock_sendall(sock, data)}.
     */
    public abstract Coroutine<Void> sockSendall(SocketChannel channel, ByteBuffer data);

    /**
     * A coroutine that connects {@code channel} to {@code address}. An unresolved
     * {@link java.net.InetSocketAddress} is first resolved on the default executor, never on
     * the loop thread. A refused connection fails the coroutine with
     * {@link java.net.ConnectException}.
     *
     * @param channel an unconnected socket in non-blocking mode
     * @param address where to connect
     * @return a coroutine that completes once connected
     * @throws IllegalArgumentException if the channel is in blocking mode
     * @apiNote Mirrors {@code loop.sock_connect(sock, address)}.
     */
    public abstract Coroutine<Void> sockConnect(SocketChannel channel, SocketAddress address);

    /**
     * A coroutine that accepts one connection on {@code channel}, waiting on the loop's selector
     * until a client connects. The accepted socket is in non-blocking mode.
     *
     * @param channel a bound server socket in non-blocking mode
     * @return a coroutine whose result is the new connection (its remote address is
     *     {@link java.nio.channels.SocketChannel#getRemoteAddress()})
     * @throws IllegalArgumentException if the channel is in blocking mode
     * @apiNote Mirrors {@code loop.sock_accept(sock)}, which returns {@code (conn, address)}.
     */
    public abstract Coroutine<SocketChannel> sockAccept(ServerSocketChannel channel);

    /**
     * A coroutine that sends {@code count} bytes of {@code file} from {@code offset} over
     * {@code channel} with {@link java.nio.channels.FileChannel#transferTo} (the kernel's
     * {@code sendfile} on Linux: the bytes never enter the JVM), waiting on the loop's selector
     * whenever the socket is full. Afterwards the file's position is {@code offset} plus the
     * bytes sent (also when it fails part way).
     *
     * @param channel a connected socket in non-blocking mode
     * @param file the file, open for reading
     * @param offset where to start in the file
     * @param count how many bytes to send, or -1 for all up to the end of the file
     * @return a coroutine whose result is the number of bytes sent; it fails with the
     *     {@link java.io.IOException} of the socket or the file
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException "the socket must be non-blocking", "offset must be a
     *     non-negative integer (got ...)" or "count must be a positive integer (got ...)"
     * @apiNote Mirrors {@code loop.sock_sendfile(sock, file, offset, count)}; the JDK falls
     *     back to reading and writing by itself where the platform has no {@code sendfile}, so
     *     there is no {@code fallback} argument.
     */
    public abstract Coroutine<Long> sockSendfile(
            SocketChannel channel, java.nio.channels.FileChannel file, long offset, long count);

    /**
     * A coroutine that sends {@code count} bytes of {@code file} from {@code offset} over a
     * connection: on a plain socket transport, once its write buffer is flushed, with
     * {@link #sockSendfile} on its socket ({@link Transport#write} throws
     * {@link IllegalStateException} "unable to write; sendfile is in progress" meanwhile); over
     * TLS, which must encrypt every byte, by reading 64 KiB chunks of the file and writing them
     * to the transport, each flushed before the next (asyncio's fallback). Reading is paused
     * meanwhile and resumed after. The file's position ends at {@code offset} plus the bytes
     * sent.
     *
     * @param transport a socket transport of this loop (TCP or Unix, plain or TLS)
     * @param file the file, open for reading
     * @param offset where to start in the file
     * @param count how many bytes to send, or -1 for all up to the end of the file
     * @param fallback whether a TLS transport may send by reading and writing
     * @return a coroutine whose result is the number of bytes sent; it fails with the
     *     {@link java.io.IOException} of the socket or the file
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code offset} or {@code count} is out of range, as
     *     {@link #sockSendfile} says
     * @throws IllegalStateException "Transport is closing", "sendfile is not supported for
     *     transport ..." (not a socket transport of this loop), or "fallback is disabled and
     *     native sendfile is not supported for transport ..." (TLS without fallback)
     * @apiNote Mirrors {@code loop.sendfile(transport, file, offset, count, fallback=...)}.
     */
    public abstract Coroutine<Long> sendfile(
            Transport transport, java.nio.channels.FileChannel file, long offset, long count, boolean fallback);

    /**
     * Resolves {@code host} to socket addresses on the default executor, so the blocking
     * resolver never holds up the loop.
     *
     * @param host a host name or a literal address
     * @param port the port of every address returned
     * @return a future of this loop with the addresses, in the resolver's order; it fails with
     *     {@link java.net.UnknownHostException} if the name does not resolve
     * @throws IllegalStateException if the loop is closed or its default executor shut down
     * @apiNote Mirrors {@code loop.getaddrinfo(host, port)}, restricted to what
     *     {@link java.net.InetAddress#getAllByName(String)} answers.
     */
    public abstract Future<List<InetSocketAddress>> getaddrinfo(String host, int port);

    // ------------------------------------------------------------------------------------------
    // Datagram endpoints (UDP on the loop's selector; see DatagramTransport)

    /**
     * Creates a UDP endpoint: opens a non-blocking {@link java.nio.channels.DatagramChannel},
     * binds it to {@code localAddr} (if given) and connects it to {@code remoteAddr} (if given),
     * calls {@code protocolFactory}, and watches the socket on this loop's selector. The
     * protocol hears {@link DatagramProtocol#connectionMade} before the returned future
     * completes. An unresolved address is looked up on the default executor, never on the loop
     * thread.
     *
     * <p>With a remote address the endpoint is connected: it receives only from that peer,
     * {@link DatagramTransport#sendto(byte[])} needs no address, and an ICMP "port unreachable"
     * answer reaches {@link DatagramProtocol#errorReceived} as a
     * {@link java.net.PortUnreachableException}. With only a local address, each
     * {@code sendto} names its destination.
     *
     * @param protocolFactory makes the protocol, called once the socket is bound
     * @param localAddr where to bind (port 0 for any free port), or null for an ephemeral port
     * @param remoteAddr the peer to connect to, or null
     * @param <P> the protocol's type
     * @return a future of this loop with the transport and protocol; it fails with the
     *     {@link java.io.IOException} of a failed bind or connect (the socket is then closed), or
     *     with {@link java.net.UnknownHostException}. Cancelling it before it completes closes
     *     the endpoint.
     * @throws IllegalArgumentException if both addresses are null, or one is not an
     *     {@link java.net.InetSocketAddress}
     * @throws NullPointerException if {@code protocolFactory} is null
     * @apiNote Mirrors {@code loop.create_datagram_endpoint(protocol_factory, local_addr,
     *     remote_addr)}, a coroutine in asyncio; its {@code (transport, protocol)} tuple is a
     *     {@link DatagramEndpoint}. The socket is opened when this method is called, not when the
     *     future is awaited.
     */
    public abstract <P extends DatagramProtocol> Future<DatagramEndpoint<P>> createDatagramEndpoint(
            Supplier<? extends P> protocolFactory, SocketAddress localAddr, SocketAddress remoteAddr);

    /**
     * Creates a UDP endpoint with socket options, as
     * {@link #createDatagramEndpoint(java.util.function.Supplier, java.net.SocketAddress,
     * java.net.SocketAddress)} does.
     *
     * @param protocolFactory makes the protocol, called once the socket is bound
     * @param localAddr where to bind, or null for an ephemeral port
     * @param remoteAddr the peer to connect to, or null
     * @param options {@code SO_REUSEPORT} and {@code SO_BROADCAST}
     * @param <P> the protocol's type
     * @return a future of this loop with the transport and protocol; it fails as the other
     *     overload's does, or with {@link UnsupportedOperationException} if an option is not
     *     supported here
     * @throws IllegalArgumentException if both addresses are null, or one is not an
     *     {@link java.net.InetSocketAddress}
     * @throws NullPointerException if {@code protocolFactory} or {@code options} is null
     * @apiNote Mirrors {@code loop.create_datagram_endpoint(protocol_factory, local_addr,
     *     remote_addr, reuse_port=..., allow_broadcast=...)}.
     */
    public abstract <P extends DatagramProtocol> Future<DatagramEndpoint<P>> createDatagramEndpoint(
            Supplier<? extends P> protocolFactory,
            SocketAddress localAddr,
            SocketAddress remoteAddr,
            DatagramOptions options);

    // ------------------------------------------------------------------------------------------
    // Stream connections with protocols (TCP and Unix sockets; see Transport, Protocol). The
    // loop implementation does the work.

    /**
     * Connects to {@code host:port} and drives the connection with a protocol: resolves the
     * host on the default executor (never on the loop thread), tries each address in turn,
     * then calls {@code protocolFactory} and puts a {@link Transport} on the socket. The
     * protocol hears {@link BaseProtocol#connectionMade} on a later iteration, before the
     * returned future completes.
     *
     * <pre>{@code
     * // Python: transport, protocol = await loop.create_connection(EchoClient, "127.0.0.1", 8888)
     * Connected<EchoClient> c = await(loop.createConnection(EchoClient::new, "127.0.0.1", 8888));
     * }</pre>
     *
     * @param protocolFactory makes the protocol, a {@link Protocol} or a
     *     {@link BufferedProtocol}, once the socket is connected
     * @param host a host name or a literal address
     * @param port the port
     * @param <P> the protocol's type
     * @return a future (a task of this loop) with the transport and the protocol; it fails
     *     with {@link java.net.ConnectException} if every address refused, with
     *     {@link java.net.UnknownHostException} if the name does not resolve, and with
     *     {@link IllegalArgumentException} if the protocol is neither kind. Cancelling it closes
     *     the socket.
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_connection(protocol_factory, host, port)}, a coroutine
     *     in asyncio; its {@code (transport, protocol)} tuple is a {@link Connected}.
     */
    public abstract <P extends BaseProtocol> Future<Connected<P>> createConnection(
            Supplier<? extends P> protocolFactory, String host, int port);

    /**
     * Connects to {@code host:port} as {@link #createConnection(java.util.function.Supplier,
     * String, int)} does, over TLS if the options say so: the handshake runs first (checking
     * the server's certificate and, unless turned off, its name), then the protocol hears
     * {@code connectionMade} and the future completes.
     *
     * @param protocolFactory makes the protocol once the socket is connected
     * @param host a host name or a literal address
     * @param port the port
     * @param options TLS options, or {@link ConnectionOptions#DEFAULTS}
     * @param <P> the protocol's type
     * @return a future with the transport and the protocol; it also fails with
     *     {@link javax.net.ssl.SSLHandshakeException} if the handshake fails, and with
     *     {@link java.net.SocketTimeoutException} if it takes longer than the options allow
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_connection(protocol_factory, host, port, ssl=...,
     *     server_hostname=..., ssl_handshake_timeout=...)}.
     */
    public abstract <P extends BaseProtocol> Future<Connected<P>> createConnection(
            Supplier<? extends P> protocolFactory, String host, int port, ConnectionOptions options);

    /**
     * Connects to the Unix domain socket at {@code path} and drives the connection with a
     * protocol, as {@link #createConnection(java.util.function.Supplier, String, int)} does.
     *
     * @param protocolFactory makes the protocol once the socket is connected
     * @param path the socket file
     * @param <P> the protocol's type
     * @return a future with the transport and the protocol; it fails with
     *     {@link java.net.SocketException} (or a subclass) if nothing listens there
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_unix_connection(protocol_factory, path)}.
     */
    public abstract <P extends BaseProtocol> Future<Connected<P>> createUnixConnection(
            Supplier<? extends P> protocolFactory, Path path);

    /**
     * Connects to the Unix domain socket at {@code path}, over TLS if the options say so.
     *
     * @param protocolFactory makes the protocol once the socket is connected
     * @param path the socket file
     * @param options TLS options (with host name checking on they must name the server,
     *     {@link SslOptions#withServerHostname}), or
     *     {@link ConnectionOptions#DEFAULTS}
     * @param <P> the protocol's type
     * @return a future with the transport and the protocol
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if TLS checks host names and no server host name is set
     * @apiNote Mirrors {@code loop.create_unix_connection(protocol_factory, path, ssl=...,
     *     server_hostname=...)}.
     */
    public abstract <P extends BaseProtocol> Future<Connected<P>> createUnixConnection(
            Supplier<? extends P> protocolFactory, Path path, ConnectionOptions options);

    /**
     * Listens on {@code host:port} (every address the host resolves to, with
     * {@code SO_REUSEADDR} as asyncio sets on POSIX) and serves each client with a new
     * protocol from {@code protocolFactory} and a {@link Transport}. The protocol hears
     * {@link BaseProtocol#connectionMade} on the iteration after the accept.
     *
     * @param protocolFactory makes each client's protocol, a {@link Protocol} or a
     *     {@link BufferedProtocol}, when it is accepted
     * @param host the address to bind, such as {@code "127.0.0.1"}
     * @param port the port; 0 picks a free one ({@link Server#port()})
     * @return a future (a task of this loop) with the serving server; it fails with
     *     {@link java.net.BindException} ("Address already in use", naming the address) if the
     *     port is taken
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_server(protocol_factory, host, port)}, a coroutine in
     *     asyncio; the server starts serving at once ({@code start_serving=True}).
     */
    public abstract Future<Server> createServer(
            Supplier<? extends BaseProtocol> protocolFactory, String host, int port);

    /**
     * Listens on {@code host:port} as {@link #createServer(java.util.function.Supplier, String,
     * int)} does, with TLS and a listen backlog: over TLS each client's handshake runs first,
     * and its protocol hears {@code connectionMade} once it is done; a client whose handshake
     * fails is dropped without disturbing the others (its protocol hears nothing).
     *
     * @param protocolFactory makes each client's protocol when it is accepted
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param options TLS and backlog, or {@link ServerOptions#DEFAULTS}
     * @return a future with the serving server
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_server(protocol_factory, host, port, ssl=...,
     *     backlog=..., ssl_handshake_timeout=...)}.
     */
    public abstract Future<Server> createServer(
            Supplier<? extends BaseProtocol> protocolFactory, String host, int port, ServerOptions options);

    /**
     * Listens on the Unix domain socket {@code path} and serves each client with a protocol. A
     * stale socket file left there is removed first; the file is removed again when the server
     * is closed (if it is still the one this server created).
     *
     * @param protocolFactory makes each client's protocol when it is accepted
     * @param path where to create the socket file
     * @return a future with the serving server; it fails with {@link java.net.BindException}
     *     if the path exists and is not a socket, or is in use
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_unix_server(protocol_factory, path)} (with Python
     *     3.13's {@code cleanup_socket=True}).
     */
    public abstract Future<Server> createUnixServer(Supplier<? extends BaseProtocol> protocolFactory, Path path);

    /**
     * Listens on the Unix domain socket {@code path} with TLS and a listen backlog.
     *
     * @param protocolFactory makes each client's protocol when it is accepted
     * @param path where to create the socket file
     * @param options TLS and backlog, or {@link ServerOptions#DEFAULTS}
     * @return a future with the serving server
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_unix_server(protocol_factory, path, ssl=...,
     *     backlog=...)}.
     */
    public abstract Future<Server> createUnixServer(
            Supplier<? extends BaseProtocol> protocolFactory, Path path, ServerOptions options);

    // ------------------------------------------------------------------------------------------
    // Signals

    /**
     * Runs {@code callback} on this loop's thread whenever the process receives signal
     * {@code sig}, replacing what handled it before (the JVM's own handler for {@code SIGINT},
     * {@code SIGTERM} and {@code SIGHUP} runs the shutdown hooks and exits; with a handler
     * added it does not). Signal handlers are process-wide: the loop that added one last for a
     * signal gets it. Closing the loop removes its handlers. Needs the {@code jdk.unsupported}
     * module ({@code sun.misc.Signal}), present in every JDK and JRE image unless left out by
     * {@code jlink}.
     *
     * @param sig the signal's number on this platform (as {@code kill -l} lists them: 10 is
     *     {@code SIGUSR1} on Linux)
     * @param callback what to run; an exception it throws goes to the loop's exception handler
     * @throws NullPointerException if {@code callback} is null
     * @throws IllegalArgumentException "invalid signal number N" for a number with no signal
     *     name (the real-time signals included, which the JDK cannot handle)
     * @throws IllegalStateException "sig N cannot be caught" for {@code SIGKILL},
     *     {@code SIGSTOP} and the signals the JVM uses itself ({@code SIGQUIT}, {@code SIGSEGV},
     *     {@code SIGILL}, {@code SIGFPE}); or if the loop is closed
     * @throws UnsupportedOperationException if the {@code jdk.unsupported} module is absent
     * @apiNote Mirrors {@code loop.add_signal_handler(sig, callback)}, loop thread only.
     */
    public abstract void addSignalHandler(int sig, Runnable callback);

    /**
     * Removes this loop's handler of {@code sig} and puts back the one it replaced.
     *
     * @param sig the signal's number
     * @return true if a handler was removed, false if this loop had none for {@code sig}
     * @throws IllegalArgumentException "invalid signal number N"
     * @apiNote Mirrors {@code loop.remove_signal_handler(sig)}, loop thread only.
     */
    public abstract boolean removeSignalHandler(int sig);

    // ------------------------------------------------------------------------------------------
    // Pipes (and other selectable channels) with protocols

    /**
     * Drives the reading end of a pipe with a protocol on the loop's selector: switches
     * {@code pipe} to non-blocking mode, calls {@code protocolFactory} and puts a transport on
     * the channel, which it owns from then on. The protocol hears {@code connectionMade}, then
     * {@link Protocol#dataReceived} per read (up to 256 KiB, lent as for sockets), then at end
     * of file {@link Protocol#eofReceived} and {@code connectionLost(null)}; the channel is
     * closed then. The transport can pause and resume reading and close; its writing methods
     * throw {@link UnsupportedOperationException}.
     *
     * <p>Java can select only {@link SelectableChannel}s: a {@link java.nio.channels.Pipe}'s
     * {@code SourceChannel}, a socket, a {@code System.inheritedChannel()}. A
     * {@code FileInputStream} (such as {@code System.in}), a {@code FileChannel} and a child
     * process's streams cannot be selected (for a child use {@link #subprocessExec}).
     *
     * @param protocolFactory makes the protocol
     * @param pipe a readable selectable channel, such as {@code Pipe.source()}
     * @param <P> the protocol's type
     * @return a future (a task of this loop) with the transport and the protocol, once the
     *     protocol heard {@code connectionMade}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the channel is closed or cannot be read ("Pipe
     *     transport is for pipes/sockets only")
     * @throws java.io.UncheckedIOException if the channel cannot be made non-blocking
     * @apiNote Mirrors {@code loop.connect_read_pipe(protocol_factory, pipe)}.
     */
    public abstract <P extends Protocol> Future<Connected<P>> connectReadPipe(
            Supplier<? extends P> protocolFactory, SelectableChannel pipe);

    /**
     * Drives the writing end of a pipe with a protocol on the loop's selector: switches
     * {@code pipe} to non-blocking mode and puts a write transport on it (writes never block:
     * what the pipe does not take is buffered, with {@code pauseWriting}/{@code resumeWriting}
     * at the water marks, 64 and 16 KiB). {@code close()} sends what is buffered, then closes
     * the channel and the protocol hears {@code connectionLost(null)}; a failed write (the
     * reader is gone: "Broken pipe") closes it with that error. The transport's reading methods
     * do nothing ({@code isReading()} is false).
     *
     * @param protocolFactory makes the protocol
     * @param pipe a writable selectable channel, such as {@code Pipe.sink()}
     * @param <P> the protocol's type
     * @return a future (a task of this loop) with the transport and the protocol, once the
     *     protocol heard {@code connectionMade}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the channel is closed or cannot be written
     * @throws java.io.UncheckedIOException if the channel cannot be made non-blocking
     * @apiNote Mirrors {@code loop.connect_write_pipe(protocol_factory, pipe)}; asyncio also
     *     watches the pipe for reading to learn early that the reader closed, which a
     *     {@code Pipe.SinkChannel} does not allow: the next write fails instead.
     */
    public abstract <P extends BaseProtocol> Future<Connected<P>> connectWritePipe(
            Supplier<? extends P> protocolFactory, SelectableChannel pipe);

    // ------------------------------------------------------------------------------------------
    // Child processes, protocol style (see SubprocessTransport; io.jasyncio.streams.Subprocess
    // is the stream style built on these)

    /**
     * Starts {@code program} with {@code args}, all three standard streams piped, and connects it
     * to a protocol; the same as {@link #subprocessExec(java.util.function.Supplier,
     * java.util.List, SubprocessOptions)} with {@link SubprocessOptions#PIPES}.
     *
     * @param protocolFactory makes the protocol, called once before the child starts
     * @param program the program: a path, or a name looked up on {@code PATH}
     * @param args its arguments
     * @param <P> the protocol's type
     * @return a future of this loop with the transport and protocol; it fails as the other
     *     overload's does
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.subprocess_exec(protocol_factory, program, *args)}, whose
     *     streams default to {@code PIPE}.
     */
    public abstract <P extends SubprocessProtocol> Future<SubprocessEndpoint<P>> subprocessExec(
            Supplier<? extends P> protocolFactory, String program, String... args);

    /**
     * Starts a child process, the program being {@code args}' first element, and connects it to
     * a protocol: calls {@code protocolFactory}, starts the child (a fork and exec on this
     * thread, as asyncio does), makes a {@link SubprocessTransport} with a pump thread for each
     * piped stream, and completes the future after the protocol heard
     * {@link SubprocessProtocol#connectionMade}. The callbacks then come in the order
     * {@link SubprocessProtocol} describes.
     *
     * @param protocolFactory makes the protocol, called once before the child starts
     * @param args the program (a path, or a name looked up on {@code PATH}) and its arguments
     * @param options the redirects, working directory and environment
     * @param <P> the protocol's type
     * @return a future of this loop with the transport and protocol; it fails with
     *     {@link java.nio.file.NoSuchFileException} naming a program that does not exist,
     *     {@link java.nio.file.AccessDeniedException} for one that may not be run, the
     *     {@link java.io.IOException} of another failure to start, or what the factory threw.
     *     Cancelling it before it completes closes the transport, which kills the child.
     * @throws IllegalArgumentException if {@code args} is empty
     * @throws NullPointerException if an argument or an element of {@code args} is null
     * @apiNote Mirrors {@code loop.subprocess_exec(protocol_factory, *args, stdin=...,
     *     stdout=..., stderr=..., cwd=..., env=...)}, a coroutine in asyncio; its
     *     {@code (transport, protocol)} tuple is a {@link SubprocessEndpoint}. The child starts
     *     when this method is called, not when the future is awaited.
     */
    public abstract <P extends SubprocessProtocol> Future<SubprocessEndpoint<P>> subprocessExec(
            Supplier<? extends P> protocolFactory, List<String> args, SubprocessOptions options);

    /**
     * Runs {@code cmd} through the shell, all three standard streams piped; the same as
     * {@link #subprocessShell(java.util.function.Supplier, String, SubprocessOptions)} with
     * {@link SubprocessOptions#PIPES}.
     *
     * @param protocolFactory makes the protocol, called once before the shell starts
     * @param cmd the command line; the shell interprets it, so quote what comes from users
     * @param <P> the protocol's type
     * @return a future of this loop with the transport and protocol
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.subprocess_shell(protocol_factory, cmd)}.
     */
    public abstract <P extends SubprocessProtocol> Future<SubprocessEndpoint<P>> subprocessShell(
            Supplier<? extends P> protocolFactory, String cmd);

    /**
     * Runs {@code cmd} through the shell ({@code /bin/sh -c}; {@code cmd.exe /c} on Windows) as
     * {@link #subprocessExec(java.util.function.Supplier, java.util.List, SubprocessOptions)}
     * runs a program. A command the shell cannot find makes it exit with 127.
     *
     * @param protocolFactory makes the protocol, called once before the shell starts
     * @param cmd the command line; the shell interprets it, so quote what comes from users
     * @param options the redirects, working directory and environment
     * @param <P> the protocol's type
     * @return a future of this loop with the transport and protocol; it fails with the
     *     {@link java.io.IOException} of a failure to start the shell, or what the factory threw
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.subprocess_shell(protocol_factory, cmd, stdin=..., stdout=...,
     *     stderr=..., cwd=..., env=...)}.
     */
    public abstract <P extends SubprocessProtocol> Future<SubprocessEndpoint<P>> subprocessShell(
            Supplier<? extends P> protocolFactory, String cmd, SubprocessOptions options);

    // ------------------------------------------------------------------------------------------
    // TLS upgrades of protocol connections, and sockets made elsewhere (asyncio's start_tls,
    // sock= and connect_accepted_socket).

    /**
     * Upgrades a plain connection to TLS in place (STARTTLS), as the client unless
     * {@code serverSide}: returns a new transport over the same socket that drives
     * {@code protocol}, which does not hear {@code connectionMade} again. The switch happens
     * when this method is called, so call it where the peer's handshake can start, typically
     * in {@link Protocol#dataReceived} right after the plain command that announced it (or with
     * reading paused until then): whatever the peer sent that the old transport has not read
     * yet is read by the TLS layer, and what the old transport still buffers for sending goes
     * out first, in the clear. The old transport is detached: its methods that act on the
     * connection throw {@link IllegalStateException} from then on. The new transport's
     * {@code getExtraInfo} answers {@code "ssl_object"}, {@code "cipher"} and
     * {@code "peercert"}; it cannot {@code writeEof()}.
     *
     * <pre>{@code
     * // Python: transport = await loop.start_tls(transport, protocol, ctx, server_side=True)
     * Transport tls = await(loop.startTls(transport, protocol, SslOptions.of(ctx), true));
     * }</pre>
     *
     * @param transport a plain transport from this loop's {@code createConnection},
     *     {@code createServer} (or their Unix or existing-socket variants); a stream's is
     *     upgraded with {@link io.jasyncio.streams.StreamWriter#startTls} instead
     * @param protocol the protocol the new transport drives, usually {@code transport}'s own
     * @param ssl the TLS options (context, handshake timeout, host name checking; on a server
     *     side, client certificates)
     * @param serverSide true to take the server's side of the handshake
     * @return a future (a task of this loop) with the new transport once the handshake is done;
     *     it fails with {@link javax.net.ssl.SSLHandshakeException} (or another
     *     {@link javax.net.ssl.SSLException}) if the handshake fails and with
     *     {@link java.net.SocketTimeoutException} if it takes longer than the options allow, and
     *     the connection is closed then (the protocol hears {@code connectionLost}); cancelling
     *     it aborts the connection
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code transport} is not a socket transport of this
     *     loop or carries a stream, or a client checks host names and has no name to check (a connection made
     *     without a host name, and none in the options)
     * @throws IllegalStateException if the transport already uses TLS, was detached by an
     *     earlier upgrade, is closing, or is half-closed
     * @apiNote Mirrors {@code loop.start_tls(transport, protocol, sslcontext, server_side=...,
     *     ssl_handshake_timeout=...)}; a client checks the name it connected to, as
     *     {@link io.jasyncio.streams.StreamWriter#startTls} does.
     */
    public abstract Future<Transport> startTls(
            Transport transport, BaseProtocol protocol, SslOptions ssl, boolean serverSide);

    /**
     * Upgrades a plain connection to TLS as {@link #startTls(Transport, BaseProtocol,
     * SslOptions, boolean)} does, a client checking and sending (as SNI)
     * {@code serverHostname}.
     *
     * @param transport a plain socket transport of this loop
     * @param protocol the protocol the new transport drives
     * @param ssl the TLS options
     * @param serverSide true to take the server's side of the handshake
     * @param serverHostname the server's name for a client; null to use the options' name or
     *     else the host the connection was made to
     * @return a future with the new transport once the handshake is done; it fails as the
     *     other overload's does
     * @throws NullPointerException if {@code transport}, {@code protocol} or {@code ssl} is
     *     null
     * @throws IllegalArgumentException as the other overload does
     * @throws IllegalStateException as the other overload does
     * @apiNote Mirrors {@code loop.start_tls(transport, protocol, sslcontext, server_side=...,
     *     server_hostname=..., ssl_handshake_timeout=...)}.
     */
    public abstract Future<Transport> startTls(
            Transport transport, BaseProtocol protocol, SslOptions ssl, boolean serverSide, String serverHostname);

    /**
     * Drives a socket connected elsewhere with a protocol: switches {@code channel} to
     * non-blocking mode (as asyncio's {@code sock.setblocking(False)}), calls
     * {@code protocolFactory} and puts a {@link Transport} on the channel, which it owns from
     * then on (closing the transport closes it). Over TLS the client's handshake runs first.
     *
     * @param protocolFactory makes the protocol, a {@link Protocol} or a
     *     {@link BufferedProtocol}
     * @param channel a connected TCP or Unix domain socket channel, blocking or not
     * @param options TLS options (with host name checking on they must name the server,
     *     {@link SslOptions#withServerHostname}), or
     *     {@link ConnectionOptions#DEFAULTS}
     * @param <P> the protocol's type
     * @return a future (a task of this loop) with the transport and the protocol, once the
     *     protocol heard {@code connectionMade}; over TLS it fails as
     *     {@link #createConnection(java.util.function.Supplier, String, int, ConnectionOptions)}
     *     does, and the channel is closed then
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the channel is closed or not connected (its connect
     *     still pending, say), or TLS checks host names and no server host name is set
     * @throws java.io.UncheckedIOException if the channel cannot be switched to non-blocking
     *     mode
     * @apiNote Mirrors {@code loop.create_connection(protocol_factory, sock=sock, ssl=...,
     *     server_hostname=...)}. A channel of the wrong kind (a datagram or server channel,
     *     asyncio's {@code ValueError}) does not compile here.
     */
    public abstract <P extends BaseProtocol> Future<Connected<P>> createConnection(
            Supplier<? extends P> protocolFactory, SocketChannel channel, ConnectionOptions options);

    /**
     * Drives a socket that was accepted elsewhere (outside this loop's servers) with a
     * protocol, as {@link #createConnection(java.util.function.Supplier,
     * java.nio.channels.SocketChannel, ConnectionOptions)} does, except that over TLS it takes
     * the server's side of the handshake.
     *
     * @param protocolFactory makes the protocol
     * @param channel a connected socket channel, such as one from
     *     {@link java.nio.channels.ServerSocketChannel#accept()}
     * @param options the server's TLS options, or {@link ConnectionOptions#DEFAULTS}
     * @param <P> the protocol's type
     * @return a future with the transport and the protocol, once the protocol heard
     *     {@code connectionMade} (over TLS: after the handshake; if it fails, the future fails
     *     and the channel is closed)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the channel is closed or not connected
     * @throws java.io.UncheckedIOException if the channel cannot be switched to non-blocking
     *     mode
     * @apiNote Mirrors {@code loop.connect_accepted_socket(protocol_factory, sock, ssl=...,
     *     ssl_handshake_timeout=...)}.
     */
    public abstract <P extends BaseProtocol> Future<Connected<P>> connectAcceptedSocket(
            Supplier<? extends P> protocolFactory, SocketChannel channel, ConnectionOptions options);

    /**
     * Serves a server socket bound elsewhere: switches {@code channel} to non-blocking mode and
     * serves each client as {@link #createServer(java.util.function.Supplier, String, int,
     * ServerOptions)} does. The server owns the channel: closing it closes the channel.
     *
     * @param protocolFactory makes each client's protocol when it is accepted
     * @param channel a bound TCP or Unix domain server socket channel (binding a
     *     {@code ServerSocketChannel} also makes it listen, with the backlog given then)
     * @param options TLS; their backlog is not used, the channel already listens
     * @return a future (a task of this loop) with the serving server
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the channel is closed or not bound
     * @throws java.io.UncheckedIOException if the channel cannot be switched to non-blocking
     *     mode
     * @apiNote Mirrors {@code loop.create_server(protocol_factory, sock=sock, ssl=...)}.
     */
    public abstract Future<Server> createServer(
            Supplier<? extends BaseProtocol> protocolFactory, ServerSocketChannel channel, ServerOptions options);

    // ------------------------------------------------------------------------------------------
    // For implementations of the loop

    /**
     * The loop running in the current thread.
     *
     * @return the loop, or null if none runs here
     * @apiNote Mirrors {@code asyncio._get_running_loop()}.
     */
    protected static EventLoop runningLoop() {
        return ThreadState.get().runningLoop;
    }

    /**
     * Sets or clears the loop running in the current thread; a loop calls this when it starts
     * and stops running.
     *
     * @param loop the loop, or null to clear
     * @apiNote Mirrors {@code asyncio._set_running_loop(loop)}.
     */
    protected static void setRunningLoop(EventLoop loop) {
        // The thread's state stays in its map, so running a loop step by step allocates nothing
        // per step.
        ThreadState state = ThreadState.get();
        EventLoop previous = state.runningLoop;
        if (previous != null) {
            previous.threadState = null;
            state.context = state.outsideLoop;
            state.outsideLoop = null;
        }
        state.runningLoop = loop;
        if (loop != null) {
            loop.threadState = state;
            // Every task step and callback runs in its own context; between them the current
            // context is empty, so a callback scheduled with an empty one sees nothing.
            state.outsideLoop = state.context;
            state.context = null;
        }
    }

    /**
     * What a callback or task created now runs in: a copy of the current context, or null for
     * an empty one (made only if the callback or task sets a variable).
     *
     * @return the context to give the new callback or task
     */
    final Context captureContext() {
        ThreadState state = threadState;
        return Context.capture(state != null ? state : ThreadState.get());
    }

    /**
     * For implementations of the loop: what a handle for {@code callback} must run so that the
     * callback runs in {@code context}, as asyncio's handles run {@code context.run(callback)}.
     * With no context given, the current one is copied: the calling thread's when {@code
     * anyThread}, else the loop thread's (a task's or a callback's). An empty context costs
     * nothing: {@code callback} itself comes back.
     *
     * @param callback the callback
     * @param context the context, or null for a copy of the current one
     * @param anyThread true when called from a thread that may not be the loop's
     * @return {@code callback}, or a runnable that runs it in the context
     * @throws NullPointerException if {@code callback} is null
     */
    protected final Runnable inContext(Runnable callback, Context context, boolean anyThread) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        Context c = context;
        if (c == null) {
            ThreadState state = anyThread ? null : threadState;
            c = Context.capture(state != null ? state : ThreadState.get());
            if (c == null) {
                return callback;
            }
        }
        return new InContext(c, callback);
    }

    /** A callback with the context it runs in. */
    private record InContext(Context context, Runnable callback) implements Runnable {
        @Override
        public void run() {
            context.run(callback);
        }

        @Override
        public String toString() {
            return Reprs.callback(callback); // a Handle names the callback, not this wrapper
        }
    }

    /**
     * For implementations of the loop, after each ready callback has run: a callback that ran
     * in an empty context and set a context variable leaves the context it made current; it
     * must not be the next callback's.
     */
    protected final void callbackDone() {
        ThreadState state = threadState;
        if (state != null && state.context != null) {
            state.context = null;
        }
    }

    /**
     * Queues the next step of {@code task}, one of this loop's tasks, for the next iteration.
     * The task calls this each time it must run again; an implementation should make the task
     * its own entry in the ready queue rather than allocate a handle per step.
     *
     * @param task the task
     */
    protected abstract void scheduleStep(Task<?> task);

    /**
     * Starts a task that {@link #createTask} just made: registers it among the unfinished tasks
     * and schedules its first step, or, eagerly, runs that step now, up to the coroutine's first
     * suspension, as the current task; a coroutine that finishes without suspending then leaves
     * a done task that was never scheduled.
     *
     * @param task the new task
     * @param eagerly true to run the first step now (Python 3.12's {@code Task.__eager_start})
     */
    protected final void startTask(Task<?> task, boolean eagerly) {
        if (!eagerly) {
            tasks.add(task);
            scheduleStep(task);
            return;
        }
        Task<?> previous = currentTask;
        currentTask = null;
        try {
            tasks.add(task);
            task.step();
        } finally {
            currentTask = previous;
        }
    }

    /**
     * Starts a {@link Trace} of this loop, for {@link Trace#start(EventLoop)}: loops that can be
     * traced override this.
     *
     * @return the trace, recording until it is closed; or null if this loop cannot be traced
     * @throws IllegalStateException if the loop is closed or already traced
     */
    protected Trace startTrace() {
        return null;
    }

    /** Work outside the loop that will call back into it; see {@link #realWorkStarted()}. */
    private int realWork;

    /**
     * Tells the loop that work outside it has started that will end with a call of {@link
     * #callSoonThreadsafe} (an executor job, a child process, a {@code CompletableFuture} being
     * awaited, a callback of another library's thread). A loop on virtual time does not jump
     * its clock past such work until it has been idle for the clock's {@linkplain
     * VirtualClock#getAutojumpThreshold() autojump threshold} of real time; other loops only
     * count. The runtime calls this for its own executor jobs, child processes and awaited
     * {@code CompletionStage}s; call it for work of your own that a virtual-time test would
     * otherwise time out on. Loop thread only; pair every call with {@link
     * #realWorkFinished()}.
     *
     * @apiNote asyncio has no virtual time and so no such call.
     */
    public final void realWorkStarted() {
        realWork++;
    }

    /**
     * The work announced by {@link #realWorkStarted()} has called back (or was abandoned).
     * Loop thread only; an unpaired call does nothing.
     */
    public final void realWorkFinished() {
        if (realWork > 0) {
            realWork--;
        }
    }

    /**
     * How many pieces of work announced by {@link #realWorkStarted()} have not finished yet.
     * Loop thread only.
     *
     * @return the count
     */
    public final int realWorkPending() {
        return realWork;
    }

    /**
     * Tells whether {@code error} stops the loop, as Python's {@code SystemExit} and
     * {@code KeyboardInterrupt} do: an {@link Error} other than {@link CancelledError} and
     * {@link GeneratorExit} (Python's other {@code BaseException}s that are not
     * {@code Exception}s) and other than a {@link VirtualMachineError} (out of memory, stack
     * overflow: Python's {@code MemoryError} and {@code RecursionError} are {@code Exception}s). A task that raises one stores it as its exception and re-raises it
     * out of the loop; a callback or an exception handler that raises one re-raises it; so
     * {@code run()} raises it at once, as {@code asyncio.run} does.
     *
     * @param error the exception raised by a task step or a callback
     * @return true if the loop must let it propagate instead of storing or reporting it
     * @apiNote Mirrors the {@code except (SystemExit, KeyboardInterrupt): raise} clauses of
     *     asyncio's {@code Task.__step}, {@code Handle._run} and
     *     {@code call_exception_handler}.
     */
    protected static boolean stopsTheLoop(Throwable error) {
        // OutOfMemoryError and StackOverflowError stand for Python's MemoryError and
        // RecursionError, which are Exceptions: asyncio reports them and goes on, and so must a
        // loop that has to survive running out of memory while it reports.
        return error instanceof Error
                && !(error instanceof CancelledError)
                && !(error instanceof GeneratorExit)
                && !(error instanceof VirtualMachineError);
    }

    /**
     * Tells the runtime's shared bookkeeping that this loop is closed; implementations call it
     * once, from {@link #close()}. A loop closed in debug mode stops counting as one.
     */
    protected final void loopClosed() {
        if (debug) {
            DebugReports.debugLoopRemoved();
        }
    }
}
