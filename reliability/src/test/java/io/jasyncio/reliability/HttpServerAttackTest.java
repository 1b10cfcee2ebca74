package io.jasyncio.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.samples.HttpProtocolServer;
import io.jasyncio.samples.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both HTTP samples, each in a child JVM, under request smuggling and slow or silent clients
 * at scale: every smuggling shape is refused with 400 and a close, slow and silent clients are
 * disconnected by the server's timeouts while well-behaved clients are served, and the server
 * ends with the descriptors it started with.
 */
@Tag("reliability")
class HttpServerAttackTest {
    private static final Duration BACK_TO_BASELINE = Duration.ofSeconds(60);
    private static final String GOOD = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final String GOOD_CLOSE = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

    /** The reviewer's smuggling shapes, each followed by a request a lenient parser would answer. */
    private static final String[] SMUGGLING = {
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nGET /x",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello" + GOOD,
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello" + GOOD,
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + GOOD,
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + GOOD,
        "POST / HTTP/1.1\r\nHost: a\r\nX: y\r\n Content-Length: 5\r\n\r\nhello" + GOOD,
        "POST / HTTP/1.1\r\nHost: a\r\nX: y\rContent-Length: 5\r\n\r\nhello" + GOOD,
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello" + GOOD,
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + GOOD,
    };

    /**
     * Smuggling attempts on many connections, eight at a time, with a well-behaved request on
     * every fourth connection: each attempt gets exactly one 400 and then the end of the
     * connection, each good request its 200. CI: 400 connections; full: 10,000.
     */
    @ParameterizedTest
    @ValueSource(classes = {HttpServer.class, HttpProtocolServer.class})
    void everySmugglingAttemptIsRefusedAndClosedAtScale(Class<?> sample) throws Exception {
        int connections = Scale.pick(400, 10_000);
        try (ChildJvm server = ChildJvm.of(sample).args("0").openFiles(1024).startServer()) {
            int port = server.port();
            assertEquals(List.of("HTTP/1.1 200 OK"), exchange(port, GOOD_CLOSE));
            int baseline = server.descriptors();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    int n = i;
                    done.add(pool.submit(() -> {
                        if (n % 4 == 3) {
                            List<String> got = exchange(port, GOOD_CLOSE);
                            assertEquals(List.of("HTTP/1.1 200 OK"), got, "a good request");
                        } else {
                            String attempt = SMUGGLING[n % SMUGGLING.length];
                            assertEquals(List.of("HTTP/1.1 400 Bad Request"), exchange(port, attempt), attempt);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "attacking threads did not end");
            }
            Descriptors.awaitBaseline(sample.getSimpleName(), server::descriptors, baseline, BACK_TO_BASELINE);
            Figures.report(
                    sample.getSimpleName() + " smuggling",
                    connections + " connections (3 in 4 smuggling, " + SMUGGLING.length + " shapes) in "
                            + Figures.seconds(start));
        }
    }

    /**
     * Sends {@code request}, reads until the server closes (bounded) and returns the status
     * line of every response that came.
     */
    private static List<String> exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) != -1; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close after answering " + request);
            }
            List<String> statuses = new ArrayList<>();
            for (String line : got.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                if (line.startsWith("HTTP/")) {
                    statuses.add(line);
                }
            }
            return statuses;
        }
    }

    /**
     * Many slowloris clients (a head trickled one byte per 200 ms) and silent ones (connected,
     * saying nothing) held open against a server with a 1 s header timeout: the server closes
     * every one of them, while a well-behaved client arriving in the middle of the attack is
     * served; afterwards it holds no more descriptors than before. The attack stops the
     * trickle only when the server has closed the connection, and gives up after 90 s. CI: 200
     * connections; full: 1,000 (the reviewer's figure).
     */
    @ParameterizedTest
    @ValueSource(classes = {HttpServer.class, HttpProtocolServer.class})
    void slowAndSilentClientsAreAllDisconnectedWhileGoodOnesAreServed(Class<?> sample) throws Exception {
        int connections = Scale.pick(200, 1_000);
        try (ChildJvm server = ChildJvm.of(sample)
                        .args("0", "127.0.0.1", "1024", "--header-timeout=1", "--idle-timeout=2")
                        .openFiles(connections + 512)
                        .startServer();
                Selector selector = Selector.open()) {
            int port = server.port();
            assertEquals("HTTP/1.1 200 OK", exchange(port, GOOD_CLOSE).get(0));
            int baseline = server.descriptors();
            long start = System.nanoTime();
            List<SocketChannel> slow = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                    c.configureBlocking(false);
                    c.register(selector, SelectionKey.OP_READ, i % 2 == 0 ? "slowloris" : "silent");
                    if (i % 2 == 0) {
                        c.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII)));
                        slow.add(c);
                    }
                }
                int open = connections;
                boolean goodServed = false;
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                long nextByte = 0;
                ByteBuffer sink = ByteBuffer.allocate(4096);
                while (open > 0) {
                    if (System.nanoTime() > giveUp) {
                        throw new AssertionError(open + " of " + connections + " slow or silent connections still open"
                                + " after 90 s; server stderr: " + server.stderr());
                    }
                    if (!goodServed) {
                        // In the middle of the attack, a client that behaves is served at once.
                        assertEquals(List.of("HTTP/1.1 200 OK"), exchange(port, GOOD_CLOSE));
                        goodServed = true;
                    }
                    if (System.nanoTime() >= nextByte) {
                        for (SocketChannel c : slow) {
                            if (c.isOpen()) {
                                try {
                                    c.write(ByteBuffer.wrap(new byte[] {'a'}));
                                } catch (IOException reset) {
                                    // closed by the server; the selector sees it too
                                }
                            }
                        }
                        nextByte = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                    }
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        SocketChannel c = (SocketChannel) key.channel();
                        int n;
                        try {
                            sink.clear();
                            n = c.read(sink);
                        } catch (SocketException reset) {
                            n = -1;
                        }
                        if (n == -1) {
                            key.cancel();
                            c.close();
                            open--;
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } finally {
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
            }
            Figures.report(
                    sample.getSimpleName() + " slowloris and silent",
                    connections + " connections (half slowloris, half silent) all closed by the server in "
                            + Figures.seconds(start) + " (header timeout 1 s)");
            Descriptors.awaitBaseline(sample.getSimpleName(), server::descriptors, baseline, BACK_TO_BASELINE);
        }
    }
}
