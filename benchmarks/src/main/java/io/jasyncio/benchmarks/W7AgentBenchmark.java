package io.jasyncio.benchmarks;

import io.jasyncio.agent.internal.ClassFileTypeResolver;
import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import io.jasyncio.agent.internal.transform.ScanForAsync;
import io.jasyncio.agent.internal.transform.TypeResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W7 agent: what the transformer costs per class, on the path the agent takes for every class
 * the JVM loads ({@code AsyncClassFileTransformer}: a scan of the raw constant pool, where a class
 * without coroutines stops; else the class loader's shared bytes-based type resolver, cached
 * weakly per loader, a fresh {@code CoroutineTransformer}, {@code transform(bytes)}).
 * <ul>
 *   <li>{@code instrument}: {@link W7Fixture} (four coroutines, seven awaits) rewritten
 *       from its original bytes; microseconds per class (classes per second = 1e6 / figure).</li>
 *   <li>{@code instrumentSharedResolver}: the same with one resolver (including the class's own
 *       bytes) for all runs. Before the agent cached a resolver per loader, the difference was
 *       the cost of reading hierarchies again for every class; now both paths share the
 *       loader's warm cache.</li>
 *   <li>{@code scanString}, {@code scanHashMap}: the bytes of {@code java.lang.String} and
 *       {@code java.util.HashMap}, which have no coroutine, through the same path (the agent
 *       itself skips {@code java.*} by name; these stand for any large application class).</li>
 * </ul>
 * The transformer's classes come from the agent jar attached to the fork (see the pom), so this
 * measures the shipped, shaded transformer. No peer.
 *
 * <p>Last measured 2026-11-25, JDK 17.0.15 (OpenJDK, Debian), on the project's machine (2 cores, AMD
 * EPYC, 23 GiB, shared with other builds, see README), jasyncio at
 * d501199; JMH average of 10 samples ± 99.9% confidence; run.sh's short settings:
 * <pre>
 *   instrument                 154 ± 12 µs/class   (about 6,500 classes per second; 514 at b3e0ec0)
 *   instrumentSharedResolver   146 ± 2 µs/class
 *   scanString                 3.38 ± 0.08 µs/class (48 B allocated, by the benchmark's own path; 11.3 at b3e0ec0)
 *   scanHashMap                1.59 ± 0.004 µs/class (5.1 at b3e0ec0)
 * </pre>
 * Target (PERFORMANCE.md): a class without coroutines costs under 10 µs to scan.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 250, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgs = {Agent.XMS, Agent.XMX},
        jvmArgsAppend = Agent.JVM_ARG)
@State(Scope.Thread)
public class W7AgentBenchmark {
    /** Named, not referenced, so that the fixture is never loaded (nor rewritten by the agent). */
    private static final String FIXTURE = "io/jasyncio/benchmarks/W7Fixture";

    private ClassLoader loader;
    private byte[] fixture;
    private byte[] string;
    private byte[] hashMap;
    private TypeResolver sharedResolver;

    @Setup
    public void setUp() {
        loader = W7AgentBenchmark.class.getClassLoader();
        fixture = read(loader, FIXTURE + ".class");
        string = read(String.class, "String.class");
        hashMap = read(HashMap.class, "HashMap.class");
        sharedResolver = ClassFileTypeResolver.forLoader(loader, FIXTURE, fixture);
        if (instrument() == null || scanString() != null || scanHashMap() != null) {
            throw new AssertionError("the fixture must be rewritten, String and HashMap left alone");
        }
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Class<?> neighbour, String resource) {
        try (InputStream in = neighbour.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the agent does for one class: the raw constant-pool scan, then, for a class that
     * needs it, its loader's shared resolver and a fresh transformer.
     */
    private byte[] agentPath(String className, byte[] bytes) {
        if (!ScanForAsync.needsTransform(bytes)) {
            return null;
        }
        return new CoroutineTransformer(ClassFileTypeResolver.forLoader(loader, className, bytes)).transform(bytes);
    }

    @Benchmark
    @Warmup(iterations = 24, time = 500, timeUnit = TimeUnit.MILLISECONDS) // C2 needs ~10 s for ASM's big methods
    public byte[] instrument() {
        return agentPath(FIXTURE, fixture);
    }

    @Benchmark
    @Warmup(iterations = 24, time = 500, timeUnit = TimeUnit.MILLISECONDS) // C2 needs ~10 s for ASM's big methods
    public byte[] instrumentSharedResolver() {
        return new CoroutineTransformer(sharedResolver).transform(fixture);
    }

    @Benchmark
    public byte[] scanString() {
        return agentPath("java/lang/String", string);
    }

    @Benchmark
    public byte[] scanHashMap() {
        return agentPath("java/util/HashMap", hashMap);
    }
}
