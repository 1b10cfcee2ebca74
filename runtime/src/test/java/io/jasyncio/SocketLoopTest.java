package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of sockets, datagrams and child processes share: a fresh loop per test, every
 * run bounded by a watchdog (20 s) that stops the loop, and after each test exactly the file
 * descriptors the process had before it (and nothing else left running, as a subclass says).
 * Plus the echo handler and one-line client they all use.
 */
abstract class SocketLoopTest {
    SelectorEventLoop loop;
    private List<String> fdsBefore;

    /**
     * The JDK creates one socket of its own (the "pre-close" socket its NIO dispatcher dup2s
     * over a channel closed while registered with a selector) the first time it needs it, and
     * keeps it for the life of the JVM. Create it before any test counts descriptors, so that
     * whichever test happens to run first is not blamed for it.
     */
    @BeforeAll
    static void letTheJdkCreateItsPreCloseSocket() throws IOException {
        try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            java.nio.channels.ServerSocketChannel s = java.nio.channels.ServerSocketChannel.open();
            s.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            s.configureBlocking(false);
            s.register(selector, java.nio.channels.SelectionKey.OP_ACCEPT);
            s.close();
            selector.selectNow();
        }
    }

    @BeforeEach
    void openLoop() throws IOException {
        fdsBefore = openFds();
        loop = new SelectorEventLoop();
    }

    @AfterEach
    void closeLoopAndCheckDescriptors() throws Exception {
        loop.runUntilComplete(loop.shutdownDefaultExecutor());
        loop.close();
        List<String> after = openFds();
        for (int i = 0;
                i < 100 && (after.size() != fdsBefore.size() || !leftovers().isEmpty());
                i++) {
            Thread.sleep(20);
            after = openFds();
        }
        assertEquals(
                fdsBefore.size(),
                after.size(),
                "open file descriptors after the test: before " + fdsBefore + ", after " + after);
        assertEquals(List.of(), leftovers(), "left running after the test");
    }

    /** What else a test class must find gone after each test (threads of its own, say); none. */
    List<String> leftovers() {
        return List.of();
    }

    /** How long a run may take before the watchdog stops the loop. */
    double watchdogSeconds() {
        return 20;
    }

    /**
     * The open descriptors, as what each points to. Left out: jar files, since the class loader
     * opens a test library's jar on first use and keeps it open; and cgroup files, which the
     * JVM's container support opens and closes on threads of its own at any moment.
     */
    static List<String> openFds() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (!target.endsWith(".jar") && !target.startsWith("/sys/fs/cgroup/")) {
                        out.add(target);
                    }
                } catch (IOException gone) {
                    // The descriptor of the listing itself, closed by now.
                }
            }
        }
        out.sort(null);
        return out;
    }

    <T> T run(Awaitable<T> main) {
        TimerHandle watchdog = loop.callLater(watchdogSeconds(), loop::stop);
        try {
            return loop.runUntilComplete(main);
        } finally {
            watchdog.cancel();
        }
    }

    /**
     * Runs one TLS echo round trip on a loop of its own, before any test counts descriptors:
     * the JDK opens its entropy sources on first use and keeps them, and the first test to
     * touch TLS would be blamed for them.
     *
     * @param server the server's TLS options
     * @param client the client's TLS options, which must accept the server's certificate
     */
    static void warmUpTls(SslOptions server, SslOptions client) throws Exception {
        SelectorEventLoop warm = new SelectorEventLoop();
        TimerHandle watchdog = warm.callLater(20, warm::stop);
        try {
            Server s = warm.runUntilComplete(Streams.startServer(SocketLoopTest::echo, "127.0.0.1", 0, server));
            assertEquals(
                    "warm\n",
                    warm.runUntilComplete(client(Streams.openConnection("127.0.0.1", s.port(), client), "warm\n")));
            s.close();
            warm.runUntilComplete(s.waitClosed());
            warm.runUntilComplete(warm.shutdownDefaultExecutor());
        } finally {
            watchdog.cancel();
            warm.close();
        }
    }

    void closeServer(Server server) {
        server.close();
        run(server.waitClosed());
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    /** Handler: echo one line, then close. */
    static Coroutine<Void> echo(StreamReader r, StreamWriter w) {
        return new Scripted<Void>("echo")
                .then(v -> r.readline())
                .then(v -> {
                    w.write((byte[]) v);
                    return w.drain();
                })
                .then(v -> {
                    w.close();
                    return w.waitClosed();
                })
                .then(v -> Scripted.value(null));
    }

    /** A client that connects with {@code connect}, sends one line and returns the echo. */
    static Coroutine<String> client(Coroutine<Streams.Connection> connect, String line) {
        Streams.Connection[] c = new Streams.Connection[1];
        return new Scripted<String>("client")
                .then(v -> connect)
                .then(v -> {
                    c[0] = (Streams.Connection) v;
                    c[0].writer().write(b(line));
                    return c[0].writer().drain();
                })
                .then(v -> c[0].reader().readline())
                .then(v -> {
                    String got = s(v);
                    c[0].writer().close();
                    return new Scripted<String>("close")
                            .then(x -> c[0].writer().waitClosed())
                            .then(x -> got);
                })
                .then(v -> Scripted.value(v));
    }

    /** Chunks of the flow-control scenario: 64 writes of 64 KiB. */
    static final int FLOOD_CHUNK = 64 * 1024;

    static final int FLOOD_CHUNKS = 64;

    /**
     * The checks of the flow-control scenario: the reader got every byte, the flood was far
     * larger than what the kernel could hold (or it would prove nothing), the writer had to
     * buffer, and never much past the high-water mark.
     *
     * @param stats what {@link #flood} and {@link #slowReader} recorded
     * @param total what the reader got
     * @param maxOverHighWater how far past 64 KiB plus a chunk the writer may buffer, in percent
     */
    static void assertFloodHeldBack(long[] stats, int total, int maxOverHighWater) {
        assertEquals(FLOOD_CHUNK * FLOOD_CHUNKS, total);
        long kernel = stats[1] + stats[2];
        org.junit.jupiter.api.Assertions.assertTrue(
                (long) FLOOD_CHUNK * FLOOD_CHUNKS >= 8 * kernel,
                "the flood must dwarf the socket buffers the kernel granted (" + stats[1] + " + " + stats[2] + ")");
        org.junit.jupiter.api.Assertions.assertTrue(
                stats[0] > 0, "the kernel took everything: the test proves nothing");
        long bound = (64L * 1024 + FLOOD_CHUNK) * (100 + maxOverHighWater) / 100;
        org.junit.jupiter.api.Assertions.assertTrue(stats[0] <= bound, "buffered " + stats[0]);
    }

    /**
     * The socket buffers the flow-control scenario asks for, on the writer's side (SO_SNDBUF)
     * and the reader's (SO_RCVBUF). Left alone, loopback buffers autotune up to
     * {@code net.ipv4.tcp_rmem}'s and {@code tcp_wmem}'s maximum (32 MiB on some machines), and
     * the kernel swallows the whole flood: the writer never has to wait.
     */
    static final int FLOOD_SOCKET_BUFFER = 64 * 1024;

    /** Sets {@code option} on the channel behind a stream, returning what the kernel reports. */
    static int setBuffer(Object socket, java.net.SocketOption<Integer> option, int bytes) {
        java.nio.channels.SocketChannel c = (java.nio.channels.SocketChannel) socket;
        try {
            c.setOption(option, bytes);
            return c.getOption(option);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Handler: sets its socket's SO_SNDBUF to {@link #FLOOD_SOCKET_BUFFER}, writes
     * {@link #FLOOD_CHUNKS} chunks of {@link #FLOOD_CHUNK} bytes, awaiting {@code drain()} after
     * each, recording in {@code stats[0]} the most it ever had buffered and in {@code stats[1]}
     * the send buffer the kernel granted; then closes.
     */
    static io.jasyncio.streams.ClientConnected flood(long[] stats) {
        long[] maxBuffered = stats;
        return (r, w) -> {
            stats[1] =
                    setBuffer(w.getExtraInfo("socket"), java.net.StandardSocketOptions.SO_SNDBUF, FLOOD_SOCKET_BUFFER);
            Scripted<Void> s = new Scripted<>("flood");
            for (int i = 0; i < FLOOD_CHUNKS; i++) {
                s.then(v -> {
                    w.write(new byte[FLOOD_CHUNK]);
                    maxBuffered[0] = Math.max(maxBuffered[0], w.writeBufferSize());
                    return w.drain();
                });
            }
            return s.then(v -> {
                        w.close();
                        return w.waitClosed();
                    })
                    .then(v -> Scripted.value(null));
        };
    }

    /**
     * A client that connects, sets its SO_RCVBUF to {@link #FLOOD_SOCKET_BUFFER} (recording in
     * {@code stats[2]} what the kernel granted), sleeps 0.3 s, then reads the whole flood;
     * returns its size.
     */
    static Coroutine<Integer> slowReader(Coroutine<Streams.Connection> connect, long[] stats) {
        Streams.Connection[] c = new Streams.Connection[1];
        return new Scripted<Integer>("slowReader")
                .then(v -> connect)
                .then(v -> {
                    c[0] = (Streams.Connection) v;
                    stats[2] = setBuffer(
                            c[0].writer().getExtraInfo("socket"),
                            java.net.StandardSocketOptions.SO_RCVBUF,
                            FLOOD_SOCKET_BUFFER);
                    return Asyncio.sleep(0.3);
                })
                .then(v -> c[0].reader().readexactly(FLOOD_CHUNK * FLOOD_CHUNKS))
                .then(v -> {
                    int n = ((byte[]) v).length;
                    c[0].writer().close();
                    return new Scripted<Integer>("x")
                            .then(x -> c[0].writer().waitClosed())
                            .then(x -> n);
                })
                .then(v -> Scripted.value(v));
    }

    /** A server whose handler reads to end of stream without answering, then closes. */
    Server silentServer(String host) {
        return run(Streams.startServer(
                (r, w) -> new Scripted<Void>("silent")
                        .then(v -> r.read(-1))
                        .then(v -> {
                            w.close();
                            return w.waitClosed();
                        })
                        .then(v -> Scripted.value(null)),
                host,
                0));
    }
}
