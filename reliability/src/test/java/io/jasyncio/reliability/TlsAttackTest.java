package io.jasyncio.reliability;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Server;
import io.jasyncio.SslOptions;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS echo server (streams, handshake timeout 1 s) on a loop in this JVM, under garbage,
 * stalled handshakes, a flood of handshakes and renegotiation: it closes what is not TLS, drops
 * what stalls, serves every real client, survives renegotiation, and afterwards this JVM holds
 * no more descriptors than before the server started.
 */
@Tag("reliability")
class TlsAttackTest {
    private static TlsContexts tls;

    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        tls = TlsContexts.create(dir);
    }

    @Async
    static Coroutine<Void> echo(StreamReader reader, StreamWriter writer) {
        try {
            while (true) {
                byte[] data = await(reader.read(64 * 1024));
                if (data.length == 0) {
                    break;
                }
                writer.write(data);
                await(writer.drain());
            }
        } catch (Exception e) {
            if (!(e instanceof IOException)) {
                throw e;
            }
        } finally {
            writer.close();
        }
        return done();
    }

    @Async
    static Coroutine<Void> serve(
            CompletableFuture<Integer> port, CompletableFuture<Void> stop, double handshakeTimeout) {
        Server server = await(Streams.startServer(
                TlsAttackTest::echo,
                "127.0.0.1",
                0,
                SslOptions.of(tls.server()).withHandshakeTimeout(handshakeTimeout)));
        port.complete(server.port());
        try {
            await(stop);
        } finally {
            server.close();
        }
        await(server.waitClosed());
        return done();
    }

    /**
     * Handshake timeout of the attacks that need the server to drop stalled or garbled
     * handshakes. Long enough that an honest handshake (the echo that follows each attack) is
     * never dropped for the machine's slowness: on a busy 2-core machine a handshake has taken
     * over a second.
     */
    private static final double DROPPING = 5.0;

    /** Handshake timeout of the attacks made of honest clients: only a hung server would hit it. */
    private static final double PATIENT = 120.0;

    /**
     * Runs {@code attack} against a fresh server with the given handshake timeout, then checks
     * the descriptors came back.
     */
    private static void underAttack(String name, double handshakeTimeout, Attack attack) throws Exception {
        echoOver(-1); // loads the JDK's TLS classes and their files before the baseline
        int baseline = Descriptors.self();
        try (LoopThread<Integer> server =
                new LoopThread<>("TLS server", (port, stop) -> serve(port, stop, handshakeTimeout))) {
            int port = server.ready();
            attack.run(port);
            echoOver(port);
        }
        Descriptors.awaitBaseline(name, Descriptors::self, baseline, Duration.ofSeconds(60));
    }

    private interface Attack {
        void run(int port) throws Exception;
    }

    /** One TLS echo with a trusting client; a negative port only warms the client up. */
    private static void echoOver(int port) throws IOException {
        if (port < 0) {
            tls.client().getSocketFactory();
            return;
        }
        try (SSLSocket s = (SSLSocket) tls.client().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            byte[] msg = "over TLS".getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(msg);
            assertArrayEquals(msg, s.getInputStream().readNBytes(msg.length));
        }
    }

    /** Reads until the server closes the connection, bounded; fails if it never does. */
    private static void awaitClosedByServer(Socket s, String what) throws IOException {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) != -1) {
                // an alert, perhaps
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept " + what + " open for 30 s");
        } catch (IOException reset) {
            // closed
        }
    }

    /**
     * Connections that send random bytes instead of a ClientHello: each is closed by the
     * server (at once, or by the handshake timeout when the bytes look like the start of a
     * long record). CI: 200; full: 5,000. Eight at a time.
     */
    @Test
    void garbageInsteadOfAHandshakeIsClosed() throws Exception {
        int connections = Scale.pick(200, 5_000);
        long seed = System.nanoTime();
        long start = System.nanoTime();
        underAttack(
                "TLS garbage",
                DROPPING,
                port -> inParallel(connections, i -> {
                    Random random = new Random(seed + i);
                    byte[] garbage = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(garbage);
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        try {
                            s.getOutputStream().write(garbage);
                        } catch (IOException closedAlready) {
                            return;
                        }
                        awaitClosedByServer(s, "a connection sending garbage (seed " + seed + " connection " + i + ")");
                    }
                }));
        Figures.report("TLS garbage", connections + " connections of random bytes closed in " + Figures.seconds(start));
    }

    /**
     * Connections held open at once that send nothing, or only the first bytes of a
     * ClientHello: the handshake timeout closes every one. CI: 100; full: 1,000.
     */
    @Test
    void stalledHandshakesAreDroppedByTheHandshakeTimeout() throws Exception {
        int connections = Scale.pick(100, 1_000);
        byte[] partialHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        long start = System.nanoTime();
        underAttack("TLS stalled handshakes", DROPPING, port -> {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    Socket s = new Socket("127.0.0.1", port);
                    stalled.add(s);
                    if (i % 2 == 1) {
                        s.getOutputStream().write(partialHello);
                    }
                }
                for (Socket s : stalled) {
                    awaitClosedByServer(s, "a stalled handshake");
                }
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        });
        Figures.report(
                "TLS stalled handshakes",
                connections + " stalled handshakes held at once, all dropped in " + Figures.seconds(start));
    }

    /** Full handshakes, eight at a time, each followed by an echo. CI: 200; full: 5,000. */
    @Test
    void aFloodOfHandshakesIsServedInFull() throws Exception {
        int handshakes = Scale.pick(200, 5_000);
        long start = System.nanoTime();
        underAttack("TLS handshake flood", PATIENT, port -> inParallel(handshakes, i -> echoOver(port)));
        Figures.report("TLS handshake flood", handshakes + " handshakes and echoes in " + Figures.seconds(start));
    }

    /**
     * Clients that renegotiate after their first echo (TLS 1.2) or update their keys (TLS
     * 1.3): the server either carries on or closes that connection, never anything worse, and
     * serves the next client. CI: 20 of each; full: 200.
     */
    @Test
    void renegotiationLeavesTheServerServing() throws Exception {
        int each = Scale.pick(20, 200);
        AtomicInteger continued = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long start = System.nanoTime();
        underAttack(
                "TLS renegotiation",
                PATIENT,
                port -> inParallel(2 * each, i -> {
                    String protocol = i % 2 == 0 ? "TLSv1.2" : "TLSv1.3";
                    try (SSLSocket s =
                            (SSLSocket) tls.client().getSocketFactory().createSocket("127.0.0.1", port)) {
                        s.setEnabledProtocols(new String[] {protocol});
                        s.setSoTimeout(30_000);
                        byte[] msg = "before".getBytes(StandardCharsets.US_ASCII);
                        s.getOutputStream().write(msg);
                        assertArrayEquals(msg, s.getInputStream().readNBytes(msg.length));
                        try {
                            s.startHandshake();
                            byte[] again = "after".getBytes(StandardCharsets.US_ASCII);
                            s.getOutputStream().write(again);
                            byte[] back = s.getInputStream().readNBytes(again.length);
                            if (back.length == again.length) {
                                assertArrayEquals(again, back, protocol);
                                continued.incrementAndGet();
                            } else {
                                refused.incrementAndGet();
                            }
                        } catch (SocketTimeoutException e) {
                            throw new AssertionError(
                                    protocol + ": the server neither answered nor closed after renegotiation");
                        } catch (IOException e) {
                            refused.incrementAndGet();
                        }
                    }
                }));
        assertEquals(2 * each, continued.get() + refused.get());
        Figures.report(
                "TLS renegotiation",
                2 * each + " renegotiations (TLS 1.2) and key updates (TLS 1.3): " + continued + " carried on, "
                        + refused + " closed, in " + Figures.seconds(start));
    }

    private interface Client {
        void run(int i) throws Exception;
    }

    /** Runs {@code count} clients, eight at a time, each bounded; rethrows the first failure. */
    static void inParallel(int count, Client client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    client.run(n);
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
    }
}
