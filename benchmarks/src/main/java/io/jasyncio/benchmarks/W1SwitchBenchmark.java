package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.benchmarks.kotlin.KotlinPeers;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1 switch: two tasks hand control back and forth through the loop 2,000,000 times, each
 * {@code await(sleep(0))} in a loop; nanoseconds per switch. Peers in the same run: a plain-Java
 * floor (two {@code Runnable}s re-queueing themselves on an {@code ArrayDeque}) and Kotlin
 * ({@code yield()} in two coroutines of one {@code runBlocking}). Virtual threads:
 * {@link VirtualThreadsBenchmark}; CPython: {@code python/asyncio_bench.py}.
 *
 * <p>Last measured 2026-11-25, JDK 17.0.15 (OpenJDK, Debian), on the project's machine (2 cores, AMD
 * EPYC, 23 GiB, shared with other builds, see README), jasyncio at d501199; JMH average of 10
 * samples ± 99.9% confidence; run.sh's short settings:
 * <pre>
 *   jasyncio           16.0 ± 0.16 ns/switch  (0 B allocated; 41.7 and 56 B at b3e0ec0)
 *   floor               6.9 ± 0.06 ns/switch
 *   Kotlin             35.4 ± 0.27 ns/switch   (kotlinx.coroutines 1.11.0, Kotlin 2.4.21)
 *   virtual threads   215 (park/unpark), 212 (Thread.yield) ns/switch   (JDK 25, one carrier)
 *   CPython 3.11      1,751 ns/switch
 * </pre>
 * Target (PERFORMANCE.md): at most 15 ns per switch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 250, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgs = {Agent.XMS, Agent.XMX},
        jvmArgsAppend = Agent.JVM_ARG)
@State(Scope.Thread)
public class W1SwitchBenchmark {
    /** Switches per operation; JMH divides by it. */
    static final int SWITCHES = 2_000_000;

    private EventLoop loop;
    /** The same loop with the blocked-loop watchdog on: its cost when nothing blocks. */
    private EventLoop watched;

    @Setup
    public void setUp() {
        loop = Asyncio.newEventLoop();
        watched = Asyncio.newEventLoop();
        watched.setBlockedLoopWatchdog(true);
    }

    @TearDown
    public void tearDown() {
        loop.close();
        watched.close();
    }

    @Async
    static Coroutine<Void> yielder(int n) {
        for (int i = 0; i < n; i++) {
            await(sleep(0));
        }
        return done();
    }

    @Async
    static Coroutine<Void> pingPong(int switches) {
        await(gather(yielder(switches / 2), yielder(switches / 2)));
        return done();
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void jasyncio() {
        loop.runUntilComplete(pingPong(SWITCHES));
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void jasyncioWatchdog() {
        watched.runUntilComplete(pingPong(SWITCHES));
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public long floor() {
        return Floor.run(SWITCHES);
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void kotlin() {
        KotlinPeers.INSTANCE.switches(SWITCHES);
    }

    /** The floor: a ready queue and two callbacks that re-queue themselves; no coroutine. */
    static final class Floor implements Runnable {
        private final ArrayDeque<Runnable> ready;
        private int left;
        private long work;

        private Floor(ArrayDeque<Runnable> ready, int left) {
            this.ready = ready;
            this.left = left;
        }

        @Override
        public void run() {
            work++;
            if (--left > 0) {
                ready.add(this);
            }
        }

        static long run(int switches) {
            ArrayDeque<Runnable> ready = new ArrayDeque<>();
            Floor a = new Floor(ready, switches / 2);
            Floor b = new Floor(ready, switches / 2);
            ready.add(a);
            ready.add(b);
            for (Runnable r; (r = ready.poll()) != null; ) {
                r.run();
            }
            return a.work + b.work;
        }
    }
}
