package io.jasyncio.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.samples.EchoClient;
import io.jasyncio.samples.EchoProtocolServer;
import io.jasyncio.samples.EchoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both echo samples, each in a child JVM, under many connections, faults and a slow reader. */
@Tag("reliability")
class EchoServerAttackTest {
    private static final Duration BACK_TO_BASELINE = Duration.ofSeconds(60);

    /**
     * Many connections open at once, each echoing messages that the {@link EchoClient} sample
     * checks byte for byte; afterwards the server holds no more descriptors than before.
     * CI: 500 connections; full: 10,000 (the reviewer's figure). 5 messages of 64 bytes each.
     */
    @ParameterizedTest
    @ValueSource(classes = {EchoServer.class, EchoProtocolServer.class})
    void manyConnectionsAreEchoedAndGiveTheirDescriptorsBack(Class<?> sample) throws Exception {
        int connections = Scale.pick(500, 10_000);
        try (ChildJvm server = ChildJvm.of(sample)
                .args("0", "127.0.0.1", "1024")
                .openFiles(connections + 512)
                .startServer()) {
            echoOnce(server.port());
            int baseline = server.descriptors();
            long start = System.nanoTime();
            try (ChildJvm client = ChildJvm.of(EchoClient.class)
                    .args(Integer.toString(server.port()), Integer.toString(connections), "5", "64")
                    .openFiles(connections + 512)
                    .start()) {
                assertEquals(0, client.waitFor(Duration.ofMinutes(4)), client.stderr());
                assertTrue(
                        client.stdout().get(1).startsWith(connections * 5 + " round trips in "),
                        client.stdout().toString());
                Figures.report(
                        sample.getSimpleName() + " many connections",
                        connections + " connections x 5 echoes: "
                                + client.stdout().get(1) + ", in " + Figures.seconds(start));
            }
            Descriptors.awaitBaseline(sample.getSimpleName(), server::descriptors, baseline, BACK_TO_BASELINE);
            echoOnce(server.port());
        }
    }

    /** What one attacking client does to its connection. */
    private enum Fault {
        /** Sends, half-closes, reads every byte back and the end of stream. */
        HALF_CLOSE,
        /** Sends, then resets the connection (SO_LINGER 0) without reading. */
        RESET_AFTER_SEND,
        /** Sends, reads part of the echo, then resets. */
        RESET_MID_ECHO,
        /** Sends, then closes without reading the echo (the server's write meets a reset). */
        CLOSE_UNREAD,
        /** Connects and resets at once. */
        RESET_AT_ONCE
    }

