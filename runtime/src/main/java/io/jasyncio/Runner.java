package io.jasyncio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs several coroutines, one after the other, on one event loop, and cleans up when closed.
 *
 * <pre>{@code
 * try (Runner runner = new Runner()) {
 *     runner.run(setUp());
 *     runner.run(main());
 * }
 * }</pre>
 *
 * <p>Closing cancels the tasks still running and waits for them to finish cancelling (an
 * exception one of them raises on the way is reported to the loop's exception handler), closes
 * the unfinished async generators so their {@code finally} blocks run, shuts the default
 * executor down, and closes the loop. {@link Asyncio#run(Coroutine)} is a runner
 * used once.
 *
 * @apiNote Mirrors {@code asyncio.Runner}. {@link #virtualTime()} adds what asyncio lacks: a
 *     loop whose clock jumps to the next timer whenever nothing is ready, so simulated hours
 *     take no real time.
 */
public final class Runner implements AutoCloseable {
    private final boolean debug;
    private final Supplier<? extends EventLoop> loopFactory;
    private EventLoop loop;
    private boolean closed;
    /** The whole-run trace asked for by {@code -Djasyncio.trace=FILE}, or null. */
    private Trace trace;

    private static final AtomicInteger TRACED_RUNS = new AtomicInteger();

    /** A runner with debug mode set by the {@code jasyncio.debug} system property. */
    public Runner() {
        this(Boolean.getBoolean("jasyncio.debug"), Asyncio::newEventLoop);
    }

    /**
     * A runner with debug mode on or off.
     *
     * @param debug whether the loop runs in debug mode
     */
    public Runner(boolean debug) {
        this(debug, Asyncio::newEventLoop);
    }

    /**
     * A runner whose loop comes from {@code loopFactory}, called on the first {@link #run}.
     *
     * @param debug whether the loop runs in debug mode
     * @param loopFactory creates the loop
     * @throws NullPointerException if {@code loopFactory} is null
     * @apiNote Mirrors {@code asyncio.Runner(debug=debug, loop_factory=loop_factory)}.
     */
    public Runner(boolean debug, Supplier<? extends EventLoop> loopFactory) {
        if (loopFactory == null) {
            throw new NullPointerException("loopFactory");
        }
        this.debug = debug;
        this.loopFactory = loopFactory;
    }

    /**
     * A runner on a loop with a virtual clock: time starts at 0 and, whenever nothing is ready
     * to run, jumps to the next timer, so {@code sleep(3600)} returns at once with
     * {@link EventLoop#time()} advanced by 3600.
     *
     * @return the runner
     */
    public static Runner virtualTime() {
        return new Runner(false, () -> Asyncio.newEventLoop(new VirtualClock()));
    }

    /**
     * Runs {@code coro} in a task on this runner's loop until it is done, and returns its result.
     *
     * @param coro the coroutine
     * @param <T> the result type
     * @return the coroutine's result
     * @throws IllegalStateException if the runner is closed, or a loop is already running in
     *     this thread
     * @apiNote Mirrors {@code Runner.run(coro)}. An exception of {@code coro} is rethrown as
     *     it is, checked or not.
     */
    public <T> T run(Coroutine<T> coro) {
        if (coro == null) {
            throw new NullPointerException("coro");
        }
        if (EventLoop.runningLoop() != null) {
            throw new IllegalStateException("Runner.run() cannot be called from a running event loop");
        }
        return getLoop().runUntilComplete(coro);
    }

    /**
     * The runner's loop, created on first use.
     *
     * @return the loop
     * @throws IllegalStateException if the runner is closed
     * @apiNote Mirrors {@code Runner.get_loop()}.
     */
    public EventLoop getLoop() {
        if (closed) {
            throw new IllegalStateException("Runner is closed");
        }
        if (loop == null) {
            loop = loopFactory.get();
            loop.setDebug(debug);
            if (System.getProperty("jasyncio.trace") != null) {
                trace = loop.startTrace(); // null for a loop that cannot be traced
            }
        }
        return loop;
    }

    /**
     * Cancels the remaining tasks, closes the unfinished async generators
     * ({@link EventLoop#shutdownAsyncgens()}), shuts the default executor down and closes the
     * loop. Closing twice does nothing.
     *
     * @apiNote Mirrors {@code Runner.close()}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop == null) {
            return;
        }
        try {
            cancelAllTasks(loop);
            loop.runUntilComplete(loop.shutdownAsyncgens());
            loop.runUntilComplete(loop.shutdownDefaultExecutor());
        } finally {
            if (trace != null) {
                writeTrace(trace);
            }
            loop.close();
        }
    }

    /** Writes the whole-run trace: the first runner to the file named, later ones beside it. */
    private static void writeTrace(Trace trace) {
        trace.close();
        String name = System.getProperty("jasyncio.trace");
        int n = TRACED_RUNS.incrementAndGet();
        if (n > 1) {
            int dot = name.lastIndexOf('.');
            name = dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
        }
        Path file = Path.of(name);
        try {
            if (name.endsWith(".svg")) {
                trace.writeSvg(file);
            } else {
                trace.writeHtml(file);
            }
        } catch (IOException | RuntimeException e) {
            System.getLogger("io.jasyncio")
                    .log(System.Logger.Level.WARNING, "jasyncio.trace: could not write " + file, e);
        }
    }

    /** asyncio.runners._cancel_all_tasks: cancel, wait for all, report what failed instead. */
    private static void cancelAllTasks(EventLoop loop) {
        List<Task<?>> toCancel = loop.allTasks();
        if (toCancel.isEmpty()) {
            return;
        }
        for (Task<?> t : toCancel) {
            t.cancel();
        }
        loop.runUntilComplete(GatheringFuture.gather(loop, true, toCancel.toArray(new Awaitable<?>[0])));
        for (Task<?> t : toCancel) {
            if (!t.cancelled() && t.exception() != null) {
                loop.callExceptionHandler(
                        ErrorContext.ofTask("unhandled exception during asyncio.run() shutdown", t.exception(), t));
            }
        }
    }
}
