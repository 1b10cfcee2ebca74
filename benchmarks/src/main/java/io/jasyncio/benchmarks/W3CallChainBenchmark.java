package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.benchmarks.kotlin.KotlinPeers;
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
 * W3 call chain: {@code fib(27)} where every call is an {@code @Async} coroutine call that never
 * suspends; nanoseconds per call (fib(27) makes 635,621 calls). Run as one task on a loop made
 * once per trial. Peers in the same run: the plain recursive {@code int fib(int)} (the floor)
 * and Kotlin {@code suspend fun fib} in {@code runBlocking}. CPython:
 * {@code python/asyncio_bench.py}.
 *
 * <p>Last measured 2026-11-25 06:30 UTC, JDK 17.0.15 (OpenJDK, Debian), on the project's machine
 * (2 cores, AMD EPYC, shared with other builds, see README; load average 2.0), JMH defaults of this
 * class, one fork each, the two builds one after the other:
 * <pre>
 *                      branch w3 (direct awaits)          before (main at c7fc28b)
 *   jasyncio           3.22 ± 0.27 ns/call, 16 B/call      9.65 ± 0.11 ns/call, 40 B/call
 *   floor              0.80 ± 0.01 ns/call                 0.80 ± 0.01 ns/call
 *   Kotlin             8.29 ± 0.15 ns/call, 56 B/call      8.27 ± 0.08 ns/call, 56 B/call
 *   CPython 3.11     101 ns/call (earlier run)
 * </pre>
 * The 16 B per call: every other level's 32-byte frame. {@code await(fib(n - 1))} runs the
 * callee's body by a static call, which C2 inlines one level deep; the inlined level's frame is
 * never linked to anything that escapes, so it is scalar-replaced. The frames passed to the
 * calls C2 does not inline (recursion deeper than one level) are allocated.
 *
 * <p>Target (PERFORMANCE.md): at most 4 ns per call.
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
public class W3CallChainBenchmark {
    /** fib(27) calls fib 2 * fib(28) - 1 times. */
    static final int CALLS = 635_621;

    /** A field, not a constant, so that the compiler cannot fold the floor. */
    int n = 27;

    private EventLoop loop;

    @Setup
    public void setUp() {
        loop = Asyncio.newEventLoop();
        if (loop.runUntilComplete(fib(n)) != 196_418 || plainFib(n) != 196_418) {
            throw new AssertionError("fib(27) must be 196418");
        }
    }

    @TearDown
    public void tearDown() {
        loop.close();
    }

    @Async
    static Coroutine<Integer> fib(int n) {
        if (n < 2) {
            return done(n);
        }
        return done(await(fib(n - 1)) + await(fib(n - 2)));
    }

    static int plainFib(int n) {
        return n < 2 ? n : plainFib(n - 1) + plainFib(n - 2);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int jasyncio() {
        return loop.runUntilComplete(fib(n));
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int floor() {
        return plainFib(n);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int kotlin() {
        return KotlinPeers.INSTANCE.fib(n);
    }
}
