package io.jasyncio.doccheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Session} as a reader would type it, in the repository's root, and compares what
 * each command prints with what the page shows ({@link OutputLines}).
 *
 * <ul>
 *   <li>A command is split into words as a shell does ({@link ShellWords}) and started directly,
 *       with no shell: {@code java} and {@code javac} are those of the JDK running the check (so
 *       the check on JDK 25 runs the examples on JDK 25), any other program is looked up on the
 *       {@code PATH}. Standard input is
 *       empty; standard output and standard error go to one place, as in a terminal, and the
 *       locale is {@code C.UTF-8} (a UTF-8 terminal, English formats) whatever the machine's.
 *   <li>A command in the foreground must exit with status 0 within {@link #COMMAND_TIMEOUT_SECONDS}
 *       seconds, and must print exactly the lines shown after it.
 *   <li>{@code COMMAND &} starts a background job. The lines shown after it are the first lines it
 *       prints: the runner waits for them (same time limit) and compares them; what the job
 *       prints later is not shown, and not checked. If the command names a port of the mark's
 *       {@code ports}, the runner also waits until the port accepts connections.
 *   <li>A port of the mark's {@code ports} is replaced by a free one in the commands, and back in
 *       what they print, so the page shows the ports a reader would type. The shell's
 *       job-control line ({@code [1] 12345}) is not shown.
 *   <li>{@code $!} in a command is the process id of the last background job; {@code kill $!}
 *       stops it (SIGTERM) and waits for it to end. Jobs still running at the end are stopped.
 * </ul>
 *
 * If a background job given a port ends before the port accepts connections (another process
 * took the port in between), the session runs again with fresh ports, three times at most.
 */
public final class SessionRunner {
    /** How long one command may run, or a background job may take to print what the page shows. */
    static final int COMMAND_TIMEOUT_SECONDS = 180;

    private static final int ATTEMPTS = 3;

    private final Path root;
    private final Path jdk;

    /**
     * @param root the repository's root: the working directory of every command
     * @param javaHome the JDK whose {@code bin/java} and {@code bin/javac} run those commands
     */
    public SessionRunner(Path root, Path javaHome) {
        this.root = root;
        this.jdk = javaHome;
    }

    /** Runs {@code session}: empty if every command printed what the page shows, else why not. */
    public Optional<String> run(Session session) {
        for (int attempt = 1; ; attempt++) {
            try (Jobs jobs = new Jobs()) {
                return runOnce(session, jobs, freePorts(session.mark().ports()));
            } catch (PortTaken e) {
                if (attempt == ATTEMPTS) {
                    return Optional.of(session.where() + ": " + e.getMessage() + " (" + ATTEMPTS + " attempts)");
                }
            } catch (IOException e) {
                return Optional.of(session.where() + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(session.where() + ": interrupted");
            }
        }
    }

    private Optional<String> runOnce(Session session, Jobs jobs, Map<Integer, Integer> ports)
            throws IOException, InterruptedException {
        for (Session.Step step : session.steps()) {
            String where = session.document() + ":" + step.line() + ": $ " + step.command() + "\n";
            List<String> words = new ArrayList<>(ShellWords.split(step.command()));
            boolean background = !words.isEmpty() && words.get(words.size() - 1).equals("&");
            if (background) {
                words.remove(words.size() - 1);
            }
            if (words.isEmpty()) {
                return Optional.of(where + "an empty command");
            }
            boolean kill = words.equals(List.of("kill", "$!"));
            List<Integer> portsUsed = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (w.equals("$!")) {
                    if (jobs.last() == null) {
                        return Optional.of(where + "$! names no background job: start one with COMMAND &");
                    }
                    w = String.valueOf(jobs.last().process().pid());
                }
                for (Map.Entry<Integer, Integer> p : ports.entrySet()) {
                    String replaced = w.replaceAll("(?<!\\d)" + p.getKey() + "(?!\\d)", String.valueOf(p.getValue()));
                    if (!replaced.equals(w)) {
                        portsUsed.add(p.getValue());
                        w = replaced;
                    }
                }
                words.set(i, w);
            }
            if (words.get(0).equals("java") || words.get(0).equals("javac")) {
                words.set(0, jdk.resolve("bin").resolve(words.get(0)).toString());
            }
            Optional<String> failure;
            List<OutputMark.Template> templates = session.mark().templates();
            List<OutputMark.Template> ignored = session.mark().ignored();
            if (kill) {
                jobs.stopLast();
                failure = step.output().isEmpty()
                        ? Optional.empty()
                        : Optional.of(where + "kill prints nothing, but the page shows output after it");
            } else if (background) {
                failure = background(words, step, templates, ignored, jobs, portsUsed, ports);
            } else {
                failure = foreground(words, step, templates, ignored, ports);
            }
            if (failure.isPresent()) {
                return Optional.of(where + failure.get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> foreground(
            List<String> words,
            Session.Step step,
            List<OutputMark.Template> templates,
            List<OutputMark.Template> ignored,
            Map<Integer, Integer> ports)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("doc-check-output", ".txt");
        try {
            Process p = start(words, out);
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return Optional.of("did not finish in " + COMMAND_TIMEOUT_SECONDS + " s; it printed:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            List<String> printed = pagePorts(
                    Files.readString(out, StandardCharsets.UTF_8).lines().toList(), ports);
            if (p.exitValue() != 0) {
                return Optional.of(
                        "exited with status " + p.exitValue() + "; it printed:\n" + String.join("\n", printed));
            }
            return OutputLines.compare(step.output(), printed, templates, ignored);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private Optional<String> background(
            List<String> words,
            Session.Step step,
            List<OutputMark.Template> templates,
            List<OutputMark.Template> ignored,
            Jobs jobs,
            List<Integer> portsUsed,
            Map<Integer, Integer> ports)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("doc-check-job", ".txt");
        Job job = jobs.add(new Job(start(words, out), out));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_TIMEOUT_SECONDS);
        for (int port : portsUsed) {
            while (!accepts(port)) {
                if (!job.process().isAlive()) {
                    throw new PortTaken("the job ended before port " + port + " accepted connections; it printed:\n"
                            + Files.readString(out, StandardCharsets.UTF_8));
                }
                if (System.nanoTime() > deadline) {
                    return Optional.of("port " + port + " accepted no connection in " + COMMAND_TIMEOUT_SECONDS + " s");
                }
                Thread.sleep(50);
            }
        }
        int want = OutputLines.without(step.output(), ignored).size();
        List<String> printed = OutputLines.without(completeLines(out), ignored);
        while (printed.size() < want && job.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            printed = OutputLines.without(completeLines(out), ignored);
        }
        printed = OutputLines.without(pagePorts(completeLines(out), ports), ignored);
        return OutputLines.compare(
                OutputLines.without(step.output(), ignored),
                printed.subList(0, Math.min(want, printed.size())),
                templates);
    }

    /** The run's lines with each free port replaced back by the page's port it stands for. */
    private static List<String> pagePorts(List<String> lines, Map<Integer, Integer> ports) {
        List<String> page = new ArrayList<>(lines.size());
        for (String line : lines) {
            for (Map.Entry<Integer, Integer> p : ports.entrySet()) {
                line = line.replaceAll("(?<!\\d)" + p.getValue() + "(?!\\d)", String.valueOf(p.getKey()));
            }
            page.add(line);
        }
        return page;
    }

    private static List<String> completeLines(Path out) throws IOException {
        String text = Files.readString(out, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    private Process start(List<String> words, Path out) throws IOException {
        try {
            ProcessBuilder b = new ProcessBuilder(words)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            b.environment().put("LC_ALL", "C.UTF-8");
            Process p = b.start();
            p.getOutputStream().close();
            return p;
        } catch (IOException e) {
            throw new IOException(
                    "cannot start " + words.get(0) + " (is it installed and on the PATH?): " + e.getMessage(), e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<Integer, Integer> freePorts(List<Integer> pagePorts) throws IOException {
        Map<Integer, Integer> ports = new HashMap<>();
        for (int page : pagePorts) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports.put(page, s.getLocalPort());
            }
        }
        return ports;
    }

    /** A background job and the file its output goes to. */
    private record Job(Process process, Path out) {}

    /** The background jobs of one run of a session; closing stops them and deletes their output. */
    private static final class Jobs implements AutoCloseable {
        private final List<Job> jobs = new ArrayList<>();

        Job add(Job job) {
            jobs.add(job);
            return job;
        }

        Job last() {
            return jobs.isEmpty() ? null : jobs.get(jobs.size() - 1);
        }

        /** Stops the last job started; as in a shell, {@code $!} still names it afterwards. */
        void stopLast() throws InterruptedException {
            stop(jobs.get(jobs.size() - 1));
        }

        private static void stop(Job job) throws InterruptedException {
            job.process().destroy();
            if (!job.process().waitFor(10, TimeUnit.SECONDS)) {
                job.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try {
                Files.deleteIfExists(job.out());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            for (int i = jobs.size() - 1; i >= 0; i--) {
                stop(jobs.get(i));
            }
            jobs.clear();
        }
    }

    /** A background job could not have its port: another process took it first. */
    private static final class PortTaken extends IOException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }
}
