package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EventLoop#sockSendfile} and {@link EventLoop#sendfile}, over loopback sockets whose
 * send buffer is made small so the socket fills up and the send must wait for it, under the
 * descriptor check of {@link SocketLoopTest}. The texts of the errors are asyncio's
 * ({@code _check_sendfile_params}, {@code sock_sendfile}, {@code sendfile}).
 */
class SendfileTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";
    private static final int SIZE = 1 << 20;

    @TempDir
    static Path certDir;

    private static TestCerts certs;
    private static byte[] content;

    private Path file;

    @BeforeAll
    static void makeCertificateAndWarmUp() throws Exception {
        certs = TestCerts.create(certDir);
        warmUpTls(SslOptions.of(certs.server), SslOptions.of(certs.trusting));
        content = new byte[SIZE];
        new Random(42).nextBytes(content);
    }

    @BeforeEach
    void writeFile() throws IOException {
        file = Path.of("target", "sendfile-" + ProcessHandle.current().pid() + ".bin");
        Files.write(file, content);
    }

    @AfterEach
    void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Collects what it reads; {@code got} completes once {@code wanted} bytes came. */
    final class Collector implements Protocol {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Future<Void> got = loop.createFuture();
        final int wanted;
        Transport transport;
        /** Made with reading paused, until the test resumes it: the sender must wait. */
        boolean paused;

        Collector(int wanted) {
            this.wanted = wanted;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            if (paused) {
                ((ReadTransport) t).pauseReading();
            }
        }

        @Override
        public void dataReceived(ByteBuffer d) {
            byte[] b = new byte[d.remaining()];
            d.get(b);
            data.writeBytes(b);
            if (data.size() >= wanted && !got.done()) {
                got.setResult(null);
            }
        }
    }

    @Test
    void sockSendfileSendsTheRangeWaitingWhenTheSocketIsFullAndMovesThePosition() throws IOException {
        int offset = 1000;
        int count = SIZE - 5000;
        Collector[] server = new Collector[1];
        Server s = run(loop.createServer(() -> server[0] = new Collector(count), HOST, 0));
        try (SocketChannel c = SocketChannel.open();
                FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
            c.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
            c.configureBlocking(false);
            run(loop.sockConnect(c, new InetSocketAddress(HOST, s.port())));
            assertEquals((long) count, run(loop.sockSendfile(c, f, offset, count)));
            assertEquals(offset + count, f.position());
            run(server[0].got);
            assertArrayEquals(Arrays.copyOfRange(content, offset, offset + count), server[0].data.toByteArray());
        }
        closeServer(s);
    }

    @Test
    void sockSendfileWithoutCountSendsUpToTheEndOfTheFile() throws IOException {
        Collector[] server = new Collector[1];
        Server s = run(loop.createServer(() -> server[0] = new Collector(SIZE - 10), HOST, 0));
        try (SocketChannel c = SocketChannel.open();
                FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
            c.configureBlocking(false);
            run(loop.sockConnect(c, new InetSocketAddress(HOST, s.port())));
            assertEquals((long) SIZE - 10, run(loop.sockSendfile(c, f, 10, -1)));
            run(server[0].got);
            assertEquals(SIZE - 10, server[0].data.size());
        }
        closeServer(s);
    }

    @Test
    void sendfileOnAPlainTransportFlushesFirstRefusesWritesMeanwhileAndResumesReading() throws IOException {
        Collector[] server = new Collector[1];
        Server s = run(loop.createServer(
                () -> {
                    server[0] = new Collector(5 + SIZE);
                    server[0].paused = true;
                    return server[0];
                },
                HOST,
                0));
        Connected<Collector> c = run(loop.createConnection(() -> new Collector(0), HOST, s.port()));
        ((SocketChannel) c.transport().getExtraInfo("socket")).setOption(StandardSocketOptions.SO_SNDBUF, 8192);
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
            c.transport().write(b("head:"));
            Task<Long> send = loop.createTask(loop.sendfile(c.transport(), f, 0, -1, true));
            run(Asyncio.sleep(0.05)); // the server does not read: the send waits for the socket
            assertTrue(!send.done(), "the sendfile waits for the socket");
            assertTrue(!((ReadTransport) c.transport()).isReading(), "reading is paused during sendfile");
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> c.transport().write(b("x")));
            assertEquals("unable to write; sendfile is in progress", e.getMessage());
            ((ReadTransport) server[0].transport).resumeReading();
            assertEquals((long) SIZE, run(send));
            assertTrue(((ReadTransport) c.transport()).isReading());
            run(server[0].got);
            byte[] got = server[0].data.toByteArray();
            assertEquals("head:", new String(got, 0, 5, java.nio.charset.StandardCharsets.UTF_8));
            assertArrayEquals(content, Arrays.copyOfRange(got, 5, got.length));
        }
        c.transport().close();
        closeServer(s);
    }

    @Test
    void sendfileOverTlsFallsBackToReadingAndWriting() throws IOException {
        Collector[] server = new Collector[1];
        Server s = run(loop.createServer(
                () -> server[0] = new Collector(SIZE / 2),
                HOST,
                0,
                ServerOptions.DEFAULTS.withSsl(SslOptions.of(certs.server))));
        Connected<Collector> c = run(loop.createConnection(
                () -> new Collector(0), HOST, s.port(), ConnectionOptions.ssl(SslOptions.of(certs.trusting))));
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> loop.sendfile(c.transport(), f, 0, -1, false));
            assertTrue(
                    e.getMessage()
                            .startsWith("fallback is disabled and native sendfile is not supported for transport"),
                    e.getMessage());
            assertEquals((long) SIZE / 2, run(loop.sendfile(c.transport(), f, SIZE / 4, SIZE / 2, true)));
            assertEquals(SIZE / 4 + SIZE / 2, f.position());
            run(server[0].got);
            assertArrayEquals(Arrays.copyOfRange(content, SIZE / 4, SIZE / 4 + SIZE / 2), server[0].data.toByteArray());
        }
        c.transport().close();
        closeServer(s);
    }

    @Test
    void badArgumentsAreRefusedWithAsyncioTexts() throws IOException {
        try (SocketChannel blocking = SocketChannel.open();
                FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(blocking, f, 0, -1));
            assertEquals("the socket must be non-blocking", e.getMessage());
            blocking.configureBlocking(false);
            e = assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(blocking, f, -1, -1));
            assertEquals("offset must be a non-negative integer (got -1)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(blocking, f, 0, 0));
            assertEquals("count must be a positive integer (got 0)", e.getMessage());
        }
    }
}
