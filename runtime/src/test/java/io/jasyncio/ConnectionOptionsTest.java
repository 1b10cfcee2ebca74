package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionOptions}' {@code localAddr} and happy eyeballs through the loop's public
 * API (the race itself: {@code internal.net.HappyEyeballsTest}), under the descriptor check of
 * {@link SocketLoopTest}. The CPython 3.11 program the messages come from:
 *
 * <pre>
 * t, p = await loop.create_connection(P, "127.0.0.1", port, local_addr=("127.0.0.2", 0))
 * t.get_extra_info("sockname")[0]                       # 127.0.0.2
 * await loop.create_connection(P, "127.0.0.1", port, local_addr=("::1", 0))
 *     # OSError: no matching local address with family=&lt;AddressFamily.AF_INET: 2&gt; found
 * await loop.create_connection(P, "127.0.0.1", port, local_addr=("127.0.0.1", port))
 *     # OSError: [Errno 98] error while attempting to bind on address ('127.0.0.1', port):
 *     #     address already in use
 * await loop.create_connection(P, "127.0.0.1", 1, happy_eyeballs_delay=0.1)
 *     # ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 1)
 * </pre>
 */
class ConnectionOptionsTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";

    @Test
    void localAddrBindsTheClientSocketBeforeItConnects() {
        Server server = run(loop.createServer(ExistingSocketTest.Echo::new, HOST, 0));
        ConnectionOptions options = ConnectionOptions.DEFAULTS.withLocalAddr(new InetSocketAddress("127.0.0.2", 0));
        Connected<ExistingSocketTest.Echo> c =
                run(loop.createConnection(ExistingSocketTest.Echo::new, HOST, server.port(), options));
        InetSocketAddress local = (InetSocketAddress) c.transport().getExtraInfo("sockname");
        assertEquals("127.0.0.2", local.getAddress().getHostAddress());
        c.transport().close();
        closeServer(server);
    }

    @Test
    void localAddrOfAnotherFamilyMatchesNoAddress() {
        Server server = run(loop.createServer(ExistingSocketTest.Echo::new, HOST, 0));
        ConnectionOptions options = ConnectionOptions.DEFAULTS.withLocalAddr(new InetSocketAddress("::1", 0));
        IOException e = assertThrows(
                IOException.class,
                () -> run(loop.createConnection(ExistingSocketTest.Echo::new, HOST, server.port(), options)));
        assertEquals("no matching local address with family=<AddressFamily.AF_INET: 2> found", e.getMessage());
        closeServer(server);
    }

    @Test
    void localAddrInUseFailsWithTheBindErrorNamingTheAddress() throws IOException {
        Server server = run(loop.createServer(ExistingSocketTest.Echo::new, HOST, 0));
        InetSocketAddress taken = new InetSocketAddress(HOST, server.port());
        ConnectionOptions options = ConnectionOptions.DEFAULTS.withLocalAddr(taken);
        BindException e = assertThrows(
                BindException.class,
                () -> run(loop.createConnection(ExistingSocketTest.Echo::new, HOST, server.port(), options)));
        assertEquals("error while attempting to bind on address " + taken + ": address already in use", e.getMessage());
        closeServer(server);
    }

    @Test
    void happyEyeballsConnectsAStreamAndFailsAsAsyncioWhenRefused() throws IOException {
        Server server = run(Streams.startServer(SocketLoopTest::echo, HOST, 0));
        ConnectionOptions racing = ConnectionOptions.DEFAULTS.withHappyEyeballsDelay(Duration.ofMillis(100));
        assertEquals("hi\n", run(client(Streams.openConnection(HOST, server.port(), racing, 1024), "hi\n")));
        int closedPort;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(HOST, 0));
            closedPort = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        Exception e = assertThrows(
                Exception.class,
                () -> run(loop.createConnection(ExistingSocketTest.Echo::new, HOST, closedPort, racing)));
        assertInstanceOf(java.net.ConnectException.class, e);
        closeServer(server);
    }

    @Test
    void optionsRefuseWhatAsyncioRefuses() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ConnectionOptions.DEFAULTS.withLocalAddr(InetSocketAddress.createUnresolved("example.org", 0)));
        assertEquals(
                "ConnectionOptions: localAddr must be a resolved address, got example.org/<unresolved>:0",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnectionOptions.DEFAULTS.withInterleave(-1));
        assertThrows(
                IllegalArgumentException.class,
                () -> loop.createUnixConnection(
                        ExistingSocketTest.Echo::new,
                        java.nio.file.Path.of("/nonexistent/s"),
                        ConnectionOptions.DEFAULTS.withHappyEyeballsDelay(Duration.ZERO)));
    }
}
