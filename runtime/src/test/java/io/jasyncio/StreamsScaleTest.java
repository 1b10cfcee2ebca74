package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One event loop serves 10,000 loopback connections that are all open at the same time, each
 * doing one round trip, and gives every descriptor back afterwards; with
 * {@code -Djasyncio.soak=true}, 50,000, or as many as the open-files limit allows (the test says
 * how many it ran). The clients run in a child
 * JVM (plain blocking sockets, {@link LoopbackClients}), so that each process needs about
 * 10,000 descriptors rather than 20,000. The equivalent Python program:
 *
 * <pre>
 * async def handle(reader, writer):
 *     state.active += 1
 *     state.most = max(state.most, state.active)
 *     writer.write(b"+\n")       # lets the client pace its connects
 *     writer.write(await reader.readline())
 *     await writer.drain()
 *     await reader.read()          # until the client closes
 *     writer.close()
 *     await writer.wait_closed()
 *     state.active -= 1
 *
 * server = await asyncio.start_server(handle, "127.0.0.1", 0)
 * clients = await asyncio.create_subprocess_exec(sys.executable, "clients.py", str(port), "10000")
 * await clients.wait()
 * server.close()
 * await server.wait_closed()
 * assert state.most == 10000
 * </pre>
 */
class StreamsScaleTest {
    /** Connections at CI size. */
    private static final int CONNECTIONS = 10_000;
    /** Connections at soak size ({@code -Djasyncio.soak=true}), if the open-files limit allows. */
    private static final int SOAK_CONNECTIONS = 50_000;
    /** Descriptors beyond the connections: the JVM's own jars, selector, pipes, the listener. */
    private static final int HEADROOM = 200;

    /**
     * How many connections to open: CI size, or at soak size as many as {@code limit} allows
     * (each process holds one descriptor per connection, plus {@link #HEADROOM}).
     *
     * @param soak whether the soak switch is on
     * @param limit the open-files limit
     * @return the number of connections
     */
    static int connections(boolean soak, long limit) {
        return soak ? (int) Math.max(CONNECTIONS, Math.min(SOAK_CONNECTIONS, limit - HEADROOM)) : CONNECTIONS;
    }

    @Test
    void theSoakSwitchRaisesTheSizeWithinTheOpenFilesLimit() {
        assertEquals(CONNECTIONS, connections(false, 1_000_000));
        assertEquals(SOAK_CONNECTIONS, connections(true, 1_000_000));
        assertEquals(19_800, connections(true, 20_000));
        assertEquals(CONNECTIONS, connections(true, 1024), "never below CI size: the test then fails on the limit");
    }

    private static final byte[] GREETING = {'+', '\n'};

