package io.jasyncio.agent.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.agent.fuzz.DifferentialRunner.Verdict;
import io.jasyncio.agent.fuzz.ProgramGenerator.Options;
import io.jasyncio.agent.fuzz.ProgramGenerator.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The differential fuzzer: random programs of coroutines, generators and async generators, each
 * run as plain Java (the reference) and as coroutines rewritten by the transformer on the event
 * loop, with awaited values ready or pending at random; traces, results and exceptions must
 * agree. {@code -Djasyncio.fuzz.generators=false} generates coroutines only.
 *
 * <p>Each seed also decides the situation (see {@link DifferentialRunner}): compiled by javac
 * (even seeds) or ECJ (odd ones); rewritten ahead of time, at load time in a loader that serves
 * no class files, or ahead of time and defined as a hidden class; and, but for hidden classes,
 * an instance written by the original class must be read by the rewritten one and back.
 *
 * <p>System properties: {@code jasyncio.fuzz.count} programs (default 1000, or 100,000 with the
 * project's soak switch {@code -Djasyncio.soak=true}) from seed {@code jasyncio.fuzz.seed}
 * (default 0) on; {@code jasyncio.fuzz.threads} (default: the
 * processors, at most 4); {@code jasyncio.fuzz.verify} how many of the first programs go through
 * ASM's verifier (default 50); {@code jasyncio.fuzz.size} the length of the generated methods in
 * percent (default 60); {@code jasyncio.fuzz.awaitInNewArgs} (default false) also generates
 * {@code new X(await(...))}; {@code jasyncio.fuzz.deadCode} (default false) also generates awaits
 * that javac compiles into unreachable bytecode. A failure names the seed;
 * {@code -Djasyncio.fuzz.seed=S -Djasyncio.fuzz.count=1} reruns that program alone, and every
 * report is also written to {@code target/fuzz-failures/seed-S.txt}.
 */
class DifferentialFuzzTest {
    private static final int BATCH = 25;
    /** Failures reported in full; the others are listed by seed. */
    private static final int REPORTED = 3;

    /** Programs per build. */
    static final int CI_COUNT = 1_000;
    /** Programs with {@code -Djasyncio.soak=true}. */
    static final int SOAK_COUNT = 100_000;

    /** How many programs to run: {@code jasyncio.fuzz.count} if set, else by the soak switch. */
    static int count() {
        return Integer.getInteger("jasyncio.fuzz.count", Boolean.getBoolean("jasyncio.soak") ? SOAK_COUNT : CI_COUNT);
    }

    @Test
    void coroutinesBehaveLikeThePlainProgram() throws Exception {
        int count = count();
        long base = Long.getLong("jasyncio.fuzz.seed", 0L);
        int verifyFirst = Integer.getInteger("jasyncio.fuzz.verify", 50);
        int batches = (count + BATCH - 1) / BATCH;
        int threads = Math.max(
                1,
                Math.min(
                        batches,
                        Integer.getInteger(
                                "jasyncio.fuzz.threads",
                                Math.min(4, Runtime.getRuntime().availableProcessors()))));
        Options options = Options.fromSystemProperties();

        Env.YIELDS.set(0);
        System.out.println("differential fuzzer: " + count + " programs from seed " + base
                + (Boolean.getBoolean("jasyncio.soak") ? " (soak)" : "") + " on " + threads + " threads");
        long start = System.nanoTime();
        List<DifferentialRunner> runners = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<DifferentialRunner> runner = ThreadLocal.withInitial(() -> {
            DifferentialRunner r = new DifferentialRunner();
            runners.add(r);
            return r;
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
        List<Verdict> verdicts = new ArrayList<>();
        try {
            List<Future<List<Verdict>>> pending = new ArrayList<>();
            for (int from = 0; from < count; from += BATCH) {
                int first = from;
                int last = Math.min(count, from + BATCH);
                pending.add(pool.submit(() -> {
                    List<Program> programs = new ArrayList<>();
                    for (int i = first; i < last; i++) {
                        programs.add(ProgramGenerator.generate(base + i, options));
                    }
                    return runner.get().run(programs, first < verifyFirst);
                }));
            }
            for (Future<List<Verdict>> b : pending) {
                verdicts.addAll(b.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        List<Verdict> failures = new ArrayList<>();
        long suspended = 0;
        int compared = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        Map<String, List<Long>> skippedSeeds = new TreeMap<>();
        Map<String, Integer> situations = new TreeMap<>();
        for (Verdict v : verdicts) {
            if (v.skipped() != null) {
                skipped.merge(v.skipped(), 1, Integer::sum);
                skippedSeeds
                        .computeIfAbsent(v.skipped(), k -> new ArrayList<>())
                        .add(v.program().seed());
            } else {
                compared++;
                situations.merge(
                        DifferentialRunner.compilerOf(v.program().seed()).toString(), 1, Integer::sum);
                situations.merge(DifferentialRunner.Mode.of(v.program().seed()).toString(), 1, Integer::sum);
                suspended += v.suspended();
                if (v.failure() != null) {
                    failures.add(v);
                }
            }
        }
        long[] phases = new long[3];
        for (DifferentialRunner r : runners) {
            for (int i = 0; i < phases.length; i++) {
                phases[i] += r.nanos[i] / 1_000_000;
            }
        }
        System.out.println("differential fuzzer: " + compared + " programs compared, " + suspended
                + " awaits suspended, " + Env.YIELDS.get() + " values yielded by generators (seeds " + base + ".."
                + (base + count - 1) + ", " + threads + " threads, "
                + millis + " ms: compiling " + phases[0] + " ms, rewriting " + phases[1] + " ms, running "
                + phases[2] + " ms in all threads"
                + (options.awaitInNewArgs() ? "; with await in new X(...) arguments" : "")
                + (options.deadCode() ? "; with awaits in dead code" : "")
                + skipped(skipped, skippedSeeds) + "; compared by situation " + situations + ")");
        if (!failures.isEmpty()) {
            fail(failureReport(failures) + save(failures));
        }
    }

    private static String skipped(Map<String, Integer> skipped, Map<String, List<Long>> seeds) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Integer> e : skipped.entrySet()) {
            List<Long> some = seeds.get(e.getKey());
            sb.append("; ")
                    .append(e.getValue())
                    .append(" skipped, ")
                    .append(e.getKey())
                    .append(" (seeds ")
                    .append(some.subList(0, Math.min(10, some.size())))
                    .append(some.size() > 10 ? "...)" : ")");
        }
        return sb.toString();
    }

    /** Writes each failure's full report to target/fuzz-failures/seed-S.txt; returns where. */
    private static String save(List<Verdict> failures) {
        Path dir = Path.of("target", "fuzz-failures");
        try {
            Files.createDirectories(dir);
            for (Verdict v : failures) {
                Files.writeString(
                        dir.resolve("seed-" + Long.toUnsignedString(v.program().seed()) + ".txt"), v.failure());
            }
            return "\nEvery report is in " + dir.toAbsolutePath() + "\n";
        } catch (IOException e) {
            return "\n(could not save the reports: " + e + ")\n";
        }
    }

    private static String failureReport(List<Verdict> failures) {
        StringBuilder sb = new StringBuilder();
        sb.append(failures.size()).append(" program(s) failed the differential check; seeds:");
        for (Verdict v : failures) {
            sb.append(' ').append(Long.toUnsignedString(v.program().seed()));
        }
        sb.append('\n');
        for (int i = 0; i < Math.min(REPORTED, failures.size()); i++) {
            Verdict v = failures.get(i);
            sb.append("\n==== seed ")
                    .append(Long.toUnsignedString(v.program().seed()))
                    .append(": ")
                    .append(v.failure())
                    .append('\n');
        }
        if (failures.size() > REPORTED) {
            sb.append("\n(")
                    .append(failures.size() - REPORTED)
                    .append(" more; rerun each with -Djasyncio.fuzz.seed=S -Djasyncio.fuzz.count=1)\n");
        }
        return sb.toString();
    }
}
