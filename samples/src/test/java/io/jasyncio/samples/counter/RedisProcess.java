package io.jasyncio.samples.counter;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for one test class: on a free port, in a temporary directory,
 * persisting nothing, killed at the end. Talks to it with plain blocking sockets, so the checks
 * do not depend on the sample's own client. If {@code redis-server} is not installed, starting
 * fails with the command that installs it: these tests are never skipped.
 */
final class RedisProcess implements AutoCloseable {
    private static final String INSTALL = "redis-server is not installed, and the counter sample's tests need a real"
            + " Redis: install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu; .ci/run does"
            + " this) or put a redis-server on PATH";

    private final Path dir;
    private final int port;
    /** Connections this helper opened since Redis last started, so they can be told apart. */
    private final AtomicInteger ownConnections = new AtomicInteger();

    private Process process;

    private RedisProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts Redis on a free port and waits (up to 20 s) until it answers PING. */
    static RedisProcess start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jasyncio-redis");
        RedisProcess redis = new RedisProcess(dir, freePort());
        redis.launch();
        return redis;
    }

    int port() {
        return port;
    }

    /** Kills Redis with SIGKILL, as a crash would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("redis-server did not die within 20 s of SIGKILL");
        }
    }

    /** Starts Redis again on the same port, empty, after {@link #kill()}. */
    void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("RedisProcess.restart: redis-server is still running");
        }
        ownConnections.set(0);
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        String executable = findExecutable();
        Path log = dir.resolve("redis.log");
        process = new ProcessBuilder(List.of(
                        executable,
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString(),
                        "--daemonize",
                        "no"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "redis-server exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("redis-server did not answer PING within 20 s:\n" + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }
    }

    private static String findExecutable() {
        String path =
                System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/usr/local/bin:/usr/sbin";
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(INSTALL);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Sends one command on a connection of its own and returns the reply: a String for a simple
     * or bulk string (null for nil), a Long for an integer; an error reply throws
     * {@link AssertionError}.
     */
    Object command(String... args) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            ownConnections.incrementAndGet();
            s.setSoTimeout(10_000);
            s.getOutputStream().write(Resp.encode(args));
            InputStream in = new BufferedInputStream(s.getInputStream());
            String line = readLine(in);
            switch (line.charAt(0)) {
                case '+':
                    return line.substring(1);
                case ':':
                    return Long.parseLong(line.substring(1));
                case '$':
                    int n = Integer.parseInt(line.substring(1));
                    if (n < 0) {
                        return null;
                    }
                    String data = new String(in.readNBytes(n), StandardCharsets.UTF_8);
                    in.readNBytes(2);
                    return data;
                default:
                    throw new AssertionError(String.join(" ", args) + " -> " + line);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("redis-server closed the connection");
            }
            line.write(c);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.substring(0, s.length() - 1);
    }

    /**
     * How many connections Redis accepted since it started, leaving out this helper's own: the
     * count of every connection anything else ever opened, closed ones included.
     */
    long connectionsAcceptedFromOthers() throws IOException {
        long total = Long.parseLong(info("stats", "total_connections_received"));
        return total - ownConnections.get();
    }

    /** How many clients are connected now, leaving out this helper's own. */
    long clientsConnectedNow() throws IOException {
        return Long.parseLong(info("clients", "connected_clients")) - 1;
    }

    private String info(String section, String field) throws IOException {
        String text = (String) command("INFO", section);
        return text.lines()
                .filter(l -> l.startsWith(field + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("INFO " + section + " has no " + field + ":\n" + text))
                .substring(field.length() + 1)
                .strip();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
