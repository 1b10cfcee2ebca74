package io.jasyncio.junit;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Runner;
import io.jasyncio.SlowCallback;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The event loop of one test, handed to test and lifecycle methods by the
 * {@link AsyncioExtension}: run coroutines on it, read its clock, and move virtual time by hand.
 *
 * <p>The same instance serves the test's {@code @BeforeEach} methods, the test and its
 * {@code @AfterEach} methods; the extension closes it after the last of them, once it has
 * checked the test's hygiene (see {@link AsyncioTest}). Test thread only: call it from the test
 * method, never from inside a coroutine (there, {@code await} instead).
 *
 * <p>On virtual time (the default, unless {@link RealTime}) the clock starts at 0 and jumps to
 * the next timer whenever nothing is ready, so {@code sleep(3600)} returns at once with
 * {@link #time()} advanced by 3600. While real work is pending (a socket, an executor job, a
 * child process), it first waits for it in real time, up to the {@link AutojumpThreshold}.
 *
 * @apiNote Plays the role of kotlinx-coroutines-test's {@code TestScope}/{@code runTest} and
 *     trio's {@code MockClock} with {@code autojump_threshold}.
 */
public final class TestLoop {
    /** How many loop iterations {@link #runUntilIdle()} allows before it gives up. */
    private static final int IDLE_ITERATION_LIMIT = 1_000_000;

    private static final Runnable NOOP = () -> {};

    private final EventLoop loop;
    private final VirtualClock clock;
    private final Runner runner;
    private final Thread owner;
    private final double loopDeadline;
    private final double loopTimeoutSeconds;
    private final long slowCallbackNanos;

    /** Coroutines the test thread created; pruned of started ones as it grows. */
    private final List<Coroutine<?>> created = new ArrayList<>();

    private int pruneAt = 1024;
    private final List<Task<?>> tasks = new ArrayList<>();
    private final List<SlowCallback> slowCallbacks = new ArrayList<>();
    /** The virtual clock's jumps past pending real work, in words; any thread may add. */
    private final List<String> realWorkJumps = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<ErrorContext> errors = new ArrayList<>();

    private Task<?> main;
    private volatile String timeoutMessage;
    private boolean timeoutReported;
    private boolean closed;

    TestLoop(boolean virtual, double loopTimeoutSeconds, double blockedSeconds, Duration autojumpThreshold) {
        this.clock = virtual ? new VirtualClock(autojumpThreshold) : null;
        if (clock != null) {
            clock.setRealWorkListener(realWorkJumps::add);
        }
        this.loop = virtual ? Asyncio.newEventLoop(clock) : Asyncio.newEventLoop();
        this.runner = new Runner(false, () -> loop);
        runner.getLoop();
        this.owner = Thread.currentThread();
        this.loopDeadline = loop.time() + loopTimeoutSeconds;
        this.loopTimeoutSeconds = loopTimeoutSeconds;
        this.slowCallbackNanos = blockedSeconds > 0 ? Math.round(blockedSeconds * 1e9) : 0;
        loop.setTaskCreationListener(tasks::add);
        loop.setExceptionHandler((l, context) -> errors.add(context));
        if (slowCallbackNanos > 0) {
            loop.setSlowCallbackDuration(blockedSeconds);
            loop.setSlowCallbackListener(slowCallbacks::add);
            // The watchdog samples the blocked step, so the failure names the line.
            loop.setBlockedLoopWatchdog(true);
        }
    }

