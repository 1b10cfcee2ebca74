package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.Streams;
import java.net.BindException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams over Unix domain sockets in a temporary directory, under the watchdog and descriptor
 * check of {@link SocketLoopTest}.
 */
class UnixStreamsTest extends SocketLoopTest {
    @TempDir
    static Path certDir;

    private static TestCerts certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void warmUp() throws Exception {
        certs = TestCerts.create(certDir);
    }

    // server = await asyncio.start_unix_server(handle, path)
    // r, w = await asyncio.open_unix_connection(path)   -> echo works
    // server.close() removes the socket file (3.13, cleanup_socket=True)
    @Test
    void echoOverAUnixSocketAndTheFileIsRemovedOnClose() {
        Path path = dir.resolve("echo.sock");
        Server server = run(Streams.startUnixServer(SocketLoopTest::echo, path));
        assertTrue(Files.exists(path));
        assertEquals(-1, server.port());
        assertEquals("unix\n", run(client(Streams.openUnixConnection(path), "unix\n")));
        Object peer = run(new Scripted<Object>("peername")
                .then(v -> Streams.openUnixConnection(path))
                .then(v -> {
                    io.jasyncio.streams.StreamWriter w = ((Streams.Connection) v).writer();
                    Object name = w.getExtraInfo("peername");
                    w.close();
                    return new Scripted<Object>("close")
                            .then(x -> w.waitClosed())
                            .then(x -> Scripted.value(name));
                })
                .then(v -> Scripted.value(v)));
        assertInstanceOf(UnixDomainSocketAddress.class, peer);
        assertEquals(path, ((UnixDomainSocketAddress) peer).getPath());
        closeServer(server);
        assertFalse(Files.exists(path), "socket file left behind");
    }

    // A socket file left by a process that died is replaced, as create_unix_server does.
    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path path = dir.resolve("stale.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path), "closing a Unix server channel leaves its file");
        Server server = run(Streams.startUnixServer(SocketLoopTest::echo, path));
        assertEquals("again\n", run(client(Streams.openUnixConnection(path), "again\n")));
        closeServer(server);
    }

    // A regular file at the path is not removed: binding fails with "Address already in use".
    @Test
    void aRegularFileAtThePathIsLeftAloneAndBindingFails() throws Exception {
        Path path = dir.resolve("data.txt");
        Files.writeString(path, "keep me");
        Throwable e = assertThrows(Throwable.class, () -> run(Streams.startUnixServer(SocketLoopTest::echo, path)));
        assertInstanceOf(BindException.class, e);
        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
        assertEquals("keep me", Files.readString(path));
    }

    // open_unix_connection to a path where nothing listens: FileNotFoundError / ConnectionRefused.
    @Test
    void connectingWhereNothingListensFails() {
        Throwable e = assertThrows(Throwable.class, () -> run(Streams.openUnixConnection(dir.resolve("nobody.sock"))));
        assertInstanceOf(SocketException.class, e);
    }

    // start_unix_server(..., ssl=server_ctx); open_unix_connection(path, ssl=ctx,
    // server_hostname="localhost"); without server_hostname asyncio raises ValueError.
    @Test
    void tlsOverAUnixSocket() {
        Path path = dir.resolve("tls.sock");
        Server server = run(Streams.startUnixServer(
                SocketLoopTest::echo, path, SslOptions.of(certs.server), StreamReader.DEFAULT_LIMIT));
        SslOptions ssl = SslOptions.of(certs.trusting);
        assertThrows(
                IllegalArgumentException.class,
                () -> Streams.openUnixConnection(path, ssl, StreamReader.DEFAULT_LIMIT));
        assertEquals(
                "secret\n",
                run(client(
                        Streams.openUnixConnection(
                                path, ssl.withServerHostname("localhost"), StreamReader.DEFAULT_LIMIT),
                        "secret\n")));
        closeServer(server);
    }
}