    /**
     * Clients that reset their connections at random points, half-close or close without
     * reading, eight at a time; then a well-behaved client is still echoed and the server holds
     * no more descriptors than before. The seed is printed; each client's fault and data follow
     * from it. CI: 400 clients; full: 10,000. Each sends at most 48 KiB: below the server's
     * high-water mark, so a client that reads only after sending never waits on kernel buffers.
     */
    @ParameterizedTest
    @ValueSource(classes = {EchoServer.class, EchoProtocolServer.class})
    void resetsAndHalfClosesLeaveTheServerServing(Class<?> sample) throws Exception {
        int clients = Scale.pick(400, 10_000);
        long seed = System.nanoTime();
        try (ChildJvm server = ChildJvm.of(sample).args("0").openFiles(1024).startServer()) {
            echoOnce(server.port());
            int baseline = server.descriptors();
            AtomicIntegerArray counts = new AtomicIntegerArray(Fault.values().length);
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    Random random = new Random(seed + i);
                    int client = i;
                    done.add(pool.submit(() -> {
                        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                        counts.incrementAndGet(fault.ordinal());
                        attack(server.port(), fault, random, "seed " + seed + " client " + client);
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
            echoOnce(server.port());
            Descriptors.awaitBaseline(sample.getSimpleName(), server::descriptors, baseline, BACK_TO_BASELINE);
            Figures.report(
                    sample.getSimpleName() + " resets and half-closes",
                    clients + " clients (seed " + seed + ", " + counts + " by fault) in " + Figures.seconds(start));
        }
    }

    private static void attack(int port, Fault fault, Random random, String who) throws IOException {
        byte[] data = new byte[1 + random.nextInt(48 * 1024)];
        random.nextBytes(data);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            switch (fault) {
                case HALF_CLOSE:
                    out.write(data);
                    s.shutdownOutput();
                    assertArrayEquals(data, in.readAllBytes(), who + ": the echo differs");
                    break;
                case RESET_AFTER_SEND:
                    out.write(data);
                    s.setSoLinger(true, 0);
                    break;
                case RESET_MID_ECHO:
                    out.write(data);
                    byte[] part = in.readNBytes(random.nextInt(data.length));
                    for (int i = 0; i < part.length; i++) {
                        assertEquals(data[i], part[i], who + ": echo byte " + i);
                    }
                    s.setSoLinger(true, 0);
                    break;
                case CLOSE_UNREAD:
                    out.write(data);
                    break;
                case RESET_AT_ONCE:
                    s.setSoLinger(true, 0);
                    break;
                default:
                    throw new AssertionError(fault);
            }
        }
    }

    /**
     * A client writing a large flow as fast as it can while reading the echo slowly: the
     * server must push back (pause reading) instead of buffering, so a flow several times its
     * whole heap (-Xmx32m) comes back intact and the server is still alive. CI: 64 MiB; full:
     * 256 MiB (the reviewer pushed 100 MiB). The reader takes 16 KiB per millisecond at most.
     */
    @ParameterizedTest
    @ValueSource(classes = {EchoServer.class, EchoProtocolServer.class})
    void aSlowReaderUnderALargeFlowKeepsTheServerWithinItsHeap(Class<?> sample) throws Exception {
        long flow = Scale.pick(64L << 20, 256L << 20);
        try (ChildJvm server = ChildJvm.of(sample).args("0").maxHeap("32m").startServer()) {
            // Not in the try: closing it is also how a failed reader unblocks the writer.
            Socket s = new Socket("127.0.0.1", server.port());
            s.setSoTimeout(60_000);
            long start = System.nanoTime();
            Thread writer = new Thread(
                    () -> {
                        byte[] chunk = new byte[64 * 1024];
                        try {
                            OutputStream out = s.getOutputStream();
                            for (long sent = 0; sent < flow; sent += chunk.length) {
                                for (int i = 0; i < chunk.length; i++) {
                                    chunk[i] = pattern(sent + i);
                                }
                                out.write(chunk);
                            }
                            s.shutdownOutput();
                        } catch (IOException e) {
                            // the reader reports the missing bytes
                        }
                    },
                    "flow writer");
            writer.start();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16 * 1024];
            long got = 0;
            try {
                for (int n; (n = in.read(buf)) != -1; ) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != pattern(got + i)) {
                            throw new AssertionError("byte " + (got + i) + " of the echo differs");
                        }
                    }
                    got += n;
                    Thread.sleep(1);
                }
            } finally {
                s.close();
                writer.join(30_000);
            }
            assertEquals(flow, got, "bytes echoed; server stderr: " + server.stderr());
            assertTrue(server.isAlive(), "the server died: " + server.stderr());
            Figures.report(
                    sample.getSimpleName() + " slow reader",
                    (flow >> 20) + " MiB echoed to a slow reader in " + Figures.seconds(start)
                            + " by a server with -Xmx32m, peak resident " + (server.peakResidentKiB() >> 10) + " MiB");
        }
    }

    private static byte pattern(long i) {
        return (byte) (i * 31 + (i >>> 13));
    }

    /** One short echo: the server is up and serving. */
    static void echoOnce(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            byte[] msg = "are you there?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            s.getOutputStream().write(msg);
            assertArrayEquals(msg, s.getInputStream().readNBytes(msg.length));
        } catch (SocketException e) {
            throw new AssertionError("the server no longer serves", e);
        }
    }
}
