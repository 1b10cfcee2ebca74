package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.streams.Streams;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EventLoop#startTls}: a plain protocol connection upgraded to TLS in place after a
 * plain STARTTLS exchange (as in SMTP), both sides as protocols, over real loopback sockets
 * under the descriptor check of {@link SocketLoopTest}.
 */
class StartTlsTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path certDir;

    private static TestCerts certs;

    /** The certificate, and one TLS round trip before descriptors are counted (see ProtocolTest). */
    @BeforeAll
    static void makeCertificateAndWarmUp() throws Exception {
        certs = TestCerts.create(certDir);
        warmUpTls(SslOptions.of(certs.server), SslOptions.of(certs.trusting));
    }

    /**
     * An SMTP-like peer. The server answers "STARTTLS\r\n" with "220 go ahead\r\n" and then
     * upgrades (at once, or when the test says if {@code upgradeLater}); after the upgrade it
     * answers each chunk in upper case through the new transport. Every callback is logged.
     */
    class Peer implements Protocol {
        final String name;
        final List<String> log;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Future<Void> lost = loop.createFuture();
        Future<Void> got = loop.createFuture();
        Transport transport;
        Future<Transport> upgraded;
        boolean upgradeLater;
        SslOptions serverTls = SslOptions.of(certs.server);
        int made;

        Peer(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void connectionMade(Transport t) {
            made++;
            transport = t;
            log.add(name + " made");
        }

        @Override
        public void dataReceived(ByteBuffer d) {
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            log.add(name + " data " + text.strip());
            data.writeBytes(bytes);
            if (name.equals("server") && text.equals("STARTTLS\r\n")) {
                transport.write(b("220 go ahead\r\n"));
                if (upgradeLater) {
                    transport.pauseReading();
                } else {
                    upgrade();
                }
            } else if (name.equals("server")) {
                transport.write(b(text.toUpperCase()));
            }
            if (!got.done()) {
                got.setResult(null);
            }
        }

        void upgrade() {
            Transport old = transport;
            upgraded = loop.startTls(old, this, serverTls, true);
            upgraded.addDoneCallback(f -> {
                if (!f.cancelled() && f.exception() == null) {
                    transport = f.result();
                }
            });
        }

        @Override
        public void connectionLost(Throwable e) {
            log.add(name + " lost " + (e == null ? null : e.getClass().getSimpleName()));
            lost.setResult(null);
        }
    }

    private Server server(List<Peer> made, List<String> log, boolean upgradeLater) {
        return run(loop.createServer(
                () -> {
                    Peer p = new Peer("server", log);
                    p.upgradeLater = upgradeLater;
                    made.add(p);
                    return p;
                },
                HOST,
                0));
    }

    /** Waits for {@code p}'s next chunk. */
    private void nextChunk(Peer p) {
        run(p.got);
        p.got = loop.createFuture();
    }

    /*
     * CPython 3.11 (the server upgrades in data_received, the client once it reads the reply):
     *
     *   class P(asyncio.Protocol):
     *       def connection_made(s, t): log.append(f"{s.name} made"); s.t = t
     *       def data_received(s, d):
     *           log.append(f"{s.name} data {d!r}")
     *           if s.name == "server" and d == b"STARTTLS\r\n":
     *               s.t.write(b"220 go ahead\r\n")
     *               s.up = asyncio.ensure_future(loop.start_tls(s.t, s, server_ctx,
     *                                                            server_side=True))
     *           elif s.name == "server": s.t.write(d.upper())   # s.t: see below
     *   t.write(b"STARTTLS\r\n"); (wait for the reply)
     *   nt = await loop.start_tls(t, c, client_ctx, server_hostname="127.0.0.1")
     *   nt.write(b"hello")
     * logs: server made, client made, server data b'STARTTLS\r\n',
     *       client data b'220 go ahead\r\n', (nt is not t), server data b'hello'
     * and nobody hears connection_made twice. A server that still answers through its old
     * transport (s.t above) sends "HELLO" in the clear, and the client's TLS fails with
     * WRONG_VERSION_NUMBER: the old transport is unusable, which jasyncio makes an error.
     */
    @Test
    void clientAndServerUpgradeAfterAPlainStarttlsExchange() {
        List<String> log = new ArrayList<>();
        List<Peer> made = new ArrayList<>();
        Server server = server(made, log, false);
        Connected<Peer> c = run(loop.createConnection(() -> new Peer("client", log), HOST, server.port()));
        Transport plain = c.transport();
        plain.write(b("STARTTLS\r\n"));
        nextChunk(c.protocol());
        Transport tls = run(loop.startTls(plain, c.protocol(), SslOptions.of(certs.trusting), false));
        log.add("client startTls done");
        assertNotSame(plain, tls);
        assertSame(c.protocol(), tls.getProtocol());
        Peer s = made.get(0);
        Transport serverTls = run(s.upgraded);
        assertSame(serverTls, s.transport);
        assertNotNull(tls.getExtraInfo("cipher"));
        assertNotNull(serverTls.getExtraInfo("cipher"));
        assertEquals(null, plain.getExtraInfo("cipher"));

        tls.write(b("hello"));
        nextChunk(c.protocol());
        assertEquals("220 go ahead\r\nHELLO", c.protocol().data.toString(StandardCharsets.UTF_8));
        assertEquals(1, c.protocol().made);
        assertEquals(1, s.made);

        IllegalStateException detached =
                assertThrows(IllegalStateException.class, () -> plain.write(b("in the clear")));
        assertTrue(detached.getMessage().contains("detached by EventLoop.startTls"), detached.getMessage());
        assertThrows(IllegalStateException.class, plain::close);
        assertThrows(
                IllegalStateException.class,
                () -> loop.startTls(tls, c.protocol(), SslOptions.of(certs.trusting), false));

        tls.close();
        run(c.protocol().lost);
        run(s.lost);
        assertTrue(plain.isClosing(), "a detached transport reports its successor's state");
        assertEquals(
                List.of(
                        "client made",
                        "server made",
                        "server data STARTTLS",
                        "client data 220 go ahead",
                        "client startTls done",
                        "server data hello",
                        "client data HELLO",
                        "client lost null",
                        "server lost null"),
                madeFirst(log));
        closeServer(server);
    }

    /**
     * The client's ClientHello reaches the server's socket before the server upgrades (it
     * paused reading after its reply, as asyncio's start_tls does first): those bytes must go
     * to the TLS layer, and the handshake completes.
     */
    @Test
    void bytesThePeerSentBeforeTheUpgradeReachTheTlsLayer() {
        List<String> log = new ArrayList<>();
        List<Peer> made = new ArrayList<>();
        Server server = server(made, log, true);
        Connected<Peer> c = run(loop.createConnection(() -> new Peer("client", log), HOST, server.port()));
        c.transport().write(b("STARTTLS\r\n"));
        nextChunk(c.protocol());
        Future<Transport> client = loop.startTls(c.transport(), c.protocol(), SslOptions.of(certs.trusting), false);
        run(Asyncio.sleep(0.2)); // the ClientHello waits in the server's socket meanwhile
        assertTrue(!client.done());
        Peer s = made.get(0);
        s.upgrade();
        Transport tls = run(client);
        run(s.upgraded);
        tls.write(b("after"));
        nextChunk(c.protocol());
        assertTrue(c.protocol().data.toString(StandardCharsets.UTF_8).endsWith("AFTER"));
        tls.close();
        run(c.protocol().lost);
        run(s.lost);
        closeServer(server);
    }

    /*
     * CPython 3.11, the client not trusting the server's certificate:
     *   nt = await loop.start_tls(t, c, untrusting_ctx, server_hostname="127.0.0.1")
     * raises SSLCertVerificationError; then
     *   client lost SSLCertVerificationError(...)      (the protocol hears connection_lost)
     *   server lost ConnectionResetError()             (the server's start_tls fails too)
     */
    @Test
    void aFailedHandshakeRaisesAndClosesTheConnection() {
        List<String> log = new ArrayList<>();
        List<Peer> made = new ArrayList<>();
        Server server = server(made, log, false);
        Connected<Peer> c = run(loop.createConnection(() -> new Peer("client", log), HOST, server.port()));
        c.transport().write(b("STARTTLS\r\n"));
        nextChunk(c.protocol());
        Future<Transport> client = loop.startTls(c.transport(), c.protocol(), SslOptions.of(certs.untrusting), false);
        Throwable e = assertThrows(Throwable.class, () -> run(client));
        assertInstanceOf(SSLHandshakeException.class, e);
        run(c.protocol().lost);
        run(made.get(0).lost);
        Future<Transport> serverSide = made.get(0).upgraded;
        assertTrue(serverSide.done());
        assertInstanceOf(Exception.class, serverSide.exception());
        assertTrue(c.transport().isClosing());
        assertEquals(
                List.of(
                        "client made",
                        "server made",
                        "server data STARTTLS",
                        "client data 220 go ahead",
                        "client lost SSLHandshakeException"),
                madeFirst(log).subList(0, 5));
        closeServer(server);
    }

    @Test
    void startTlsRefusesAStreamsTransportAndForeignTransports() {
        Server server = run(Streams.startServer(SocketLoopTest::echo, HOST, 0));
        Streams.Connection conn = run(Streams.openConnection(HOST, server.port()));
        Transport t = conn.writer().transport();
        IllegalArgumentException stream = assertThrows(
                IllegalArgumentException.class,
                () -> loop.startTls(t, t.getProtocol(), SslOptions.of(certs.trusting), false));
        assertTrue(stream.getMessage().contains("StreamWriter.startTls"), stream.getMessage());
        assertThrows(NullPointerException.class, () -> loop.startTls(t, t.getProtocol(), null, false));
        conn.writer().close();
        run(conn.writer().waitClosed());
        closeServer(server);
    }

    /** The log with the two "made" entries first, client then server: their order is the OS's. */
    private static List<String> madeFirst(List<String> log) {
        List<String> out = new ArrayList<>(List.of("client made", "server made"));
        for (String e : log) {
            if (!e.endsWith(" made")) {
                out.add(e);
            }
        }
        assertEquals(out.size(), log.size(), "each side made once: " + log);
        return out;
    }
}