    /**
     * Runs {@code coro} in a task on this test's loop until it is done, and returns its result.
     * Tasks it starts and does not await keep their state when it returns; the next
     * {@code run} continues them.
     *
     * @param coro the coroutine, typically a call to an {@code @Async} method
     * @param <T> the result type
     * @return the coroutine's result
     * @throws org.opentest4j.AssertionFailedError if an {@link AsyncioTimeout} expired while it
     *     ran (the coroutine was cancelled)
     * @throws IllegalStateException if called from inside a coroutine, or after the test
     * @apiNote Mirrors {@code asyncio.Runner.run(coro)}; the coroutine's own exception is
     *     rethrown as it is, checked or not.
     */
    public <T> T run(Coroutine<T> coro) {
        checkUsable();
        if (loop.isRunning()) {
            throw new IllegalStateException("TestLoop.run() was called from inside a coroutine: await instead");
        }
        Task<T> task = loop.createTask(coro);
        main = task;
        TimerHandle limit = loopTimeoutSeconds > 0
                ? loop.callAt(
                        loopDeadline,
                        () -> abort(String.format(
                                "the test timed out after %.3f s of loop time (@AsyncioTimeout(loop = %s))",
                                loopTimeoutSeconds, loopTimeoutSeconds)))
                : null;
        T result;
        try {
            result = loop.runUntilComplete(task);
        } catch (Throwable t) {
            if (timeoutMessage != null) {
                throw timeoutFailure(t);
            }
            throw t;
        } finally {
            main = null;
            if (limit != null) {
                limit.cancel();
            }
        }
        if (timeoutMessage != null) {
            throw timeoutFailure(null);
        }
        return result;
    }

    /**
     * Runs the loop until nothing is ready to run and no timer is due, without moving the
     * clock: the test then sees the state every task reaches before it next needs time to pass.
     *
     * @throws IllegalStateException if called from inside a coroutine, after the test, or if
     *     the loop never goes idle (a task that yields forever)
     * @apiNote Mirrors kotlinx-coroutines-test's {@code runCurrent()} and trio's
     *     {@code wait_all_tasks_blocked()}.
     */
    public void runUntilIdle() {
        idle();
    }

    private long idle() {
        checkUsable();
        for (int i = 0; i < IDLE_ITERATION_LIMIT; i++) {
            // Something ready keeps step() from jumping the virtual clock to the next timer.
            loop.callSoon(NOOP);
            long next = loop.step();
            if (next != 0) {
                return next;
            }
        }
        throw new IllegalStateException("the loop did not go idle in " + IDLE_ITERATION_LIMIT + " iterations");
    }

