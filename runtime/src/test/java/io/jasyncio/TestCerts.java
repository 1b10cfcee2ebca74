package io.jasyncio;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate made at test time with the running JDK's {@code keytool}
 * (for {@code CN=localhost}, alternative names {@code localhost} and {@code 127.0.0.1}), and the
 * contexts that use it; on request a client certificate too ({@link #clientAuth()}). Nothing is committed: the key store lives in a temporary directory.
 */
final class TestCerts {
    private static final char[] PASSWORD = "test-only".toCharArray();
    final SSLContext server;
    final SSLContext trusting;
    final SSLContext untrusting;
    private final Path dir;
    private final KeyStore serverKeys;

    private TestCerts(SSLContext server, SSLContext trusting, SSLContext untrusting, Path dir, KeyStore serverKeys) {
        this.server = server;
        this.trusting = trusting;
        this.untrusting = untrusting;
        this.dir = dir;
        this.serverKeys = serverKeys;
    }

    static TestCerts create(Path dir) throws Exception {
        return create(dir, "EC");
    }

    /**
     * Like {@link #create(Path)}, with a key of {@code keyAlgorithm}: {@code "EC"} (P-256) or
     * {@code "RSA"} (2048 bits, which the {@code TLS_RSA_*} and {@code TLS_ECDHE_RSA_*} suites
     * need).
     */
    static TestCerts create(Path dir, String keyAlgorithm) throws Exception {
        KeyStore keys = keyPair(dir, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", keyAlgorithm);
        SSLContext server = context(keys, null);
        SSLContext trusting = context(null, keys.getCertificate("server"));
        // The JDK's own trust anchors: they do not include a certificate made a moment ago.
        SSLContext untrusting = SSLContext.getInstance("TLS");
        untrusting.init(null, null, null);
        return new TestCerts(server, trusting, untrusting, dir, keys);
    }

    /**
     * Contexts for client-certificate TLS, with a second self-signed key pair made now for
     * {@code CN=client}.
     *
     * @param serverTrustingClient the server's key, trusting the client's certificate
     * @param clientWithKey the client's key, trusting the server's certificate
     * @param clientCertificate the client's certificate
     */
    record ClientAuth(
            SSLContext serverTrustingClient,
            SSLContext clientWithKey,
            java.security.cert.Certificate clientCertificate) {}

    ClientAuth clientAuth() throws Exception {
        KeyStore client = keyPair(dir, "client", "CN=client", null, "EC");
        return new ClientAuth(
                context(serverKeys, client.getCertificate("client")),
                context(client, serverKeys.getCertificate("server")),
                client.getCertificate("client"));
    }

    /** A new key pair under {@code alias}, made by the running JDK's keytool. */
    private static KeyStore keyPair(Path dir, String alias, String dname, String ext, String keyAlgorithm)
            throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                keyAlgorithm,
                "-dname",
                dname,
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD)));
        cmd.addAll(keyAlgorithm.equals("RSA") ? List.of("-keysize", "2048") : List.of("-groupname", "secp256r1"));
        if (ext != null) {
            cmd.addAll(List.of("-ext", ext));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    /** A context with {@code keys} (or none) trusting only {@code trusted} (or nothing). */
    private static SSLContext context(KeyStore keys, java.security.cert.Certificate trusted) throws Exception {
        javax.net.ssl.KeyManager[] km = null;
        if (keys != null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            km = kmf.getKeyManagers();
        }
        javax.net.ssl.TrustManager[] tm = null;
        if (trusted != null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("trusted", trusted);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            tm = tmf.getTrustManagers();
        }
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(km, tm, null);
        return c;
    }
}
