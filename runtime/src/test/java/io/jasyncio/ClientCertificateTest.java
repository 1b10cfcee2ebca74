package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.SslOptions.ClientAuth;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates ({@link SslOptions#withClientAuth}), with a server and a client key pair
 * made at test time by keytool ({@link TestCerts#clientAuth()}), under the watchdog and
 * descriptor check of {@link SocketLoopTest}.
 *
 * <p>CPython 3.11 (server context: load_cert_chain(server), load_verify_locations(client.pem),
 * verify_mode as below; client context trusting server.pem, with or without
 * load_cert_chain(client)), logging connection_made with get_extra_info("peercert"):
 * <pre>
 *   CERT_REQUIRED, client key:    client made, create_connection returned,
 *                                 server made peercert={'commonName': 'client'}, ...
 *   CERT_REQUIRED, no client key: client made, create_connection returned (TLS 1.3: the
 *                                 client is done before the server checks), client eof,
 *                                 client lost; the server's protocol is never made
 *   CERT_OPTIONAL, no client key: client made, create_connection returned,
 *                                 server made peercert=None, ...
 * </pre>
 */
class ClientCertificateTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path dir;

    private static TestCerts certs;
    private static TestCerts.ClientAuth auth;

    @BeforeAll
    static void makeCertificatesAndWarmUp() throws Exception {
        certs = TestCerts.create(dir);
        auth = certs.clientAuth();
        warmUpTls(
                SslOptions.of(auth.serverTrustingClient()).withClientAuth(ClientAuth.NEED),
                SslOptions.of(auth.clientWithKey()));
    }

    /** Logs connectionMade with the peer certificate's subject, and connectionLost. */
    class Peer implements Protocol {
        final String name;
        final List<String> log;
        final Future<Void> lost = loop.createFuture();
        Transport transport;

        Peer(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            Object cert = t.getExtraInfo("peercert");
            log.add(name + " made peercert="
                    + (cert == null
                            ? null
                            : ((X509Certificate) cert).getSubjectX500Principal().getName()));
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            log.add(name + " data " + StandardCharsets.UTF_8.decode(data));
        }

        @Override
        public void connectionLost(Throwable error) {
            log.add(name + " lost");
            lost.setResult(null);
        }
    }

    private Server server(ClientAuth mode, List<String> log, List<Peer> made) {
        return run(loop.createServer(
                () -> {
                    Peer p = new Peer("server", log);
                    made.add(p);
                    return p;
                },
                HOST,
                0,
                ServerOptions.DEFAULTS.withSsl(
                        SslOptions.of(auth.serverTrustingClient()).withClientAuth(mode))));
    }

    @Test
    void aRequiredClientCertificateIsTheServersPeercert() {
        List<String> log = new ArrayList<>();
        List<Peer> made = new ArrayList<>();
        Server server = server(ClientAuth.NEED, log, made);
        Connected<Peer> c = run(loop.createConnection(
                () -> new Peer("client", log),
                HOST,
                server.port(),
                ConnectionOptions.ssl(SslOptions.of(auth.clientWithKey()))));
        c.transport().write("hi".getBytes(StandardCharsets.UTF_8));
        run(ProtocolTest.until(() -> log.contains("server data hi")));
        assertTrue(log.contains("server made peercert=CN=client"), log.toString());
        assertTrue(log.contains("client made peercert=CN=localhost"), log.toString());
        assertEquals(auth.clientCertificate(), made.get(0).transport.getExtraInfo("peercert"));
        c.transport().close();
        run(c.protocol().lost);
        run(made.get(0).lost);
        closeServer(server);
    }

    @Test
    void aClientWithoutACertificateIsRefusedWhenOneIsRequired() {
        List<String> log = new ArrayList<>();
        List<Peer> made = new ArrayList<>();
        Server server = server(ClientAuth.NEED, log, made);
        Future<Connected<Peer>> f = loop.createConnection(
                () -> new Peer("client", log),
                HOST,
                server.port(),
                ConnectionOptions.ssl(SslOptions.of(certs.trusting)));
        try {
            // TLS 1.3: the client finishes its handshake before the server checks it, then
            // hears the server's alert.
            Connected<Peer> c = run(f);
            run(c.protocol().lost);
        } catch (RuntimeException refused) {
            assertInstanceOf(SSLException.class, refused);
        }
        run(ProtocolTest.until(() -> !made.isEmpty()));
        run(Asyncio.sleep(0.1));
        assertFalse(log.stream().anyMatch(e -> e.startsWith("server")), log.toString());
        closeServer(server);
    }

    @Test
    void aWantedClientCertificateIsOptional() {
        List<String> log = new ArrayList<>();
        List<Peer> made = new ArrayList<>();
        Server server = server(ClientAuth.WANT, log, made);
        Connected<Peer> c = run(loop.createConnection(
                () -> new Peer("client", log),
                HOST,
                server.port(),
                ConnectionOptions.ssl(SslOptions.of(certs.trusting))));
        run(ProtocolTest.until(() -> log.contains("server made peercert=null")));
        assertNull(made.get(0).transport.getExtraInfo("peercert"));
        c.transport().close();
        run(c.protocol().lost);
        run(made.get(0).lost);
        closeServer(server);
    }

    @Test
    void optionsSayWhichClientAuthTheyAskFor() {
        SslOptions o = SslOptions.of(certs.server);
        assertEquals(ClientAuth.NONE, o.clientAuth());
        assertEquals(ClientAuth.WANT, o.withClientAuth(ClientAuth.WANT).clientAuth());
        assertTrue(o.withClientAuth(ClientAuth.NEED).toString().contains("client_auth=NEED"));
        assertEquals(
                ClientAuth.NEED,
                o.withClientAuth(ClientAuth.NEED)
                        .withHandshakeTimeout(5)
                        .withServerHostname("x")
                        .withCheckHostname(false)
                        .withDelegatedTasksOffLoop(true)
                        .clientAuth());
    }
}