    /** Soft limit on open files, as this JVM has it (it raises its soft limit to the hard one). */
    private static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IOException("no 'Max open files' line in /proc/self/limits");
    }

    private static int openFdCount() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }

    @Test
    void oneLoopServesTenThousandConnectionsOpenAtOnceAndReleasesEveryDescriptor() throws Exception {
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            fail("this test counts descriptors in /proc/self/fd, which this system lacks");
        }
        long limit = openFileLimit();
        boolean soak = Boolean.getBoolean("jasyncio.soak");
        int connections = connections(soak, limit);
        if (limit < connections + HEADROOM) {
            fail("StreamsScaleTest needs " + (connections + HEADROOM) + " open files per process"
                    + " but the limit is " + limit + "; raise the hard limit (ulimit -Hn, or"
                    + " LimitNOFILE for a service, or the container's nofile ulimit)");
        }
        if (soak) {
            System.out.printf(
                    "StreamsScaleTest: soak size, %,d connections (%s)%n",
                    connections,
                    connections < SOAK_CONNECTIONS
                            ? "bounded by the open-files limit of " + limit + "; raise it for " + SOAK_CONNECTIONS
                            : "open-files limit " + limit);
        }
        StreamsTest.letTheJdkCreateItsPreCloseSocket();
        List<String> fdsBefore = StreamsTest.openFds();
        SelectorEventLoop loop = new SelectorEventLoop();
        int[] active = new int[1];
        int[] most = new int[1];
        int[] echoed = new int[1];
        int[] fdsAtPeak = new int[1];
        Server server = loop.runUntilComplete(Streams.startServer(
                (StreamReader r, StreamWriter w) -> {
                    if (++active[0] > most[0]) {
                        most[0] = active[0];
                    }
                    if (active[0] == connections) {
                        try {
                            fdsAtPeak[0] = openFdCount();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    w.write(GREETING);
                    return new Scripted<Void>("echoOnce")
                            .then(v -> r.readline())
                            .then(v -> {
                                w.write((byte[]) v);
                                echoed[0]++;
                                return w.drain();
                            })
                            .then(v -> r.read(-1))
                            .then(v -> {
                                w.close();
                                return w.waitClosed();
                            })
                            .then(v -> {
                                active[0]--;
                                return Scripted.value(null);
                            });
                },
                "127.0.0.1",
                0));

        String clientClasses = Path.of(LoopbackClients.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        Process clients = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xss256k",
                        "-cp",
                        clientClasses,
                        LoopbackClients.class.getName(),
                        String.valueOf(server.port()),
                        String.valueOf(connections))
                .redirectErrorStream(true)
                .start();
        TimerHandle watchdog = loop.callLater(Math.max(60, connections * 6e-3), loop::stop);
        try {
            loop.runUntilComplete(new Scripted<Void>("serve")
                    .then(v -> Asyncio.wrapFuture(clients.onExit()))
                    .then(v -> {
                        server.close();
                        return server.waitClosed();
                    })
                    .then(v -> Scripted.value(null)));
        } finally {
            watchdog.cancel();
            if (clients.isAlive()) {
                clients.destroyForcibly();
            }
            clients.waitFor(10, TimeUnit.SECONDS);
            server.close();
            loop.runUntilComplete(loop.shutdownDefaultExecutor());
            loop.close();
        }
        String out = new String(clients.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, clients.exitValue(), "the clients failed: " + out);
        assertEquals("ok " + connections, out.strip());
        assertEquals(connections, most[0], "connections open at once on the server");
        assertEquals(connections, echoed[0]);
        assertEquals(0, active[0], "handlers still running after the server closed");
        assertTrue(
                fdsAtPeak[0] >= fdsBefore.size() + connections,
                "descriptors at the peak: " + fdsAtPeak[0] + ", before: " + fdsBefore.size());
        List<String> after = StreamsTest.openFds();
        for (int i = 0; i < 50 && after.size() != fdsBefore.size(); i++) {
            Thread.sleep(20);
            after = StreamsTest.openFds();
        }
        assertEquals(fdsBefore.size(), after.size(), "open descriptors after the test");
    }

    /**
     * Connects with blocking sockets (0.3 s timeout each) to a server whose loop is not running,
     * so nothing is accepted, and returns how many connects completed before the first one
     * timed out: about the backlog (Linux queues backlog + 1).
     */
    private static int connectsQueuedBeforeTheFirstTimeout(int port, int tries) throws IOException {
        List<java.net.Socket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < tries; i++) {
                java.net.Socket s = new java.net.Socket();
                open.add(s);
                try {
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 300);
                } catch (java.net.SocketTimeoutException dropped) {
                    return i;
                }
            }
            return tries;
        } finally {
            for (java.net.Socket s : open) {
                s.close();
            }
        }
    }

    // asyncio: await asyncio.start_server(cb, "127.0.0.1", 0, backlog=5); with the loop busy
    // elsewhere, the kernel completes about 5 handshakes and drops further SYNs.
    @Test
    void theBacklogBoundsTheConnectionsQueuedForAccepting() throws Exception {
        SelectorEventLoop loop = new SelectorEventLoop();
        try {
            Server small = loop.runUntilComplete(Streams.startServer(
                    (r, w) -> {
                        w.close();
                        return w.waitClosed();
                    },
                    "127.0.0.1",
                    0,
                    StreamReader.DEFAULT_LIMIT,
                    5));
            int queued = connectsQueuedBeforeTheFirstTimeout(small.port(), 50);
            assertTrue(queued >= 5 && queued <= 7, "queued " + queued + " with backlog 5");
            Server dflt = loop.runUntilComplete(Streams.startServer(
                    (r, w) -> {
                        w.close();
                        return w.waitClosed();
                    },
                    "127.0.0.1",
                    0));
            queued = connectsQueuedBeforeTheFirstTimeout(dflt.port(), 120);
            assertTrue(queued >= 100 && queued <= 102, "queued " + queued + " with the default backlog");
            small.close();
            dflt.close();
        } finally {
            loop.close();
        }
    }

    @Test
    void aBacklogBelowOneIsRejectedNamingTheMethod() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> Streams.startServer((r, w) -> null, "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, 0));
        assertTrue(e.getMessage().startsWith("Streams.startServer: backlog"), e.getMessage());
    }
}
