package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.benchmarks.kotlin.KotlinPeers;
import java.util.ArrayDeque;
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
 * W2 spawn: 1,000,000 tasks, each {@code await(sleep(0.010))} then finish, all gathered; wall
 * seconds per run (one run per JMH iteration). Peers in the same run: a plain-Java floor (a
 * million small task objects through a ready queue and a timer heap) and Kotlin (a million
 * {@code launch { delay(10) }} in {@code runBlocking}, all joined). Retained bytes per sleeping
 * task: {@link W5Memory}. Virtual threads: {@link VirtualThreadsBenchmark}; CPython:
 * {@code python/asyncio_bench.py}.
 *
 * <p>Last measured 2026-11-25, JDK 17.0.15 (OpenJDK, Debian), on the project's machine (2 cores, AMD
 * EPYC, 23 GiB, shared with other builds, see README), jasyncio at
 * d501199; JMH single-shot, jasyncio 5 runs ± 99.9% confidence, peers 2 runs; run.sh's short
 * settings:
 * <pre>
 *   jasyncio          0.449 ± 0.12 s  (retained: 177 B per gathered sleeping task; 1.49 s, 321 B at b3e0ec0)
 *   floor             0.325 s         (55 B)
 *   Kotlin            0.970 s         (306 B)
 *   virtual threads   3.28 s          (JDK 25, one carrier, started from the main thread; 727 B)
 *   CPython 3.11     21.6 s           (1,365 B)
 * </pre>
 * Target (PERFORMANCE.md): at most 0.5 s, and at most 128 retained bytes per sleeping task.
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
public class W2SpawnBenchmark {
    static final int TASKS = 1_000_000;
    static final double SLEEP_SECONDS = 0.010;

    private EventLoop loop;

    @Setup
    public void setUp() {
        loop = Asyncio.newEventLoop();
    }

    @TearDown
    public void tearDown() {
        loop.close();
    }

    @Async
    static Coroutine<Void> sleeper() {
        await(sleep(SLEEP_SECONDS));
        return done();
    }

    @Async
    static Coroutine<Integer> spawn(int n) {
        Awaitable<?>[] sleepers = new Awaitable<?>[n];
        for (int i = 0; i < n; i++) {
            sleepers[i] = sleeper();
        }
        return done(await(gather(sleepers)).size());
    }

    @Benchmark
    @Measurement(iterations = 5) // the peers take two samples (class default), jasyncio five
    public int jasyncio() {
        return loop.runUntilComplete(spawn(TASKS));
    }

    @Benchmark
    public int floor() {
        return Floor.run(TASKS, (long) (SLEEP_SECONDS * 1e9));
    }

    @Benchmark
    public void kotlin() {
        KotlinPeers.INSTANCE.spawn(TASKS);
    }

    /**
     * The floor: each "task" is an object run once from a ready queue, where it puts a timer
     * entry on a binary heap ({@link FloorTimerHeap}); the loop waits for the first deadline,
     * then runs the due entries, each of which finishes its task and counts it; the run ends
     * when all are counted.
     */
    static final class Floor {
        private Floor() {}

        static final class Task implements Runnable {
            final Floor.Loop loop;
            boolean finished;

            Task(Floor.Loop loop) {
                this.loop = loop;
            }

            @Override
            public void run() {
                if (!finished) {
                    finished = true;
                    loop.timers.add(System.nanoTime() + loop.sleepNanos, this);
                } else {
                    loop.done++;
                }
            }
        }

        static final class Loop {
            final ArrayDeque<Runnable> ready = new ArrayDeque<>();
            final FloorTimerHeap timers = new FloorTimerHeap();
            final long sleepNanos;
            int done;

            Loop(long sleepNanos) {
                this.sleepNanos = sleepNanos;
            }
        }

        static int run(int n, long sleepNanos) {
            Loop loop = new Loop(sleepNanos);
            for (int i = 0; i < n; i++) {
                loop.ready.add(new Task(loop));
            }
            while (loop.done < n) {
                for (Runnable r; (r = loop.ready.poll()) != null; ) {
                    r.run();
                }
                if (loop.timers.isEmpty()) {
                    break;
                }
                long wait = loop.timers.firstDeadline() - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long now = System.nanoTime();
                while (!loop.timers.isEmpty() && loop.timers.firstDeadline() <= now) {
                    loop.ready.add(loop.timers.poll());
                }
            }
            return loop.done;
        }
    }
}
