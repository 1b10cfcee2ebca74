package io.jasyncio.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program (a server sample, a client sample, or a main class of these tests) in a child JVM
 * with the agent attached, with its own limits, bounded in time and killed at the end: the
 * harness of every attack that needs a process of its own.
 *
 * <ul>
 *   <li>Limits: the heap ({@code -Xmx}, default 64m, and the JVM exits on running out of it),
 *       and open files ({@code ulimit -n}, soft and hard, through {@code /bin/sh}, which then
 *       execs the JVM, so the child's pid is the JVM's).
 *   <li>Bounded in time: a watchdog kills the child and its descendants when its lifetime ends;
 *       {@link #close()} then fails the test, because an attack that needs longer is a bug.
 *   <li>Killed at the end: {@link #close()} ends the child and every descendant it left (a
 *       sample's subprocesses), SIGTERM first, SIGKILL after five seconds.
 *   <li>Observed: its standard output and error, line by line; its descriptors and peak
 *       resident memory from {@code /proc}.
 * </ul>
 *
 * Use it in try-with-resources: {@code try (ChildJvm server =
 * ChildJvm.of(HttpServer.class).args("0").openFiles(2048).startServer()) { ... }}.
 */
final class ChildJvm implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("^serving on \\S*:(\\d+)/?$");
    /**
     * Lines of each stream kept in memory: a child that floods its log (a server spinning on an
     * error) must fail its attack, not this JVM's heap. Every line is still counted.
     */
    private static final int KEPT_LINES = 20_000;

    private final String name;
    private final Process process;
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread watchdog;
    private final List<Thread> pumps = new ArrayList<>();
    private volatile boolean killedByWatchdog;
    private final AtomicLong stderrLines = new AtomicLong();
    private final AtomicLong stderrBytes = new AtomicLong();

    /** What to run and with which limits. */
    static final class Spec {
        private final String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private String maxHeap = "64m";
        private int openFiles;
        private Duration lifetime = Duration.ofMinutes(5);

        private Spec(String mainClass) {
            this.mainClass = mainClass;
        }

        /** Arguments of {@code main}. */
        Spec args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** More JVM options, such as {@code -Dname=value}. */
        Spec jvmOptions(String... more) {
            jvmOptions.addAll(List.of(more));
            return this;
        }

        /** The heap limit, as {@code -Xmx} takes it. */
        Spec maxHeap(String size) {
            maxHeap = size;
            return this;
        }

        /**
         * The child's limit on open files ({@code ulimit -n}); 0 keeps this JVM's.
         *
         * @throws AssertionError if this machine's hard limit is lower, saying how to raise it
         */
        Spec openFiles(int limit) {
            long hard = hardOpenFilesLimit();
            if (limit > hard) {
                throw new AssertionError("this attack needs " + limit + " open files per process, but the hard limit"
                        + " is " + hard + "; raise it (ulimit -Hn, or the container's nofile ulimit)");
            }
            openFiles = limit;
            return this;
        }

        /** How long the child may live before the watchdog kills it. */
        Spec lifetime(Duration d) {
            lifetime = d;
            return this;
        }

        /** Starts the child. */
        ChildJvm start() throws IOException {
            return new ChildJvm(this);
        }

        /**
         * Starts a server sample and waits (at most 60 s) for its first line, {@code serving on
         * HOST:PORT} (or {@code .../}).
         */
        ChildJvm startServer() throws IOException, InterruptedException {
            ChildJvm child = start();
            child.port(Duration.ofSeconds(60));
            return child;
        }
    }

    /** A child running {@code mainClass}. */
    static Spec of(Class<?> mainClass) {
        return new Spec(mainClass.getName());
    }

    private ChildJvm(Spec spec) throws IOException {
        name = spec.mainClass.substring(spec.mainClass.lastIndexOf('.') + 1);
        List<String> java = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + required("jasyncio.agent.jar"),
                "-Xmx" + spec.maxHeap,
                "-XX:+ExitOnOutOfMemoryError"));
        java.addAll(spec.jvmOptions);
        java.addAll(List.of("-cp", required("jasyncio.reliability.classpath"), spec.mainClass));
        java.addAll(spec.args);
        List<String> command = new ArrayList<>();
        if (spec.openFiles > 0) {
            command.addAll(
                    List.of("/bin/sh", "-c", "ulimit -n \"$0\" && exec \"$@\"", Integer.toString(spec.openFiles)));
        }
        command.addAll(java);
        process = new ProcessBuilder(command).start();
        pump(process.getInputStream(), stdout, true, null, null);
        pump(process.getErrorStream(), stderr, false, stderrLines, stderrBytes);
        long lifetimeMillis = spec.lifetime.toMillis();
        watchdog = new Thread(
                () -> {
                    try {
                        if (!process.waitFor(lifetimeMillis, TimeUnit.MILLISECONDS)) {
                            killedByWatchdog = true;
                            kill();
                        }
                    } catch (InterruptedException e) {
                        // close() ends the child itself
                    }
                },
                name + " watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** This process's hard limit on open files, from {@code /proc/self/limits}. */
    static long hardOpenFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String hard =
                            line.substring("Max open files".length()).trim().split("\\s+")[1];
                    return hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no 'Max open files' line in /proc/self/limits");
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(
                    "system property " + property + " is not set: run these tests through Maven (reliability/pom.xml)");
        }
        return value;
    }

    private void pump(
            InputStream in, List<String> lines, boolean findPort, AtomicLong lineCount, AtomicLong byteCount) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (lineCount != null) {
                                lineCount.incrementAndGet();
                                byteCount.addAndGet(line.length() + 1L);
                            }
                            if (lines.size() < KEPT_LINES) {
                                lines.add(line);
                            }
                            if (findPort && !port.isDone()) {
                                Matcher m = SERVING.matcher(line);
                                if (m.matches()) {
                                    port.complete(Integer.parseInt(m.group(1)));
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the child is gone
                    }
                    port.completeExceptionally(
                            new IllegalStateException(name + " ended without saying where it serves"));
                },
                name + (findPort ? " stdout" : " stderr"));
        t.setDaemon(true);
        t.start();
        pumps.add(t);
    }

    /** The port a server sample printed, waiting at most {@code bound} for it. */
    int port(Duration bound) throws InterruptedException {
        try {
            return port.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(name + " did not say where it serves; stderr: " + stderr(), e);
        }
    }

    /** The port a server sample printed. */
    int port() {
        try {
            return port(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Open descriptors of the child. */
    int descriptors() {
        return Descriptors.of(process.pid());
    }

    /** The child's peak resident memory in KiB ({@code VmHWM}), or -1 if it is gone. */
    long peakResidentKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException gone) {
            // fall through
        }
        return -1;
    }

    /** Standard output so far, line by line. */
    List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    /** Lines the child wrote to standard error so far, all counted (only the first are kept). */
    long stderrLines() {
        return stderrLines.get();
    }

    /** Characters (and line ends) the child wrote to standard error so far. */
    long stderrBytes() {
        return stderrBytes.get();
    }

    /**
     * The CPU time the child has used, user and system, from {@code /proc/PID/stat}, in
     * nanoseconds; -1 if it is gone.
     */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: the
            // state is field 3, utime and stime are fields 14 and 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / clockTicksPerSecond();
        } catch (IOException gone) {
            return -1;
        }
    }

    private static long clockTicks;

    /** {@code getconf CLK_TCK}: the unit of {@code /proc/PID/stat}'s times (100 on Linux). */
    private static synchronized long clockTicksPerSecond() throws IOException {
        if (clockTicks == 0) {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            try (InputStream in = p.getInputStream()) {
                clockTicks = Long.parseLong(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
            }
        }
        return clockTicks;
    }

    /** Standard error so far. */
    String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    /**
     * Waits at most {@code bound} for the child to exit by itself.
     *
     * @return its exit code
     * @throws AssertionError if it is still running then (it is killed)
     */
    int waitFor(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError(name + " did not exit within " + bound.toSeconds() + " s; stderr: " + stderr());
        }
        for (Thread pump : pumps) {
            pump.join(10_000); // the last lines
        }
        return process.exitValue();
    }

    private void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Ends the child and its descendants.
     *
     * @throws AssertionError if the watchdog had to kill it, or it died with an error earlier
     */
    @Override
    public void close() {
        boolean diedOnItsOwn = !process.isAlive();
        kill();
        watchdog.interrupt();
        if (killedByWatchdog) {
            throw new AssertionError(name + " outlived its lifetime and was killed; stderr: " + stderr());
        }
        if (diedOnItsOwn && process.exitValue() != 0 && port.isDone() && !port.isCompletedExceptionally()) {
            throw new AssertionError(name + " (a server) died during the attack with exit code " + process.exitValue()
                    + "; stderr: " + stderr());
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
