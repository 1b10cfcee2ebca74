package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Queue;
import io.jasyncio.Task;
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
 * Producer/consumer (not one of PERFORMANCE.md's numbered workloads, so it has no target): a
 * producer {@code await(q.put(i))} 100,000 integers into a {@code Queue(100)}, a consumer task
 * {@code await(q.get())} them and sums; nanoseconds per item. Peers in the same run: a plain-Java
 * floor (a bounded {@code ArrayDeque} that a producer callback fills and a consumer callback
 * drains, taking turns on a ready queue) and Kotlin ({@code Channel(100)}, {@code send} and
 * {@code receive} in {@code runBlocking}). CPython: {@code python/asyncio_bench.py}
 * ({@code asyncio.Queue(100)}).
 *
 * <p>Last measured 2026-11-25, JDK 17.0.15 (OpenJDK, Debian), on the project's machine (2 cores, AMD
 * EPYC, 23 GiB, shared with other builds: CPU pressure up to 50%, see README), jasyncio at
 * b3e0ec0; JMH average of 10 samples ± 99.9% confidence; run.sh's short settings:
 * <pre>
 *   jasyncio          34.2 ± 0.8 ns/item
 *   floor              5.9 ± 0.1 ns/item
 *   Kotlin            37.2 ± 9.0 ns/item   (33.5 once warm)
 *   CPython 3.11     795 ns/item
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 250, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgs = {Agent.XMS, Agent.XMX},
        jvmArgsAppend = Agent.JVM_ARG)
@State(Scope.Thread)
public class ProducerConsumerBenchmark {
    static final int ITEMS = 100_000;
    static final int CAPACITY = 100;
    static final long EXPECTED_SUM = (long) ITEMS * (ITEMS - 1) / 2;

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
    static Coroutine<Void> producer(Queue<Integer> q, int n) {
        for (int i = 0; i < n; i++) {
            await(q.put(i));
        }
        return done();
    }

    @Async
    static Coroutine<Long> consumer(Queue<Integer> q, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(q.get());
        }
        return done(sum);
    }

    @Async
    static Coroutine<Long> pipeline(int n, int capacity) {
        Queue<Integer> q = new Queue<>(capacity);
        Task<Long> c = createTask(consumer(q, n));
        await(producer(q, n));
        return done(await(c));
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long jasyncio() {
        return loop.runUntilComplete(pipeline(ITEMS, CAPACITY));
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long floor() {
        return Floor.run(ITEMS, CAPACITY);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long kotlin() {
        return KotlinPeers.INSTANCE.producerConsumer(ITEMS, CAPACITY);
    }

    /** The floor: two callbacks taking turns on a ready queue around a bounded buffer. */
    static final class Floor {
        private Floor() {}

        static long run(int n, int capacity) {
            ArrayDeque<Runnable> ready = new ArrayDeque<>();
            ArrayDeque<Integer> buffer = new ArrayDeque<>(capacity);
            int[] produced = {0};
            int[] consumed = {0};
            long[] sum = {0};
            Runnable[] consumer = new Runnable[1];
            Runnable producer = new Runnable() {
                @Override
                public void run() {
                    while (produced[0] < n && buffer.size() < capacity) {
                        buffer.add(produced[0]++);
                    }
                    ready.add(consumer[0]);
                }
            };
            consumer[0] = () -> {
                for (Integer item; (item = buffer.poll()) != null; ) {
                    sum[0] += item;
                    consumed[0]++;
                }
                if (consumed[0] < n) {
                    ready.add(producer);
                }
            };
            ready.add(producer);
            for (Runnable r; (r = ready.poll()) != null; ) {
                r.run();
            }
            return sum[0];
        }
    }
}
