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
import java.util.List;
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
 * Gather fan-out (not one of PERFORMANCE.md's numbered workloads, so it has no target): one
 * coroutine gathers 10,000 children, each {@code await(sleep(0))} once and returns its index;
 * the results are summed. Nanoseconds per child, which covers wrapping the child in a task, two
 * steps of it, and the gather's bookkeeping and result list. Peers in the same run: a plain-Java
 * floor (10,000 callbacks run twice from a ready queue, writing results into an array) and
 * Kotlin ({@code async { yield(); i }} then {@code awaitAll()}). CPython:
 * {@code python/asyncio_bench.py}.
 *
 * <p>Last measured 2026-11-25, JDK 17.0.15 (OpenJDK, Debian), on the project's machine (2 cores, AMD
 * EPYC, 23 GiB, shared with other builds: CPU pressure up to 50%, see README), jasyncio at
 * b3e0ec0; JMH average of 10 samples ± 99.9% confidence; run.sh's short settings:
 * <pre>
 *   jasyncio          165 ± 72 ns/child   (141 to 153 once warm)
 *   floor              11.8 ± 0.8 ns/child
 *   Kotlin            324 ± 88 ns/child
 *   CPython 3.11     7,692 ns/child
 * </pre>
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
public class GatherFanOutBenchmark {
    static final int CHILDREN = 10_000;
    static final long EXPECTED_SUM = (long) CHILDREN * (CHILDREN - 1) / 2;

    private EventLoop loop;

    @Setup
    public void setUp() {
        loop = Asyncio.newEventLoop();
        if (jasyncio() != EXPECTED_SUM || floor() != EXPECTED_SUM || kotlin() != EXPECTED_SUM) {
            throw new AssertionError("every contender must sum 0..n-1");
        }
    }

    @TearDown
    public void tearDown() {
        loop.close();
    }

    @Async
    static Coroutine<Integer> child(int i) {
        await(sleep(0));
        return done(i);
    }

    @Async
    static Coroutine<Long> fanOut(int n) {
        Awaitable<?>[] children = new Awaitable<?>[n];
        for (int i = 0; i < n; i++) {
            children[i] = child(i);
        }
        List<Object> results = await(gather(children));
        long sum = 0;
        for (Object r : results) {
            sum += (Integer) r;
        }
        return done(sum);
    }

    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    public long jasyncio() {
        return loop.runUntilComplete(fanOut(CHILDREN));
    }

    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    public long floor() {
        return Floor.run(CHILDREN);
    }

    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    public long kotlin() {
        return KotlinPeers.INSTANCE.fanOut(CHILDREN);
    }

    /** The floor: each child is a callback run twice (a yield, then its result), nothing more. */
    static final class Floor implements Runnable {
        private final ArrayDeque<Runnable> ready;
        private final long[] results;
        private final int index;
        private boolean yielded;

        private Floor(ArrayDeque<Runnable> ready, long[] results, int index) {
            this.ready = ready;
            this.results = results;
            this.index = index;
        }

        @Override
        public void run() {
            if (!yielded) {
                yielded = true;
                ready.add(this);
            } else {
                results[index] = index;
            }
        }

        static long run(int n) {
            ArrayDeque<Runnable> ready = new ArrayDeque<>();
            long[] results = new long[n];
            for (int i = 0; i < n; i++) {
                ready.add(new Floor(ready, results, i));
            }
            for (Runnable r; (r = ready.poll()) != null; ) {
                r.run();
            }
            long sum = 0;
            for (long r : results) {
                sum += r;
            }
            return sum;
        }
    }
}
