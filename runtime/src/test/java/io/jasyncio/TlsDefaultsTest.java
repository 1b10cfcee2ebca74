package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS defaults of {@link SslOptions}: forward-secret AEAD suites only, TLS 1.2 and 1.3, like
 * Python's {@code ssl.create_default_context()}; a peer that offers only a legacy suite is
 * refused, by a default server and by a default client, and widening the options lets it in.
 * The peer is the JDK's own {@link SSLSocket} or {@link SSLServerSocket}, restricted to the one
 * suite, on a thread of the loop's default executor.
 *
 * <p>The legacy suites: {@code TLS_RSA_WITH_AES_128_CBC_SHA} (no forward secrecy; JDK 17 enables
 * it, JDK 24 and later disable it themselves, so that case runs only where the JDK would
 * accept it) and {@code TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA} (CBC with SHA-1, enabled by JDK 17
 * and 25 alike). Both need an RSA certificate.
 */
class TlsDefaultsTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path dir;

    private static TestCerts certs;

    @BeforeAll
    static void makeCertificatesAndWarmUp() throws Exception {
        certs = TestCerts.create(dir, "RSA");
        warmUpTls(SslOptions.of(certs.server), SslOptions.of(certs.trusting));
    }

    /** Whether the running JDK enables {@code suite} by default; if not, the case cannot be tried here. */
    private static void assumeTheJdkEnables(String suite) throws Exception {
        List<String> enabled = Arrays.asList(certs.server.createSSLEngine().getEnabledCipherSuites());
        assumeTrue(enabled.contains(suite), suite + " is disabled by this JDK itself");
    }

    @Test
    void theDefaultsAreTls12And13WithForwardSecretAeadSuitesOnly() throws Exception {
        SslOptions defaults = SslOptions.of(certs.server);
        assertTrue(defaults.modernOnly());
        assertEquals(null, defaults.cipherSuites());
        assertFalse(defaults.withContextDefaults().modernOnly());
        // What a default server accepts: asked of a JDK client offering each suite the JDK enables.
        Server server = run(Streams.startServer(SocketLoopTest::echo, HOST, 0, defaults));
        try {
            for (String suite : certs.trusting.createSSLEngine().getEnabledCipherSuites()) {
                if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_") || suite.endsWith("_SCSV")) {
                    continue; // TLS 1.3 suites and the signal cannot be offered alone to a 1.2 handshake
                }
                boolean accepted = jdkClientEchoes(server.port(), suite, "TLSv1.2");
                boolean modern = (suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_"))
                        && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"))
                        && !suite.contains("_DSS_")
                        && !suite.contains("_ECDSA_"); // the certificate is RSA
                assertEquals(modern, accepted, suite);
            }
            assertTrue(jdkClientEchoes(server.port(), "TLS_AES_128_GCM_SHA256", "TLSv1.3"));
            assertFalse(jdkClientEchoes(server.port(), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLSv1.1"));
        } finally {
            closeServer(server);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"})
    void aDefaultServerRefusesAClientOfferingOnlyALegacySuiteUnlessWidened(String suite) throws Exception {
        assumeTheJdkEnables(suite);
        Server strict = run(Streams.startServer(SocketLoopTest::echo, HOST, 0, SslOptions.of(certs.server)));
        try {
            assertFalse(jdkClientEchoes(strict.port(), suite, "TLSv1.2"), "the default server accepted " + suite);
        } finally {
            closeServer(strict);
        }
        Server widened = run(Streams.startServer(
                SocketLoopTest::echo, HOST, 0, SslOptions.of(certs.server).withContextDefaults()));
        try {
            assertTrue(jdkClientEchoes(widened.port(), suite, "TLSv1.2"), "the widened server refused " + suite);
        } finally {
            closeServer(widened);
        }
        Server named = run(Streams.startServer(
                SocketLoopTest::echo, HOST, 0, SslOptions.of(certs.server).withCipherSuites(suite)));
        try {
            assertTrue(jdkClientEchoes(named.port(), suite, "TLSv1.2"), "the server naming it refused " + suite);
        } finally {
            closeServer(named);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"})
    void aDefaultClientRefusesAServerOfferingOnlyALegacySuiteUnlessWidened(String suite) throws Exception {
        assumeTheJdkEnables(suite);
        Throwable refused = assertThrows(
                Throwable.class, () -> jasyncioClientAgainstJdkServer(suite, SslOptions.of(certs.trusting)));
        Throwable ssl = refused;
        while (ssl != null && !(ssl instanceof SSLException)) {
            ssl = ssl.getCause();
        }
        assertInstanceOf(SSLException.class, ssl, refused.toString());
        assertEquals(
                "hello\n",
                jasyncioClientAgainstJdkServer(
                        suite, SslOptions.of(certs.trusting).withContextDefaults()));
    }

    /**
     * A JDK client offering only {@code suite} over {@code protocol}: whether its line came
     * back. Runs on the loop's default executor while the loop serves.
     */
    private boolean jdkClientEchoes(int port, String suite, String protocol) {
        return run(loop.runInExecutor(null, () -> {
            try (SSLSocket s = (SSLSocket) certs.trusting.getSocketFactory().createSocket(HOST, port)) {
                s.setSoTimeout(30_000);
                s.setEnabledProtocols(new String[] {protocol});
                s.setEnabledCipherSuites(new String[] {suite});
                s.startHandshake();
                s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                byte[] got = s.getInputStream().readNBytes(3);
                return Arrays.equals("hi\n".getBytes(StandardCharsets.US_ASCII), got);
            } catch (IOException refused) {
                return false;
            }
        }));
    }

    /**
     * A jasyncio client with {@code options} against a JDK server offering only {@code suite}:
     * the line the server sends back, or the exception of the failed connection.
     */
    private String jasyncioClientAgainstJdkServer(String suite, SslOptions options) throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket)
                certs.server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName(HOST))) {
            ss.setEnabledCipherSuites(new String[] {suite});
            ss.setEnabledProtocols(new String[] {"TLSv1.2"});
            Future<Void> served = loop.runInExecutor(null, () -> {
                ss.setSoTimeout(30_000);
                try (SSLSocket c = (SSLSocket) ss.accept()) {
                    c.setSoTimeout(30_000);
                    InputStream in = c.getInputStream();
                    OutputStream out = c.getOutputStream();
                    byte[] line = new byte[6];
                    int n = in.readNBytes(line, 0, 6);
                    out.write(line, 0, n);
                    out.flush();
                } catch (IOException refusedByTheClient) {
                    // the client's alert: its side of the test says why
                }
                return null;
            });
            try {
                return run(client(Streams.openConnection(HOST, ss.getLocalPort(), options), "hello\n"));
            } finally {
                run(served);
            }
        }
    }
}
