package io.jasyncio.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.samples.EchoProtocolServer;
import io.jasyncio.samples.EchoServer;
import io.jasyncio.samples.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server sample, started fresh in a child JVM with a low {@code ulimit -n}, held past its
 * descriptor limit by idle clients: it must stay alive (before: 14 runs in 15 died of a
 * {@code NoClassDefFoundError} thrown while reporting the first error), log a bounded amount
 * (before: 30-48 thousand stack traces a second), not spin (before: 94-100% of a core), and
 * serve again once the clients leave. asyncio's answer, which the runtime now gives: on EMFILE,
 * ENFILE, ENOBUFS or ENOMEM stop accepting on that socket for a second, and say so once.
 *
 * <p>CI: {@code ulimit -n 256}, 400 idle clients, 4 s of attack. Full: the reviewer's figures,
 * {@code ulimit -n 1024}, 1,200 idle clients, 10 s. The bounds are generous: a spinning server
 * exceeds them by two orders of magnitude even when the busy machine gives it a tenth of a core.
 */
@Tag("reliability")
class DescriptorExhaustionAttackTest {
    /** Log lines per second of attack a server may write: one report (about 20 lines) a second is expected. */
    private static final double MAX_LINES_PER_SECOND = 200;
    /** Log characters per second of attack. */
    private static final double MAX_BYTES_PER_SECOND = 40_000;
    /** Share of one core the server may use while out of descriptors. */
    private static final double MAX_CORES = 0.5;
    /** asyncio's words for the report, once a second at most while the server is out. */
    private static final String OUT_OF_RESOURCES = "socket.accept() out of system resource";

    @ParameterizedTest
    @ValueSource(classes = {HttpServer.class, EchoProtocolServer.class, EchoServer.class})
    void aServerOutOfDescriptorsSurvivesLogsLittleDoesNotSpinAndServesAgain(Class<?> sample) throws Exception {
        int limit = Scale.pick(256, 1024);
        int clients = Scale.pick(400, 1200);
        Duration attack = Duration.ofSeconds(Scale.pick(4, 10));
        // The HTTP sample would close idle connections after its header timeout (10 s): hold them.
        String[] args = sample == HttpServer.class
                ? new String[] {"0", "127.0.0.1", "100", "--header-timeout=600", "--idle-timeout=600"}
                : new String[] {"0", "127.0.0.1", "100"};
        try (ChildJvm server = ChildJvm.of(sample)
                .args(args)
                .openFiles(limit)
                .lifetime(Duration.ofMinutes(3))
                .startServer()) {
            int baseline = server.descriptors();
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
            List<SocketChannel> idle = new ArrayList<>(clients);
            long linesBefore;
            long bytesBefore;
            long cpuBefore;
            long wallBefore;
            long linesAfter;
            long bytesAfter;
            long cpuAfter;
            long wallAfter;
            try {
                // Paced, so that the kernel's accept queue never drops a burst of connections
                // (whose retries would come seconds later): the server runs out while this
                // loop still connects. Those past the server's backlog stay pending: fine.
                long exhaustBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (idle.size() < clients && System.nanoTime() < exhaustBy) {
                    for (int i = 0; i < 20 && idle.size() < clients; i++) {
                        SocketChannel c = SocketChannel.open();
                        idle.add(c);
                        c.configureBlocking(false);
                        c.connect(address);
                    }
                    Thread.sleep(20);
                }
                long outBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!server.stderr().contains(OUT_OF_RESOURCES) && System.nanoTime() < outBy) {
                    Thread.sleep(100);
                }
                assertTrue(
                        server.stderr().contains(OUT_OF_RESOURCES),
                        "the attack did not exhaust the server's descriptors (" + server.descriptors() + " open): "
                                + head(server.stderr()));
                // The window opens with the server out of descriptors and its clients waiting.
                linesBefore = server.stderrLines();
                bytesBefore = server.stderrBytes();
                cpuBefore = server.cpuNanos();
                wallBefore = System.nanoTime();
                Thread.sleep(attack.toMillis());
                assertTrue(server.isAlive(), sample.getSimpleName() + " died: " + head(server.stderr()));
                linesAfter = server.stderrLines();
                bytesAfter = server.stderrBytes();
                cpuAfter = server.cpuNanos();
                wallAfter = System.nanoTime();
            } finally {
                for (SocketChannel c : idle) {
                    c.close();
                }
            }
            double seconds = (wallAfter - wallBefore) / 1e9;
            double linesPerSecond = (linesAfter - linesBefore) / seconds;
            double bytesPerSecond = (bytesAfter - bytesBefore) / seconds;
            double cores = (cpuAfter - cpuBefore) / 1e9 / seconds;
            String log = server.stderr();
            assertTrue(
                    linesPerSecond <= MAX_LINES_PER_SECOND && bytesPerSecond <= MAX_BYTES_PER_SECOND,
                    String.format(
                            "%s logged %.0f lines (%.0f bytes) a second: %s",
                            sample.getSimpleName(), linesPerSecond, bytesPerSecond, head(log)));
            assertTrue(
                    cores <= MAX_CORES,
                    String.format("%s used %.2f of a core while out of descriptors", sample.getSimpleName(), cores));

            long recovering = System.nanoTime();
            servedWithin(sample, address, Duration.ofSeconds(60));
            double recovered = (System.nanoTime() - recovering) / 1e9;
            Descriptors.awaitBaseline(sample.getSimpleName(), server::descriptors, baseline, Duration.ofSeconds(60));
            assertTrue(server.isAlive(), sample.getSimpleName() + " died: " + head(server.stderr()));
            Figures.report(
                    sample.getSimpleName() + " out of descriptors",
                    String.format(
                            "ulimit -n %d, %d idle clients for %.1f s: %.1f log lines/s (%.0f B/s), %.3f of a core;"
                                    + " served again %.1f s after they left",
                            limit, clients, seconds, linesPerSecond, bytesPerSecond, cores, recovered));
        }
    }

    /** The first lines of a log, for messages. */
    private static String head(String log) {
        return log.length() <= 4000 ? log : log.substring(0, 4000) + "\n...";
    }

    /**
     * One good exchange with the sample, retried (a second apart) until {@code bound}: the
     * server resumes accepting at most a second after descriptors free up.
     */
    private static void servedWithin(Class<?> sample, InetSocketAddress address, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (sample == HttpServer.class) {
                    httpOnce(address);
                } else {
                    EchoServerAttackTest.echoOnce(address.getPort());
                }
                return;
            } catch (IOException | AssertionError e) {
                last = new AssertionError(sample.getSimpleName() + " does not serve again", e);
            }
            Thread.sleep(1000);
        }
        throw last != null ? last : new AssertionError(sample.getSimpleName() + " does not serve again");
    }

    private static void httpOnce(InetSocketAddress address) throws IOException {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new AssertionError("not a 200: " + response);
            }
        }
    }
}
