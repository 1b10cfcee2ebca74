package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SslOptions#withShutdownTimeout}: a TLS connection closed while its peer reads nothing
 * more cannot flush, and is aborted when the timeout passes, as asyncio's
 * {@code ssl_shutdown_timeout} does ({@code SSLProtocol._check_shutdown_timeout}: the transport
 * is force-closed with {@code TimeoutError('SSL shutdown timed out')}). Under the descriptor
 * check of {@link SocketLoopTest}: the aborted socket is closed.
 */
class TlsShutdownTimeoutTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";
    private static final int BUFFER = 16 * 1024;

    @TempDir
    static Path certDir;

    private static TestCerts certs;

    @BeforeAll
    static void makeCertificateAndWarmUp() throws Exception {
        certs = TestCerts.create(certDir);
        warmUpTls(SslOptions.of(certs.server), SslOptions.of(certs.trusting));
    }

    /** A server protocol that stops reading as soon as it is connected. */
    static final class Deaf implements Protocol {
        Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            t.pauseReading();
        }
    }

    /** Records how the connection ended. */
    final class Client implements Protocol {
        final Future<Throwable> lost = loop.createFuture();

        @Override
        public void connectionLost(Throwable error) {
            lost.setResult(error);
        }
    }

    @Test
    void aTlsConnectionThatCannotFlushItsShutdownIsAbortedAfterTheTimeout() throws Exception {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER); // inherited by the accepted socket
        listener.bind(new InetSocketAddress(HOST, 0));
        Deaf[] deaf = new Deaf[1];
        Server server = run(loop.createServer(
                () -> deaf[0] = new Deaf(), listener, ServerOptions.DEFAULTS.withSsl(SslOptions.of(certs.server))));
        Connected<Client> plain = run(loop.createConnection(Client::new, HOST, server.port()));
        SocketChannel socket = (SocketChannel) plain.transport().getExtraInfo("socket");
        socket.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER);
        SslOptions tls = SslOptions.of(certs.trusting).withShutdownTimeout(Duration.ofMillis(200));
        Transport t = run(loop.startTls(plain.transport(), plain.protocol(), tls, false));
        // Far more than both socket buffers hold (as the kernel reports them, doubled on
        // Linux): the deaf server leaves most of it buffered here.
        int size = 16 * (socket.getOption(StandardSocketOptions.SO_SNDBUF) + BUFFER * 2);
        t.write(new byte[size]);
        run(Asyncio.sleep(0.05));
        assertTrue(t.getWriteBufferSize() > 0, "the write should not fit in the socket buffers");
        t.close();
        Throwable error = run(plain.protocol().lost);
        assertInstanceOf(SocketTimeoutException.class, error);
        assertEquals("SSL shutdown timed out", error.getMessage());
        deaf[0].transport.abort();
        closeServer(server);
    }

    @Test
    void theShutdownTimeoutMustBePositive() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SslOptions.of(certs.trusting).withShutdownTimeout(Duration.ZERO));
        assertEquals("ssl_shutdown_timeout should be a positive number, got 0.0", e.getMessage());
        assertEquals(
                SslOptions.DEFAULT_SHUTDOWN_TIMEOUT,
                SslOptions.of(certs.trusting).shutdownTimeout());
    }
}
