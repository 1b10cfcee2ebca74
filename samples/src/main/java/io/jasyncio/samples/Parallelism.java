package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gatherAll;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.streams.Subprocess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The seed's "make full use of your machine": the same I/O-bound job and the same CPU-bound job,
 * each run sequentially, with threads, with separate processes (child JVMs started with
 * {@link Subprocess#createSubprocessExec}), and with coroutines (on the one loop thread, on an
 * {@link EventLoopGroup} of one loop per core with the jobs dealt out to the loops, and handing
 * the work to threads with {@code toThread}), timed side by side.
 *
 * <ul>
 *   <li>The I/O job is N simulated network waits (each a sleep of W ms: time spent waiting for
 *       something else, using no CPU). The "at scale" column repeats it with many more
 *       waits, only for the strategies that can finish that in reasonable time.</li>
 *   <li>The CPU job is K times counting the primes below L by trial division: pure
 *       computation, no waiting.</li>
 * </ul>
 *
 * <p>Unlike CPython, the JVM has no global interpreter lock: threads run Java code on every core
 * at once, so threads win the CPU-bound job; coroutines win the I/O-bound one, and more so at
 * scale, because a waiting coroutine is a few dozen bytes on the heap while a waiting thread is
 * an operating-system thread with its own stack.
 *
 * <p>Usage: {@code Parallelism [--io-jobs=40] [--io-wait-ms=50] [--scale=10000] [--cpu-jobs=4]
 * [--cpu-limit=3000000] [--processes=<cores>] [--loops=<cores>]}.
 */
public final class Parallelism {
    private static final String ROW_FORMAT = "| %-30s | %10s | %16s | %10s |%n";

    private Parallelism() {}

    /** The sizes of one run; every field has a command-line flag. */
    record Sizes(int ioJobs, int ioWaitMs, int scale, int cpuJobs, int cpuLimit, int processes, int loops) {}

    // ---------------------------------------------------------------------------------------
    // The two jobs, as plain Java: what every strategy runs.

    /** The CPU-bound unit: how many primes are below {@code limit}, by trial division. */
    static int countPrimes(int limit) {
        return countPrimes(3, limit) + (limit > 2 ? 1 : 0);
    }

    /** The odd primes in [{@code from}, {@code to}); {@code from} is odd. */
    static int countPrimes(int from, int to) {
        int count = 0;
        for (int n = from; n < to; n += 2) {
            if (isPrime(n)) {
                count++;
            }
        }
        return count;
    }

    private static boolean isPrime(int n) {
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** The I/O-bound unit done by blocking a thread: one simulated network wait. */
    static void blockingWait(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Sequential

    static double ioSequential(int jobs, int waitMs) {
        long t0 = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            blockingWait(waitMs);
        }
        return seconds(t0);
    }

    static double cpuSequential(int jobs, int limit, int expected) {
        long t0 = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            check(countPrimes(limit), expected, "sequential");
        }
        return seconds(t0);
    }

    // ---------------------------------------------------------------------------------------
    // Threads: one platform thread per job

    static double ioThreads(int jobs, int waitMs) throws InterruptedException {
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            Thread t = new Thread(() -> blockingWait(waitMs));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return seconds(t0);
    }

    static double cpuThreads(int jobs, int limit, int expected) throws InterruptedException {
        long t0 = System.nanoTime();
        int[] results = new int[jobs];
        List<Thread> threads = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            int slot = i;
            Thread t = new Thread(() -> results[slot] = countPrimes(limit));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int r : results) {
            check(r, expected, "threads");
        }
        return seconds(t0);
    }

    // ---------------------------------------------------------------------------------------
    // Processes: child JVMs started and awaited with createSubprocessExec

    /** Starts one child JVM running {@link #worker} and returns what it printed, as a number. */
    @Async
    static Coroutine<Long> child(String... workerArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Parallelism.class.getName());
        cmd.addAll(List.of(workerArgs));
        Subprocess p = await(Subprocess.createSubprocessExec(
                Subprocess.Options.DEFAULTS.withStdout(Subprocess.Redirect.PIPE).withStdin(Subprocess.Redirect.DEVNULL),
                javaLauncher(),
                cmd.toArray(new String[0])));
        Subprocess.Communicated out = await(p.communicate());
        if (p.returncode() != 0) {
            throw new IllegalStateException("worker " + cmd + " exited with " + p.returncode());
        }
        return done(Long.parseLong(new String(out.stdout(), StandardCharsets.UTF_8).trim()));
    }

    /** {@code processes} children share the waits, each doing its share one after another. */
    @Async
    static Coroutine<Double> ioProcesses(int jobs, int waitMs, int processes) {
        long t0 = System.nanoTime();
        List<Coroutine<Long>> children = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            int share = jobs / processes + (i < jobs % processes ? 1 : 0);
            children.add(child("--worker=io", String.valueOf(share), String.valueOf(waitMs)));
        }
        List<Long> done = await(gatherAll(children));
        long total = 0;
        for (long d : done) {
            total += d;
        }
        check((int) total, jobs, "processes");
        return done(seconds(t0));
    }

    /** One child JVM per CPU job, all at once. */
    @Async
    static Coroutine<Double> cpuProcesses(int jobs, int limit, int expected) {
        long t0 = System.nanoTime();
        List<Coroutine<Long>> children = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            children.add(child("--worker=cpu", String.valueOf(limit)));
        }
        List<Long> counts = await(gatherAll(children));
        for (long c : counts) {
            check((int) c, expected, "processes");
        }
        return done(seconds(t0));
    }

    // ---------------------------------------------------------------------------------------
    // Coroutines on the one loop thread

    @Async
    static Coroutine<Integer> ioCoroutine(int waitMs) {
        await(sleep(waitMs / 1000.0));
        return done(1);
    }

    @Async
    static Coroutine<Double> ioCoroutines(int jobs, int waitMs) {
        long t0 = System.nanoTime();
        List<Coroutine<Integer>> waits = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            waits.add(ioCoroutine(waitMs));
        }
        List<Integer> done = await(gatherAll(waits));
        check(done.size(), jobs, "coroutines");
        return done(seconds(t0));
    }

    /**
     * Counts in slices, yielding to the loop between two slices so that the K counters take
     * turns: they run concurrently, but on one thread, so no faster than one after another.
     */
    @Async
    static Coroutine<Integer> cpuCoroutine(int limit) {
        int count = limit > 2 ? 1 : 0;
        for (int from = 3; from < limit; from += 100_000) {
            count += countPrimes(from, Math.min(limit, from + 100_000));
            await(sleep(0));
        }
        return done(count);
    }

    @Async
    static Coroutine<Double> cpuCoroutines(int jobs, int limit, int expected) {
        long t0 = System.nanoTime();
        List<Coroutine<Integer>> counters = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            counters.add(cpuCoroutine(limit));
        }
        List<Integer> counts = await(gatherAll(counters));
        for (int c : counts) {
            check(c, expected, "coroutines");
        }
        return done(seconds(t0));
    }

    // ---------------------------------------------------------------------------------------
    // Coroutines on a group of loops, one thread each: the jobs dealt out to the loops

    @Async
    static Coroutine<Integer> ioShare(int jobs, int waitMs) {
        List<Coroutine<Integer>> waits = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            waits.add(ioCoroutine(waitMs));
        }
        return done(await(gatherAll(waits)).size());
    }

    @Async
    static Coroutine<Integer> cpuShare(int jobs, int limit, int expected) {
        List<Coroutine<Integer>> counters = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            counters.add(cpuCoroutine(limit));
        }
        for (int c : await(gatherAll(counters))) {
            check(c, expected, "loop group");
        }
        return done(jobs);
    }

    /**
     * Deals {@code jobs} out to the group's loops (loop i gets every i-th job), runs each
     * share as one task of its loop, and returns the seconds until all are done.
     */
    static double onGroup(EventLoopGroup group, int jobs, IntFunction<Coroutine<Integer>> share) {
        long t0 = System.nanoTime();
        List<CompletableFuture<Integer>> parts = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            parts.add(group.submit(i, share.apply(jobs / group.size() + (i < jobs % group.size() ? 1 : 0))));
        }
        int total = 0;
        for (CompletableFuture<Integer> part : parts) {
            total += part.join();
        }
        check(total, jobs, "loop group");
        return seconds(t0);
    }

    // ---------------------------------------------------------------------------------------
    // Coroutines handing the work to the default executor's threads

    @Async
    static Coroutine<Double> ioToThread(int jobs, int waitMs) {
        long t0 = System.nanoTime();
        List<Coroutine<Integer>> waits = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            waits.add(toThread(() -> {
                blockingWait(waitMs);
                return 1;
            }));
        }
        List<Integer> done = await(gatherAll(waits));
        check(done.size(), jobs, "toThread");
        return done(seconds(t0));
    }

    @Async
    static Coroutine<Double> cpuToThread(int jobs, int limit, int expected) {
        long t0 = System.nanoTime();
        List<Coroutine<Integer>> counters = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            counters.add(toThread(() -> countPrimes(limit)));
        }
        List<Integer> counts = await(gatherAll(counters));
        for (int c : counts) {
            check(c, expected, "toThread");
        }
        return done(seconds(t0));
    }

    // ---------------------------------------------------------------------------------------

    /**
     * Runs every strategy on both jobs and prints the table; with {@code --worker=...}, is one
     * child process of the "processes" strategy instead.
     *
     * @param args the sizes, as {@code --name=value} flags (see the class comment); a bad one
     *     prints the usage and exits with status 2
     * @throws Exception if a strategy fails or computes a wrong result
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].startsWith("--worker=")) {
            worker(args);
            return;
        }
        Sizes s;
        try {
            s = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int expected = countPrimes(s.cpuLimit()); // also warms the JIT up for every strategy
        countPrimes(3, Math.min(s.cpuLimit(), 200_000));

        System.out.printf(
                Locale.ROOT,
                "Parallelism: the same jobs run six ways (%d cores, Java %s)%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf(
                Locale.ROOT,
                "  I/O job: %d simulated network waits of %d ms each (at scale: %d waits)%n",
                s.ioJobs(),
                s.ioWaitMs(),
                s.scale());
        System.out.printf(
                Locale.ROOT,
                "  CPU job: %d x counting the primes below %d (%d each)%n",
                s.cpuJobs(),
                s.cpuLimit(),
                expected);
        System.out.printf(
                Locale.ROOT,
                "  processes: %d child JVMs share the I/O job; one child JVM per CPU job%n",
                s.processes());
        System.out.printf(Locale.ROOT, "  loop group: %d event loops, one thread each, share each job%n%n", s.loops());

        Map<String, double[]> rows = new LinkedHashMap<>();
        double skip = Double.NaN;
        rows.put("sequential", new double[] {
            ioSequential(s.ioJobs(), s.ioWaitMs()), skip, cpuSequential(s.cpuJobs(), s.cpuLimit(), expected)
        });
        rows.put("threads", new double[] {
            ioThreads(s.ioJobs(), s.ioWaitMs()),
            ioThreads(s.scale(), s.ioWaitMs()),
            cpuThreads(s.cpuJobs(), s.cpuLimit(), expected)
        });
        rows.put("processes (child JVMs)", new double[] {
            run(ioProcesses(s.ioJobs(), s.ioWaitMs(), s.processes())),
            skip,
            run(cpuProcesses(s.cpuJobs(), s.cpuLimit(), expected))
        });
        rows.put("coroutines (one loop thread)", new double[] {
            run(ioCoroutines(s.ioJobs(), s.ioWaitMs())),
            run(ioCoroutines(s.scale(), s.ioWaitMs())),
            run(cpuCoroutines(s.cpuJobs(), s.cpuLimit(), expected))
        });
        try (EventLoopGroup group = new EventLoopGroup(s.loops())) {
            rows.put("coroutines (loop group)", new double[] {
                onGroup(group, s.ioJobs(), n -> ioShare(n, s.ioWaitMs())),
                onGroup(group, s.scale(), n -> ioShare(n, s.ioWaitMs())),
                onGroup(group, s.cpuJobs(), n -> cpuShare(n, s.cpuLimit(), expected))
            });
        }
        rows.put("coroutines + toThread", new double[] {
            run(ioToThread(s.ioJobs(), s.ioWaitMs())), skip, run(cpuToThread(s.cpuJobs(), s.cpuLimit(), expected))
        });

        System.out.printf(Locale.ROOT, ROW_FORMAT, "strategy", "I/O (s)", "I/O at scale (s)", "CPU (s)");
        System.out.println("|--------------------------------|-----------:|-----------------:|-----------:|");
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            double[] v = row.getValue();
            System.out.printf(Locale.ROOT, ROW_FORMAT, row.getKey(), cell(v[0]), cell(v[1]), cell(v[2]));
        }
        System.out.println();
        System.out.println("(-: not run; it would take about jobs x wait / workers, minutes at this scale)");
        System.out.println();
        String ioBest = fastest(rows, 0);
        String cpuBest = fastest(rows, 2);
        System.out.printf(
                Locale.ROOT,
                "I/O-bound, fastest here: %s (%s s). Coroutines should win: one thread "
                        + "waits for all the sleeps at once and a waiting coroutine costs a few dozen bytes, "
                        + "while a thread per wait costs an OS thread (see the at-scale column), toThread is "
                        + "capped by its pool of %d threads, and processes pay JVM start-up.%s%n",
                ioBest,
                cell(rows.get(ioBest)[0]),
                Math.min(32, Runtime.getRuntime().availableProcessors() + 4),
                ioBest.startsWith("coroutines") ? "" : busy());
        System.out.printf(
                Locale.ROOT,
                "CPU-bound, fastest here: %s (%s s). Threads should win: the JVM has no "
                        + "GIL (unlike CPython), so threads, and toThread's pool threads, compute on every core "
                        + "at once, as do coroutines on a loop group (a loop thread per core), while coroutines on "
                        + "one loop thread only take turns and are no faster than sequential.%s%n",
                cpuBest,
                cell(rows.get(cpuBest)[2]),
                cpuBest.equals("threads")
                                || cpuBest.equals("coroutines + toThread")
                                || cpuBest.equals("coroutines (loop group)")
                        ? ""
                        : busy());
        System.out.printf(
                Locale.ROOT,
                "Processes scale the CPU job too, but each child JVM pays its "
                        + "start-up (%s s for the whole CPU job vs %s s with threads), so on the JVM they "
                        + "are for isolation, not for speed.%n",
                cell(rows.get("processes (child JVMs)")[2]),
                cell(rows.get("threads")[2]));
    }

    /** Why the expected winner lost: the other cores were busy (timings need an idle machine). */
    private static String busy() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        return load < 0
                ? " Not here: the machine was probably busy; run it again on an idle one."
                : String.format(
                        Locale.ROOT,
                        " Not here: the load average was %.1f on %d cores, so extra "
                                + "threads found no idle core; run it again on an idle machine.",
                        load,
                        cores);
    }

    /** A child process of the "processes" strategy: does its work and prints one number. */
    private static void worker(String[] args) {
        switch (args[0]) {
            case "--worker=cpu":
                System.out.println(countPrimes(Integer.parseInt(args[1])));
                break;
            case "--worker=io": {
                int jobs = Integer.parseInt(args[1]);
                for (int i = 0; i < jobs; i++) {
                    blockingWait(Integer.parseInt(args[2]));
                }
                System.out.println(jobs);
                break;
            }
            default:
                throw new IllegalArgumentException("Parallelism: unknown worker " + args[0]);
        }
    }

    static Sizes parse(String[] args) {
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Integer> v = new LinkedHashMap<>();
        v.put("io-jobs", 40);
        v.put("io-wait-ms", 50);
        v.put("scale", 10_000);
        v.put("cpu-jobs", 4);
        v.put("cpu-limit", 3_000_000);
        v.put("processes", cores);
        v.put("loops", cores);
        for (String a : args) {
            int eq = a.indexOf('=');
            String key = a.startsWith("--") && eq > 2 ? a.substring(2, eq) : null;
            if (key == null || !v.containsKey(key)) {
                throw usage("unknown argument " + a, v);
            }
            int n;
            try {
                n = Integer.parseInt(a.substring(eq + 1).replace("_", ""));
            } catch (NumberFormatException e) {
                throw usage("not a number: " + a, v);
            }
            if (n < 1) {
                throw usage("must be at least 1: " + a, v);
            }
            v.put(key, n);
        }
        return new Sizes(
                v.get("io-jobs"),
                v.get("io-wait-ms"),
                v.get("scale"),
                v.get("cpu-jobs"),
                v.get("cpu-limit"),
                Math.min(v.get("processes"), v.get("io-jobs")),
                v.get("loops"));
    }

    private static IllegalArgumentException usage(String problem, Map<String, Integer> defaults) {
        StringBuilder sb = new StringBuilder("Parallelism: " + problem + "\nusage: Parallelism");
        defaults.forEach(
                (k, d) -> sb.append(" [--").append(k).append('=').append(d).append(']'));
        return new IllegalArgumentException(sb.toString());
    }

    private static String fastest(Map<String, double[]> rows, int column) {
        String best = null;
        double bestTime = Double.MAX_VALUE;
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            double t = row.getValue()[column];
            if (!Double.isNaN(t) && t < bestTime) {
                bestTime = t;
                best = row.getKey();
            }
        }
        return best;
    }

    private static String cell(double seconds) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.3f", seconds);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void check(int got, int expected, String strategy) {
        if (got != expected) {
            throw new IllegalStateException(strategy + " computed " + got + ", expected " + expected);
        }
    }

    private static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
