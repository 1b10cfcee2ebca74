package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getRunningLoop;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Runner;
import io.jasyncio.benchmarks.kotlin.KotlinPeers;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W4 timers: 1,000,000 {@code callLater} callbacks with random delays in [0, 1 s), all run;
 * wall seconds per run.
 * <ul>
 *   <li>Real clock ({@code jasyncio}, {@code floor}, the peers): about 1 s of each figure is the
 *       last timer's delay; the target is about the rest ("past the last deadline" = figure -
 *       1 s).</li>
 *   <li>Virtual clock ({@code jasyncioVirtualClock}: the loop of {@code Runner.virtualTime()},
 *       which jumps to the next timer whenever nothing is ready): the figure is all CPU. Its floor
 *       is {@code floorNoWait}, the same heap drained without waiting.</li>
 * </ul>
 *
 * <p>The same delays (seeded) for every contender. Peers in the same run: a plain-Java floor (a
 * binary heap of (deadline, sequence, callback) in primitive arrays, {@link FloorTimerHeap},
 * drained as deadlines pass), the JDK's {@code ScheduledThreadPoolExecutor(1)}, and Kotlin (one
 * coroutine per timer, {@code delay} in {@code runBlocking}; kotlinx rounds delays up to whole
 * milliseconds). Virtual threads: {@link VirtualThreadsBenchmark}; CPython:
 * {@code python/asyncio_bench.py}.
 *
 * <p>Last measured 2026-11-25, JDK 17.0.15 (OpenJDK, Debian), on the project's machine (2 cores, AMD
 * EPYC, 23 GiB, shared with other builds: CPU pressure up to 50%, see README), jasyncio at
 * b3e0ec0; JMH single-shot, jasyncio 5 runs ± 99.9% confidence, peers 2 runs; run.sh's short
 * settings:
 * <pre>
 *   jasyncio               1.08 ± 0.08 s  (runs 1.06 to 1.12: 0.08 s past the last deadline)
 *   jasyncioVirtualClock   0.51 ± 0.21 s
 *   floor                  1.09 s;  floorNoWait 0.49 s
 *   ScheduledThreadPoolExecutor(1)   1.46 s
 *   Kotlin                 2.78 s   (5.52 s in the run before: two samples, a noisy peer)
 *   virtual threads        3.62 s   (JDK 25, one carrier)
 *   CPython 3.11           7.97 s
 * </pre>
 * Targets (PERFORMANCE.md): real clock at most 0.15 s past the last deadline (1.15 s in all);
 * virtual clock at most 0.8 s in all.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(
        value = 1,
        jvmArgs = {Agent.XMS, Agent.XMX},
        jvmArgsAppend = Agent.JVM_ARG)
@State(Scope.Thread)
public class W4TimersBenchmark {
    static final int TIMERS = 1_000_000;

    double[] delays;
    long[] delaysNanos;
    private EventLoop loop;
    private Runner virtualTime;

    @Setup
    public void setUp() {
        delays = delays(TIMERS);
        delaysNanos = new long[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            delaysNanos[i] = (long) (delays[i] * 1e9);
        }
        loop = Asyncio.newEventLoop();
        virtualTime = Runner.virtualTime();
    }

    /** The workload's delays, the same for every contender: uniform in [0, 1) s, seed 42. */
    static double[] delays(int n) {
        SplittableRandom random = new SplittableRandom(42);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = random.nextDouble();
        }
        return d;
    }

    @TearDown
    public void tearDown() {
        loop.close();
        virtualTime.close();
    }

    /** Counts fired timers; the last one completes the future the main coroutine awaits. */
    static final class Countdown implements Runnable {
        private final Future<Integer> allFired;
        private final int total;
        private int fired;

        Countdown(Future<Integer> allFired, int total) {
            this.allFired = allFired;
            this.total = total;
        }

        @Override
        public void run() {
            if (++fired == total) {
                allFired.setResult(fired);
            }
        }
    }

    @Async
    static Coroutine<Integer> timers(double[] delays) {
        EventLoop loop = getRunningLoop();
        Future<Integer> allFired = loop.createFuture();
        Countdown countdown = new Countdown(allFired, delays.length);
        for (double d : delays) {
            loop.callLater(d, countdown);
        }
        return done(await(allFired));
    }

    @Benchmark
    @Measurement(iterations = 5) // the peers take two samples (class default), jasyncio five
    public int jasyncio() {
        return loop.runUntilComplete(timers(delays));
    }

    @Benchmark
    @Measurement(iterations = 5)
    public int jasyncioVirtualClock() {
        return virtualTime.run(timers(delays));
    }

    @Benchmark
    public int floor() {
        return Floor.run(delaysNanos, true);
    }

    @Benchmark
    public int floorNoWait() {
        return Floor.run(delaysNanos, false);
    }

    @Benchmark
    public int scheduledThreadPoolExecutor() throws InterruptedException {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        try {
            CountDownLatch latch = new CountDownLatch(delaysNanos.length);
            Runnable countDown = latch::countDown;
            for (long d : delaysNanos) {
                executor.schedule(countDown, d, TimeUnit.NANOSECONDS);
            }
            latch.await();
            return delaysNanos.length;
        } finally {
            executor.shutdownNow();
        }
    }

    @Benchmark
    public int kotlin() {
        return KotlinPeers.INSTANCE.timers(delaysNanos);
    }

    /** The floor: a binary heap of timers, drained as their deadlines pass; nothing else. */
    static final class Floor {
        private Floor() {}

        static int run(long[] delaysNanos, boolean wait) {
            int[] fired = {0};
            Runnable count = () -> fired[0]++;
            FloorTimerHeap timers = new FloorTimerHeap();
            for (long d : delaysNanos) {
                timers.add(System.nanoTime() + d, count);
            }
            while (!timers.isEmpty()) {
                long untilFirst = timers.firstDeadline() - System.nanoTime();
                if (wait && untilFirst > 0) {
                    LockSupport.parkNanos(untilFirst);
                }
                long now = wait ? System.nanoTime() : Long.MAX_VALUE;
                while (!timers.isEmpty() && timers.firstDeadline() <= now) {
                    timers.poll().run();
                }
            }
            return fired[0];
        }
    }
}