    /**
     * Moves virtual time forward by {@code seconds}, running every timer due on the way at its
     * own deadline (the clock reads each timer's deadline while it runs), then everything ready
     * at the end.
     *
     * @param seconds how far to move; 0 runs until idle
     * @throws IllegalStateException if the test runs on {@link RealTime}, is called from inside
     *     a coroutine, or after the test
     * @throws IllegalArgumentException if {@code seconds} is negative or NaN
     * @apiNote Mirrors kotlinx-coroutines-test's {@code advanceTimeBy} and trio's
     *     {@code MockClock.jump}.
     */
    public void advance(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("cannot move time backwards: " + seconds);
        }
        if (clock == null) {
            throw new IllegalStateException("the test runs on real time (@RealTime): it cannot advance the clock");
        }
        long target = clock.nanoTime() + Math.round(seconds * 1e9);
        long next;
        while ((next = idle()) > 0 && clock.nanoTime() + next <= target) {
            clock.advanceBy(next);
        }
        clock.advanceTo(target);
        idle();
    }

    /**
     * Moves virtual time forward by {@code delay}; see {@link #advance(double)}.
     *
     * @param delay how far to move
     * @throws IllegalStateException as {@link #advance(double)}
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public void advance(Duration delay) {
        advance(delay.toNanos() / 1e9);
    }

    /**
     * The loop's time in seconds: on virtual time, 0 at the start of the test plus every jump.
     *
     * @return {@link EventLoop#time()}
     */
    public double time() {
        return loop.time();
    }

    /**
     * Tells whether the loop runs on virtual time.
     *
     * @return false for a {@link RealTime} test
     */
    public boolean isVirtual() {
        return clock != null;
    }

    /**
     * The event loop itself, for code under test that takes one.
     *
     * @return the loop
     */
    public EventLoop loop() {
        return loop;
    }

    // ------------------------------------------------------------------------------------------
    // For the extension

    Thread owner() {
        return owner;
    }

    /** Records a coroutine the test thread created. */
    void created(Coroutine<?> frame) {
        created.add(frame);
        if (created.size() >= pruneAt) {
            created.removeIf(Coroutine::isStarted);
            pruneAt = Math.max(1024, created.size() * 2);
        }
    }

    /** Any thread: a wall-time limit expired. */
    void wallTimeExpired(String message) {
        if (timeoutMessage != null) {
            return;
        }
        timeoutMessage = message;
        try {
            loop.callSoonThreadsafe(() -> abort(message));
        } catch (IllegalStateException closedAlready) {
            // Nothing runs on the loop any more; the interrupt frees the thread.
        }
        owner.interrupt();
    }

    boolean timedOut() {
        return timeoutMessage != null;
    }

    /** Loop thread: a limit expired; cancel what run() is running. */
    private void abort(String message) {
        if (timeoutMessage == null) {
            timeoutMessage = message;
        }
        Task<?> m = main;
        if (m != null) {
            m.cancel(message);
        }
    }

    AssertionError timeoutFailure(Throwable cause) {
        timeoutReported = true;
        Thread.interrupted(); // the wall-time watchdog's interrupt is spent
        return new org.opentest4j.AssertionFailedError(timeoutMessage, cause);
    }

    /**
     * Checks the test's hygiene, closes the loop and returns what went wrong, in the order the
     * checks ran. The order matters: exceptions are inspected before closing, which retrieves
     * those of the tasks it cancels; coroutines after, when cancelled tasks have finished theirs.
     */
    List<Problem> closeAndCheck() {
        List<Problem> problems = new ArrayList<>();
        if (closed) {
            return problems;
        }
        List<Task<?>> pending = loop.isClosed() ? List.of() : loop.allTasks();
        if (!pending.isEmpty()) {
            StringBuilder sb = new StringBuilder()
                    .append(pending.size())
                    .append(pending.size() == 1 ? " task was" : " tasks were")
                    .append(" still pending at the end of the test (await or cancel them):");
            for (Task<?> t : pending) {
                sb.append("\n  ").append(t);
            }
            problems.add(new Problem(sb.toString(), null));
        }
        for (Task<?> t : tasks) {
            if (t.exceptionNeverRetrieved()) {
                Throwable e = t.exception();
                problems.add(new Problem("Task exception was never retrieved: " + t, e));
            }
        }
        closed = true;
        try {
            runner.close();
        } finally {
            loop.setSlowCallbackListener(null);
            loop.setBlockedLoopWatchdog(false);
            loop.setTaskCreationListener(null);
        }
        // Python warns of a coroutine never awaited, not of a generator never iterated: the
        // creation listener is told of coroutines only.
        for (Coroutine<?> f : created) {
            if (!f.isStarted()) {
                problems.add(new Problem(
                        "coroutine " + f.getName() + "() was never awaited (created by the test"
                                + " and never started: await it, or wrap it in a task)",
                        null));
            }
        }
        created.clear();
        for (SlowCallback slow : slowCallbacks) {
            String at = slow.blockedAt();
            Throwable stack = null;
            if (at != null) {
                stack = new Throwable("the loop thread's stack while it was blocked");
                stack.setStackTrace(slow.stack().toArray(StackTraceElement[]::new));
            }
            problems.add(new Problem(
                    String.format(
                            "the loop was blocked for %.3f s (threshold %.3f s) by %s%s",
                            slow.nanos() / 1e9,
                            slowCallbackNanos / 1e9,
                            slow.callback(),
                            at != null ? "\n  blocked in " + at : ""),
                    stack));
        }
        for (ErrorContext c : errors) {
            problems.add(new Problem(
                    "the loop's exception handler was called: " + c.message()
                            + (c.future() != null ? "\n  future: " + c.future() : "")
                            + (c.task() != null ? "\n  task: " + c.task() : ""),
                    c.exception()));
        }
        if (timeoutMessage != null && !timeoutReported) {
            timeoutReported = true;
            problems.add(new Problem(timeoutMessage, null));
        }
        return problems;
    }

    /**
     * The virtual clock's jumps past pending real work during the test, each described in
     * words; empty on {@link RealTime}.
     */
    List<String> realWorkJumps() {
        return List.copyOf(realWorkJumps);
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("the test's loop is closed: the test is over");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("TestLoop is for the test thread " + owner.getName() + ", not "
                    + Thread.currentThread().getName());
        }
    }

    /** One hygiene failure: a message and, when an exception caused it, the exception. */
    record Problem(String message, Throwable cause) {}
}
