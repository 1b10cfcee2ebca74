package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket methods of {@link EventLoop} given channels made elsewhere (asyncio's
 * {@code sock=} and {@code connect_accepted_socket}), under the descriptor check of
 * {@link SocketLoopTest}: every channel handed over is closed with its transport or server.
 */
class ExistingSocketTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path certDir;

    @TempDir
    Path tmp;

    private static TestCerts certs;

    /** The certificate, and one TLS round trip before descriptors are counted (see ProtocolTest). */
    @BeforeAll
    static void makeCertificateAndWarmUp() throws Exception {
        certs = TestCerts.create(certDir);
        warmUpTls(SslOptions.of(certs.server), SslOptions.of(certs.trusting));
    }

    /** Writes back what it reads. */
    static final class Echo implements Protocol {
        Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    /** Collects what it reads; {@code got} completes once {@code wanted} bytes came. */
    final class Collector implements Protocol {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Future<Void> got = loop.createFuture();
        final Future<Void> lost = loop.createFuture();
        final int wanted;

        Collector(int wanted) {
            this.wanted = wanted;
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

        @Override
        public void connectionLost(Throwable e) {
            lost.setResult(null);
        }
    }

    /** Sends {@code text} over {@code c}, waits for the echo, closes, and returns the echo. */
    private String roundTrip(Connected<Collector> c, String text) {
        c.transport().write(b(text));
        run(c.protocol().got);
        c.transport().close();
        run(c.protocol().lost);
        return c.protocol().data.toString(StandardCharsets.UTF_8);
    }

    /*
     * CPython 3.11:
     *   sock = socket.create_connection(("127.0.0.1", port))        # blocking
     *   t, p = await loop.create_connection(P, sock=sock)
     *   sock.getblocking() -> False; the echo comes back; t.close() closes sock (fileno -1)
     */
    @Test
    void createConnectionDrivesAConnectedBlockingChannelAndSwitchesItToNonBlocking() throws IOException {
        Server server = run(loop.createServer(Echo::new, HOST, 0));
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(HOST, server.port()));
        assertTrue(ch.isBlocking());
        Connected<Collector> c = run(loop.createConnection(() -> new Collector(4), ch, ConnectionOptions.DEFAULTS));
        assertFalse(ch.isBlocking());
        assertEquals(ch, c.transport().getExtraInfo("socket"));
        assertEquals("ping", roundTrip(c, "ping"));
        assertFalse(ch.isOpen());
        closeServer(server);
    }

    /*
     * asyncio's create_connection(sock=) does not check that sock is connected: the transport
     * then fails on its first read with ENOTCONN. jasyncio refuses it at once.
     */
    @Test
    void createConnectionRefusesAnUnconnectedOrClosedChannel() throws IOException {
        try (SocketChannel unconnected = SocketChannel.open()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> loop.createConnection(() -> new Collector(1), unconnected, ConnectionOptions.DEFAULTS));
            assertTrue(
                    e.getMessage().contains("EventLoop.createConnection: the channel is not " + "connected"),
                    e.getMessage());
            IllegalArgumentException accepted = assertThrows(
                    IllegalArgumentException.class,
                    () -> loop.connectAcceptedSocket(() -> new Collector(1), unconnected, ConnectionOptions.DEFAULTS));
            assertTrue(accepted.getMessage().startsWith("EventLoop.connectAcceptedSocket"), accepted.getMessage());
        }
        SocketChannel closed = SocketChannel.open();
        closed.close();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> loop.createConnection(() -> new Collector(1), closed, ConnectionOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("the channel is closed"), e.getMessage());
    }

    /*
     * CPython 3.11, both ends made outside the loop:
     *   lsock = socket.create_server(("127.0.0.1", 0)); csock = socket.create_connection(...)
     *   ssock, _ = lsock.accept()
     *   st, sp = await loop.connect_accepted_socket(Echo, ssock, ssl=server_ctx)   # concurrently
     *   ct, cp = await loop.create_connection(P, sock=csock, ssl=client_ctx,
     *                                         server_hostname="127.0.0.1")
     *   -> the handshake completes between them, the echo comes back over TLS
     */
    @Test
    void connectAcceptedSocketTakesTheServerSideOfTlsWithAClientOnAnExistingChannel() throws IOException {
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(new InetSocketAddress(HOST, 0));
            SocketChannel client = SocketChannel.open(listening.getLocalAddress());
            SocketChannel accepted = listening.accept();
            Future<Connected<Echo>> serverSide =
                    loop.connectAcceptedSocket(Echo::new, accepted, ConnectionOptions.ssl(SslOptions.of(certs.server)));
            Connected<Collector> c = run(loop.createConnection(
                    () -> new Collector(5),
                    client,
                    ConnectionOptions.ssl(SslOptions.of(certs.trusting).withServerHostname(HOST))));
            Connected<Echo> s = run(serverSide);
            assertNotNull(s.transport().getExtraInfo("cipher"));
            assertFalse(accepted.isBlocking());
            assertEquals("hello", roundTrip(c, "hello"));
            run(until(() -> !accepted.isOpen()));
        }
    }

    @Test
    void aFailedHandshakeOnAnAcceptedSocketFailsTheFutureAndClosesTheChannel() throws IOException {
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(new InetSocketAddress(HOST, 0));
            SocketChannel client = SocketChannel.open(listening.getLocalAddress());
            SocketChannel accepted = listening.accept();
            Future<Connected<Echo>> serverSide =
                    loop.connectAcceptedSocket(Echo::new, accepted, ConnectionOptions.ssl(SslOptions.of(certs.server)));
            Future<Connected<Collector>> clientSide = loop.createConnection(
                    () -> new Collector(1),
                    client,
                    ConnectionOptions.ssl(SslOptions.of(certs.untrusting).withServerHostname(HOST)));
            assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> run(clientSide));
            assertThrows(Exception.class, () -> run(serverSide));
            run(until(() -> !accepted.isOpen() && !client.isOpen()));
        }
    }

    /*
     * CPython 3.11:
     *   sock = socket.create_server(("127.0.0.1", 0))    # bound and listening, blocking
     *   server = await loop.create_server(Echo, sock=sock)
     *   sock.getblocking() -> False; clients are served; server.close() closes sock
     */
    @Test
    void createServerServesABoundChannelAndClosesItWithTheServer() throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open();
        ss.bind(new InetSocketAddress(HOST, 0));
        Server server = run(loop.createServer(Echo::new, ss, ServerOptions.DEFAULTS));
        assertFalse(ss.isBlocking());
        int port = ((InetSocketAddress) ss.getLocalAddress()).getPort();
        assertEquals(port, server.port());
        Connected<Collector> c = run(loop.createConnection(() -> new Collector(3), HOST, port));
        assertEquals("abc", roundTrip(c, "abc"));
        closeServer(server);
        assertFalse(ss.isOpen());
    }

    @Test
    void createServerServesABoundUnixChannel() throws IOException {
        Path path = tmp.resolve("s.sock");
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ss.bind(UnixDomainSocketAddress.of(path));
        Server server = run(loop.createServer(Echo::new, ss, ServerOptions.DEFAULTS));
        Connected<Collector> c = run(loop.createUnixConnection(() -> new Collector(3), path));
        assertEquals("xyz", roundTrip(c, "xyz"));
        closeServer(server);
        assertFalse(ss.isOpen());
    }

    @Test
    void createServerRefusesAnUnboundOrClosedChannel() throws IOException {
        try (ServerSocketChannel unbound = ServerSocketChannel.open()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> loop.createServer(Echo::new, unbound, ServerOptions.DEFAULTS));
            assertTrue(e.getMessage().contains("EventLoop.createServer: the channel is not bound"), e.getMessage());
            assertTrue(unbound.isBlocking(), "a refused channel is left as it was");
        }
        ServerSocketChannel closed = ServerSocketChannel.open();
        closed.close();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> loop.createServer(Echo::new, closed, ServerOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("the channel is closed"), e.getMessage());
    }

    /** A coroutine that polls {@code condition} once per 10 ms until it holds. */
    static Coroutine<Void> until(java.util.function.BooleanSupplier condition) {
        return ProtocolTest.until(condition);
    }
}
