package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS streams over loopback sockets, with a certificate made at run time ({@link TestCerts}).
 * Under the watchdog and descriptor check of {@link SocketLoopTest}. Python equivalents use {@code ssl.create_default_context()} with the
 * certificate loaded as the only trust anchor.
 */
class TlsStreamsTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path dir;

    private static TestCerts certs;

    /**
     * Makes the certificate, then runs one TLS round trip before any test counts descriptors:
     * the JDK opens its entropy sources and its pre-close socket on first use and keeps them.
     */
    @BeforeAll
    static void makeCertificateAndWarmUp() throws Exception {
        certs = TestCerts.create(dir);
        TlsStreamsTest warm = new TlsStreamsTest();
        warm.loop = new SelectorEventLoop();
        Server server = warm.startServer(SocketLoopTest::echo);
        assertEquals("warm\n", warm.run(client(server.port(), SslOptions.of(certs.trusting), "warm\n")));
        assertThrows(Throwable.class, () -> warm.run(client(server.port(), SslOptions.of(certs.untrusting), "x\n")));
        warm.closeServer(server);
        warm.loop.runUntilComplete(warm.loop.shutdownDefaultExecutor());
        warm.loop.close();
    }

    private Server startServer(ClientConnected handler) {
        return run(Streams.startServer(handler, HOST, 0, certs.server));
    }

    /** A TLS client that sends one line and returns the echo. */
    static Coroutine<String> client(int port, SslOptions ssl, String line) {
        return client(Streams.openConnection(HOST, port, ssl), line);
    }

    /** The exception a run ends with. */
    private Throwable failure(Coroutine<?> c) {
        return assertThrows(Throwable.class, () -> run(c));
    }

    // async def handle(r, w): w.write(await r.readline()); await w.drain(); w.close()
    // server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=server_ctx)
    // r, w = await asyncio.open_connection("127.0.0.1", port, ssl=client_ctx)
    // w.get_extra_info("peercert") -> the server's certificate; server side: None
    @Test
    void echoOverTlsAndTheExtraInfoOfBothSides() {
        List<Object> serverSide = new ArrayList<>();
        Server server = startServer((r, w) -> {
            serverSide.add(w.getExtraInfo("peercert"));
            serverSide.add(w.getExtraInfo("cipher"));
            serverSide.add(w.getExtraInfo("sslcontext"));
            return echo(r, w);
        });
        Streams.Connection[] c = new Streams.Connection[1];
        String got = run(new Scripted<String>("extraInfo")
                .then(v -> Streams.openConnection(HOST, server.port(), certs.trusting))
                .then(v -> {
                    c[0] = (Streams.Connection) v;
                    StreamWriter w = c[0].writer();
                    X509Certificate cert = assertInstanceOf(X509Certificate.class, w.getExtraInfo("peercert"));
                    assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
                    assertSame(certs.trusting, w.getExtraInfo("sslcontext"));
                    assertTrue(
                            ((String) w.getExtraInfo("cipher")).startsWith("TLS_"), (String) w.getExtraInfo("cipher"));
                    assertNotNull(w.getExtraInfo("peername"));
                    assertFalse(w.canWriteEof());
                    w.write(b("over tls\n"));
                    return w.drain();
                })
                .then(v -> c[0].reader().readline())
                .then(v -> {
                    c[0].writer().close();
                    return new Scripted<String>("x")
                            .then(x -> c[0].writer().waitClosed())
                            .then(x -> s(v));
                })
                .then(v -> Scripted.value(v)));
        assertEquals("over tls\n", got);
        assertNull(serverSide.get(0), "the client sent no certificate");
        assertNotNull(serverSide.get(1));
        assertSame(certs.server, serverSide.get(2));
        closeServer(server);
    }

    // 8 MiB each way: hundreds of 16 KiB records, records split across socket reads (unwrap
    // underflow), and scratch buffers that start at 4 KiB and grow (wrap/unwrap overflow).
    @Test
    void severalMegabytesEchoIntactBothWays() {
        int chunk = 64 * 1024;
        int chunks = 128;
        byte[] data = new byte[chunk * chunks];
        new Random(42).nextBytes(data);
        Server server = startServer((r, w) -> {
            Scripted<Void> s = new Scripted<>("echoChunks");
            for (int i = 0; i < chunks; i++) {
                s.then(v -> r.readexactly(chunk)).then(v -> {
                    w.write((byte[]) v);
                    return w.drain();
                });
            }
            return s.then(v -> r.read(-1))
                    .then(v -> {
                        assertEquals(0, ((byte[]) v).length);
                        w.close();
                        return w.waitClosed();
                    })
                    .then(v -> Scripted.value(null));
        });
        Streams.Connection[] c = new Streams.Connection[1];
        Task<?>[] writer = new Task<?>[1];
        byte[] echoed = run(new Scripted<byte[]>("bigClient")
                .then(v -> Streams.openConnection(HOST, server.port(), certs.trusting))
                .then(v -> {
                    c[0] = (Streams.Connection) v;
                    Scripted<Void> w = new Scripted<>("send");
                    for (int off = 0; off < data.length; off += 256 * 1024) {
                        int from = off;
                        w.then(x -> {
                            c[0].writer().write(java.util.Arrays.copyOfRange(data, from, from + 256 * 1024));
                            return c[0].writer().drain();
                        });
                    }
                    writer[0] = loop.createTask(w.then(x -> Scripted.value(null)));
                    return c[0].reader().readexactly(data.length);
                })
                .then(v -> {
                    c[0].writer().close();
                    return new Scripted<byte[]>("x")
                            .then(x -> writer[0])
                            .then(x -> c[0].writer().waitClosed())
                            .then(x -> Scripted.value(v));
                })
                .then(v -> Scripted.value(v)));
        assertArrayEquals(data, echoed);
        closeServer(server);
    }

    // r, w = await asyncio.open_connection(..., ssl=ssl.create_default_context()) raises
    // ssl.SSLCertVerificationError (CERTIFICATE_VERIFY_FAILED); the server logs and goes on.
    @Test
    void anUntrustedCertificateFailsTheHandshakeAndTheServerKeepsServing() {
        int[] handled = new int[1];
        Server server = startServer((r, w) -> {
            handled[0]++;
            return echo(r, w);
        });
        Throwable e = failure(Streams.openConnection(HOST, server.port(), certs.untrusting));
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(e.getMessage().contains("PKIX"), e.getMessage());
        assertEquals("still here\n", run(client(server.port(), SslOptions.of(certs.trusting), "still here\n")));
        assertEquals(1, handled[0], "the handler ran only for the client that completed its handshake");
        closeServer(server);
    }

    // open_connection(..., ssl=ctx, server_hostname="wrong.example") raises
    // SSLCertVerificationError "Hostname mismatch"; with ctx.check_hostname = False it connects.
    @Test
    void aHostNameTheCertificateDoesNotNameIsRefusedUnlessCheckingIsOff() {
        Server server = startServer(SocketLoopTest::echo);
        SslOptions wrong = SslOptions.of(certs.trusting).withServerHostname("wrong.example");
        Throwable e = failure(client(server.port(), wrong, "x\n"));
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(e.getMessage().contains("wrong.example"), e.getMessage());
        assertEquals("ok\n", run(client(server.port(), wrong.withCheckHostname(false), "ok\n")));
        assertEquals(
                "ok\n",
                run(client(server.port(), SslOptions.of(certs.trusting).withServerHostname("localhost"), "ok\n")));
        closeServer(server);
    }

    // Client: w.write(b"abc"); w.close()   -> sends close_notify
    // Server: data = await r.read()         -> b"abc" (end of stream, no error)
    //         w.is_closing()                -> True: over TLS the transport closes at EOF
    // write_eof() over TLS raises NotImplementedError; can_write_eof() is False.
    @Test
    void closeNotifyEndsThePeersStreamCleanly() {
        List<Object> seen = new ArrayList<>();
        Server server = startServer((r, w) -> new Scripted<Void>("readAll")
                .then(v -> r.read(-1))
                .thenCatching((v, e) -> {
                    seen.add(e != null ? e : s(v));
                    seen.add(w.isClosing());
                    return w.waitClosed();
                })
                .then(v -> Scripted.value(null)));
        run(new Scripted<Void>("sendAndClose")
                .then(v -> Streams.openConnection(HOST, server.port(), certs.trusting))
                .then(v -> {
                    StreamWriter w = ((Streams.Connection) v).writer();
                    assertThrows(UnsupportedOperationException.class, w::writeEof);
                    w.write(b("abc"));
                    w.close();
                    return w.waitClosed();
                })
                .then(v -> Scripted.value(null)));
        closeServer(server);
        assertEquals(List.of("abc", true), seen);
    }

    // The server answers and closes: the client reads the answer, then end of stream.
    @Test
    void aServerThatClosesGivesTheClientItsLastBytesThenEndOfStream() {
        Server server = startServer((r, w) -> {
            w.write(b("bye"));
            w.close();
            return w.waitClosed();
        });
        Streams.Connection[] c = new Streams.Connection[1];
        String got = run(new Scripted<String>("readToEnd")
                .then(v -> Streams.openConnection(HOST, server.port(), certs.trusting))
                .then(v -> {
                    c[0] = (Streams.Connection) v;
                    return c[0].reader().read(-1);
                })
                .then(v -> {
                    assertTrue(c[0].reader().atEof());
                    c[0].writer().close();
                    return new Scripted<String>("x")
                            .then(x -> c[0].writer().waitClosed())
                            .then(x -> s(v));
                })
                .then(v -> Scripted.value(v)));
        assertEquals("bye", got);
        closeServer(server);
    }

    // open_connection(..., ssl=ctx, ssl_handshake_timeout=0.2) against a server that never
    // answers the ClientHello: the connection is aborted after 0.2 s.
    @Test
    void aHandshakeThatNeverCompletesIsAbortedAfterTheTimeout() {
        Server silent = silentServer(HOST);
        Throwable e = failure(Streams.openConnection(
                HOST, silent.port(), SslOptions.of(certs.trusting).withHandshakeTimeout(0.2)));
        assertInstanceOf(SocketTimeoutException.class, e);
        assertTrue(e.getMessage().contains("SSL handshake is taking longer than 0.2 seconds"), e.getMessage());
        closeServer(silent);
    }

    // A plain-TCP client that never starts a handshake is dropped by the server after its
    // handshake timeout; the handler never runs.
    @Test
    void aServerDropsAClientThatNeverHandshakes() {
        int[] handled = new int[1];
        Server server = run(Streams.startServer(
                (r, w) -> {
                    handled[0]++;
                    return echo(r, w);
                },
                HOST,
                0,
                SslOptions.of(certs.server).withHandshakeTimeout(0.2)));
        Streams.Connection[] c = new Streams.Connection[1];
        byte[] got = run(new Scripted<byte[]>("idle")
                .then(v -> Streams.openConnection(HOST, server.port()))
                .then(v -> {
                    c[0] = (Streams.Connection) v;
                    return c[0].reader().read(-1);
                })
                .then(v -> {
                    c[0].writer().close();
                    return new Scripted<byte[]>("x")
                            .then(x -> c[0].writer().waitClosed())
                            .then(x -> Scripted.value(v));
                })
                .then(v -> Scripted.value(v)));
        assertEquals(0, got.length);
        assertEquals(0, handled[0]);
        closeServer(server);
    }

    // STARTTLS: a plain connection, one line in the clear, then both sides call
    // writer.start_tls(...) (3.11) and go on over TLS.
    @Test
    void startTlsUpgradesAPlainConnectionOnBothSides() {
        Server server = run(Streams.startServer(
                (r, w) -> new Scripted<Void>("starttlsServer")
                        .then(v -> r.readline())
                        .then(v -> {
                            assertEquals("STARTTLS\n", s(v));
                            assertNull(w.getExtraInfo("cipher"));
                            w.write(b("GO\n"));
                            return w.startTls(certs.server);
                        })
                        .then(v -> r.readline())
                        .then(v -> {
                            w.write(b("secure " + s(v)));
                            return w.drain();
                        })
                        .then(v -> {
                            w.close();
                            return w.waitClosed();
                        })
                        .then(v -> Scripted.value(null)),
                HOST,
                0));
        Streams.Connection[] c = new Streams.Connection[1];
        String got = run(new Scripted<String>("starttlsClient")
                .then(v -> Streams.openConnection(HOST, server.port()))
                .then(v -> {
                    c[0] = (Streams.Connection) v;
                    c[0].writer().write(b("STARTTLS\n"));
                    return c[0].reader().readline();
                })
                .then(v -> {
                    assertEquals("GO\n", s(v));
                    return c[0].writer().startTls(certs.trusting);
                })
                .then(v -> {
                    assertNotNull(c[0].writer().getExtraInfo("cipher"));
                    assertThrows(
                            IllegalStateException.class, () -> c[0].writer().startTls(certs.trusting));
                    c[0].writer().write(b("hello\n"));
                    return c[0].reader().readline();
                })
                .then(v -> {
                    c[0].writer().close();
                    return new Scripted<String>("x")
                            .then(x -> c[0].writer().waitClosed())
                            .then(x -> s(v));
                })
                .then(v -> Scripted.value(v)));
        assertEquals("secure hello\n", got);
        closeServer(server);
    }

    // 100 clients handshaking at once with one server, delegated tasks on the loop thread.
    @Test
    void aHundredConcurrentHandshakesAllComplete() {
        concurrentHandshakes(false);
    }

    // The same with the delegated tasks of both sides on the default executor: the engines are
    // left alone while their tasks run, and resume when they are done.
    @Test
    void aHundredConcurrentHandshakesWithTasksOffTheLoopAllComplete() {
        concurrentHandshakes(true);
    }

    private void concurrentHandshakes(boolean offLoop) {
        Server server = run(Streams.startServer(
                SocketLoopTest::echo, HOST, 0, SslOptions.of(certs.server).withDelegatedTasksOffLoop(offLoop)));
        List<Coroutine<String>> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clients.add(client(
                    server.port(),
                    SslOptions.of(certs.trusting).withDelegatedTasksOffLoop(offLoop),
                    "client " + i + "\n"));
        }
        List<String> got = run(new Scripted<List<String>>("all")
                .then(v -> Asyncio.gatherAll(clients))
                .then(v -> Scripted.value(v)));
        for (int i = 0; i < 100; i++) {
            assertEquals("client " + i + "\n", got.get(i));
        }
        closeServer(server);
    }

    // task = create_task(open_connection(..., ssl=ctx)) against a server that never answers;
    // task.cancel() mid-handshake: the task ends cancelled and its socket is closed.
    @Test
    void cancellingAClientMidHandshakeClosesItsSocket() {
        Server silent = silentServer(HOST);
        Task<?>[] connecting = new Task<?>[1];
        run(new Scripted<Void>("cancelHandshake")
                .then(v -> {
                    connecting[0] = loop.createTask(Streams.openConnection(HOST, silent.port(), certs.trusting));
                    return Asyncio.sleep(0.1);
                })
                .then(v -> {
                    connecting[0].cancel();
                    return Asyncio.sleep(0.05);
                })
                .then(v -> Scripted.value(null)));
        assertTrue(connecting[0].cancelled());
        closeServer(silent); // waits for the server's side, closed when the client's socket went
    }

    // Over TLS too, drain() holds a fast writer back while the reader is slow: the buffered
    // size never passes the high-water mark by more than one write.
    @Test
    void drainHoldsAFastTlsWriterBack() {
        long[] stats = new long[3];
        Server server = startServer(flood(stats));
        try {
            int total = run(slowReader(Streams.openConnection(HOST, server.port(), certs.trusting), stats));
            // A record adds 22 to 29 bytes to at most 16 KiB of data: allow 1 % for the framing.
            assertFloodHeldBack(stats, total, 1);
        } finally {
            closeServer(server);
        }
    }

    @Test
    void badHandshakeTimeoutsAreRejected() {
        SslOptions o = SslOptions.of(certs.trusting);
        assertThrows(IllegalArgumentException.class, () -> o.withHandshakeTimeout(0));
        assertThrows(IllegalArgumentException.class, () -> o.withHandshakeTimeout(Double.NaN));
        assertEquals(60.0, o.handshakeTimeout());
        SSLContext unused = certs.trusting;
        assertSame(unused, o.context());
    }
}
