package io.jasyncio.benchmarks;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The virtual-thread peer of W1, W2 and W4, on one carrier thread; <b>JDK 21 or later only</b>
 * (the setup refuses older JDKs). run.sh runs it under {@code /usr/lib/jvm/temurin-25-jdk-amd64}
 * and leaves it out of the JDK 17 run.
 * <ul>
 *   <li>{@code w1Yield}: two virtual threads each {@code Thread.yield()} 1,000,000 times; ns per
 *       switch.</li>
 *   <li>{@code w1ParkUnpark}: two virtual threads hand a baton back and forth 2,000,000 times
 *       with {@code LockSupport.park}/{@code unpark}; ns per switch.</li>
 *   <li>{@code w2Spawn}: 1,000,000 virtual threads started from the benchmark's (platform)
 *       thread, each sleeps 10 ms, all joined; seconds.</li>
 *   <li>{@code w4Timers}: 1,000,000 virtual threads, each sleeps its W4 delay (the same seeded
 *       delays as {@link W4TimersBenchmark}) then counts; seconds.</li>
 * </ul>
 *
 * <p>Last measured 2026-11-25, JDK 25.0.3 (Temurin), on the project's machine (2 cores, AMD EPYC, 23
 * GiB, shared with other builds: CPU pressure up to 50%, see README), jasyncio at b3e0ec0; JMH, W1
 * 5 samples ± 99.9% confidence, W2 and W4 single-shot 2 runs; run.sh's short settings:
 * <pre>
 *   w1ParkUnpark    215 ± 37 ns/switch
 *   w1Yield         208 ± 17 ns/switch
 *   w2Spawn         2.62 s
 *   w4Timers        3.62 s
 * </pre>
 */
@Fork(
        value = 1,
        jvmArgs = {Agent.XMS, Agent.XMX, VirtualThreads.ONE_CARRIER, VirtualThreads.ONE_CARRIER_MAX},
        jvmArgsAppend = Agent.JVM_ARG)
@State(Scope.Thread)
public class VirtualThreadsBenchmark {
    private ThreadFactory factory;
    private long[] delaysNanos;

    @Setup
    public void setUp() {
        factory = VirtualThreads.factory();
        double[] d = W4TimersBenchmark.delays(W4TimersBenchmark.TIMERS);
        delaysNanos = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            delaysNanos[i] = (long) (d[i] * 1e9);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 5, time = 250, timeUnit = TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(W1SwitchBenchmark.SWITCHES)
    public void w1Yield() throws InterruptedException {
        int half = W1SwitchBenchmark.SWITCHES / 2;
        Runnable yielder = () -> {
            for (int i = 0; i < half; i++) {
                Thread.yield();
            }
        };
        Thread a = factory.newThread(yielder);
        Thread b = factory.newThread(yielder);
        a.start();
        b.start();
        a.join();
        b.join();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 5, time = 250, timeUnit = TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(W1SwitchBenchmark.SWITCHES)
    public void w1ParkUnpark() throws InterruptedException {
        int half = W1SwitchBenchmark.SWITCHES / 2;
        AtomicInteger turn = new AtomicInteger();
        Thread[] threads = new Thread[2];
        for (int me = 0; me < 2; me++) {
            int self = me;
            threads[me] = factory.newThread(() -> {
                for (int i = 0; i < half; i++) {
                    while (turn.get() != self) {
                        LockSupport.park();
                    }
                    turn.set(1 - self);
                    LockSupport.unpark(threads[1 - self]);
                }
            });
        }
        threads[0].start();
        threads[1].start();
        threads[0].join();
        threads[1].join();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 2)
    public int w2Spawn() throws InterruptedException {
        Thread[] threads = new Thread[W2SpawnBenchmark.TASKS];
        Runnable sleeper = () -> {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        for (int i = 0; i < threads.length; i++) {
            threads[i] = factory.newThread(sleeper);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return threads.length;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 2)
    public int w4Timers() throws InterruptedException {
        Thread[] threads = new Thread[delaysNanos.length];
        AtomicInteger fired = new AtomicInteger();
        for (int i = 0; i < threads.length; i++) {
            long d = delaysNanos[i];
            threads[i] = factory.newThread(() -> {
                try {
                    Thread.sleep(d / 1_000_000, (int) (d % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                fired.incrementAndGet();
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return fired.get();
    }
}
