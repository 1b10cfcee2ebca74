package io.jasyncio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How a stream connection uses TLS: the {@link SSLContext} (keys and trusted certificates), and
 * for clients the server name sent with SNI and checked against the server's certificate.
 * Immutable; the {@code with...} methods return a changed copy.
 *
 * <pre>{@code
 * // Python: reader, writer = await asyncio.open_connection(host, 443, ssl=ctx,
 * //                                                        server_hostname="example.com")
 * SslOptions tls = SslOptions.of(ctx).withServerHostname("example.com");
 * Streams.Connection c = await(Streams.openConnection(host, 443, tls));
 * }</pre>
 *
 * <h2>Cipher suites and protocols</h2>
 * By default a connection uses, of what the context enables, only TLS 1.2 and 1.3, and only
 * forward-secret AEAD cipher suites: ECDHE or DHE key exchange (without DSS) with AES-GCM or
 * ChaCha20-Poly1305, and the TLS 1.3 suites; like Python's {@code ssl.create_default_context()},
 * it refuses {@code TLS_RSA_*} (no forward secrecy) and CBC suites with SHA-1. A peer that knows
 * only older suites is refused; {@link #withContextDefaults()} widens to everything the context
 * enables, and {@link #withCipherSuites} and {@link #withProtocols} name exact lists.
 *
 * @apiNote Mirrors the {@code ssl}, {@code server_hostname} and
 *     {@code ssl_handshake_timeout} arguments of {@code asyncio.open_connection} and
 *     {@code asyncio.start_server}, and the {@code check_hostname} flag of Python's
 *     {@code ssl.SSLContext} (on by default, as with {@code ssl.create_default_context()}).
 */
public final class SslOptions {
    /** The default handshake timeout in seconds, as asyncio's {@code SSL_HANDSHAKE_TIMEOUT}. */
    public static final double DEFAULT_HANDSHAKE_TIMEOUT = 60.0;

    /** The default shutdown timeout in seconds, as asyncio's {@code SSL_SHUTDOWN_TIMEOUT}. */
    public static final double DEFAULT_SHUTDOWN_TIMEOUT = 30.0;

    private final SSLContext context;
    private final String serverHostname;
    private final boolean checkHostname;
    private final double handshakeTimeout;
    private final boolean tasksOffLoop;
    private final ClientAuth clientAuth;
    private final double shutdownTimeout;
    /** The suites asked for, or null for the policy of {@link #modernOnly}. */
    private final List<String> cipherSuites;
    /** The protocols asked for, or null for the policy of {@link #modernOnly}. */
    private final List<String> protocols;

    private final boolean modernOnly;

    /**
     * Whether a server asks its clients for a certificate.
     *
     * @apiNote Mirrors the {@code verify_mode} of a server-side {@code ssl.SSLContext}.
     */
    public enum ClientAuth {
        /** No client certificate is asked for (Python's {@code CERT_NONE}, a server's default). */
        NONE,
        /**
         * A certificate is asked for; a client that sends none is accepted, one that sends an
         * untrusted one is refused (Python's {@code CERT_OPTIONAL}).
         */
        WANT,
        /**
         * A trusted certificate is required; the handshake fails without one (Python's
         * {@code CERT_REQUIRED}).
         */
        NEED
    }

    private SslOptions(
            SSLContext context,
            String serverHostname,
            boolean checkHostname,
            double handshakeTimeout,
            boolean tasksOffLoop,
            ClientAuth clientAuth,
            double shutdownTimeout,
            List<String> cipherSuites,
            List<String> protocols,
            boolean modernOnly) {
        this.shutdownTimeout = shutdownTimeout;
        this.cipherSuites = cipherSuites;
        this.protocols = protocols;
        this.modernOnly = modernOnly;
        this.context = context;
        this.serverHostname = serverHostname;
        this.checkHostname = checkHostname;
        this.handshakeTimeout = handshakeTimeout;
        this.tasksOffLoop = tasksOffLoop;
        this.clientAuth = clientAuth;
    }

    /**
     * Options using {@code context}, checking the server's host name, with the default
     * handshake timeout.
     *
     * @param context the TLS context; for a client its trust managers decide which servers are
     *     trusted, and its key managers (if any) provide the client certificate a server asks
     *     for (Python's {@code load_cert_chain} on a client context); for a server its key
     *     managers provide the certificate, and its trust managers decide which client
     *     certificates are trusted (see {@link #withClientAuth})
     * @return the options
     * @throws NullPointerException if {@code context} is null
     * @apiNote Mirrors passing {@code ssl=context}.
     */
    public static SslOptions of(SSLContext context) {
        return new SslOptions(
                Objects.requireNonNull(context, "context"),
                null,
                true,
                DEFAULT_HANDSHAKE_TIMEOUT,
                false,
                ClientAuth.NONE,
                DEFAULT_SHUTDOWN_TIMEOUT,
                null,
                null,
                true);
    }

    /**
     * A copy that names the server {@code hostname}: sent with SNI (unless it is an IP
     * literal) and matched against the certificate. Clients only; by default the host given to
     * {@link io.jasyncio.streams.Streams#openConnection(String, int, SslOptions)} is used.
     *
     * @param hostname the server's name, or null for the connection's host
     * @return the copy
     * @apiNote Mirrors {@code server_hostname=hostname}.
     */
    public SslOptions withServerHostname(String hostname) {
        return new SslOptions(
                context,
                hostname,
                checkHostname,
                handshakeTimeout,
                tasksOffLoop,
                clientAuth,
                shutdownTimeout,
                cipherSuites,
                protocols,
                modernOnly);
    }

    /**
     * A copy that does, or does not, check that the server's certificate names the server. The
     * certificate chain is still verified by the context's trust managers either way.
     *
     * @param check false to accept a trusted certificate issued for another name
     * @return the copy
     * @apiNote Mirrors {@code ssl.SSLContext.check_hostname}.
     */
    public SslOptions withCheckHostname(boolean check) {
        return new SslOptions(
                context,
                serverHostname,
                check,
                handshakeTimeout,
                tasksOffLoop,
                clientAuth,
                shutdownTimeout,
                cipherSuites,
                protocols,
                modernOnly);
    }

    /**
     * A copy whose handshake is aborted if it does not complete in {@code seconds}.
     *
     * @param seconds the timeout, positive
     * @return the copy
     * @throws IllegalArgumentException if {@code seconds} is not positive and finite
     * @apiNote Mirrors {@code ssl_handshake_timeout=seconds}.
     */
    public SslOptions withHandshakeTimeout(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("ssl_handshake_timeout should be a positive number, got " + seconds);
        }
        return new SslOptions(
                context,
                serverHostname,
                checkHostname,
                seconds,
                tasksOffLoop,
                clientAuth,
                shutdownTimeout,
                cipherSuites,
                protocols,
                modernOnly);
    }

    /**
     * A copy whose handshake is aborted if it does not complete in {@code timeout}.
     *
     * @param timeout the timeout, positive
     * @return the copy
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @apiNote Mirrors {@code ssl_handshake_timeout}.
     */
    public SslOptions withHandshakeTimeout(Duration timeout) {
        return withHandshakeTimeout(timeout.toNanos() / 1e9);
    }

    /**
     * A copy that aborts a closing connection whose TLS shutdown (the buffered data and
     * close_notify going out) does not finish in {@code timeout}: its protocol then hears
     * {@code connectionLost} with {@link java.net.SocketTimeoutException} "SSL shutdown timed
     * out". So a peer that stops reading cannot hold a closed connection open for ever.
     *
     * @param timeout the timeout, positive
     * @return the copy
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @apiNote Mirrors {@code ssl_shutdown_timeout} (default 30 s), of {@code start_tls},
     *     {@code create_connection} and {@code create_server} alike.
     */
    public SslOptions withShutdownTimeout(Duration timeout) {
        double seconds = timeout.toNanos() / 1e9;
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("ssl_shutdown_timeout should be a positive number, got " + seconds);
        }
        return new SslOptions(
                context,
                serverHostname,
                checkHostname,
                handshakeTimeout,
                tasksOffLoop,
                clientAuth,
                seconds,
                cipherSuites,
                protocols,
                modernOnly);
    }

    /**
     * The shutdown timeout.
     *
     * @return the timeout in seconds
     */
    public double shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * A copy that runs the handshake's CPU-heavy steps (the engine's delegated tasks: key
     * exchange, signing, certificate path validation) on the loop's default executor instead
     * of on the loop thread. Worth it when a trust or key manager may block (OCSP fetches, a
     * hardware key) or when one loop handshakes with many clients while others must stay
     * responsive; each handshake then pays a few thread hand-offs, so it is off by default.
     *
     * @param offLoop true to run the tasks on the default executor
     * @return the copy
     * @apiNote No asyncio counterpart: asyncio (OpenSSL) always runs them on the loop.
     */
    public SslOptions withDelegatedTasksOffLoop(boolean offLoop) {
        return new SslOptions(
                context,
                serverHostname,
                checkHostname,
                handshakeTimeout,
                offLoop,
                clientAuth,
                shutdownTimeout,
                cipherSuites,
                protocols,
                modernOnly);
    }

    /**
     * A copy for a server that asks its clients for a certificate, checked against the
     * context's trust managers. The client's certificate is then its transport's
     * {@code "peercert"} extra info. Clients ignore it.
     *
     * @param auth whether a certificate is asked for, and whether it is required
     * @return the copy
     * @throws NullPointerException if {@code auth} is null
     * @apiNote Mirrors setting {@code verify_mode} to {@code CERT_NONE}, {@code CERT_OPTIONAL}
     *     or {@code CERT_REQUIRED} on a server's {@code ssl.SSLContext}.
     */
    public SslOptions withClientAuth(ClientAuth auth) {
        return new SslOptions(
                context,
                serverHostname,
                checkHostname,
                handshakeTimeout,
                tasksOffLoop,
                Objects.requireNonNull(auth, "auth"),
                shutdownTimeout,
                cipherSuites,
                protocols,
                modernOnly);
    }

    /**
     * A copy that enables exactly {@code suites}, in this order of preference, instead of the
     * modern default: the way to widen it for a peer that knows only older suites, or to
     * narrow it further. Names are the JDK's ({@code "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"});
     * the JDK still refuses what its {@code jdk.tls.disabledAlgorithms} security property
     * disables.
     *
     * @param suites the cipher suites, at least one
     * @return the copy
     * @throws NullPointerException if {@code suites} or one of them is null
     * @throws IllegalArgumentException if {@code suites} is empty (a name the engine does not
     *     support is refused when a connection starts, by {@code SSLEngine.setEnabledCipherSuites})
     * @apiNote Mirrors {@code ssl.SSLContext.set_ciphers(...)}.
     */
    public SslOptions withCipherSuites(String... suites) {
        List<String> list = List.of(suites);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("SslOptions.withCipherSuites: no cipher suite given");
        }
        return new SslOptions(
                context,
                serverHostname,
                checkHostname,
                handshakeTimeout,
                tasksOffLoop,
                clientAuth,
                shutdownTimeout,
                list,
                protocols,
                modernOnly);
    }

    /**
     * A copy that enables exactly {@code protocols} ({@code "TLSv1.3"}, {@code "TLSv1.2"}, ...)
     * instead of the modern default, TLS 1.2 and 1.3.
     *
     * @param protocols the protocol versions, at least one
     * @return the copy
     * @throws NullPointerException if {@code protocols} or one of them is null
     * @throws IllegalArgumentException if {@code protocols} is empty
     * @apiNote Mirrors {@code ssl.SSLContext.minimum_version} and {@code maximum_version}.
     */
    public SslOptions withProtocols(String... protocols) {
        List<String> list = List.of(protocols);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("SslOptions.withProtocols: no protocol given");
        }
        return new SslOptions(
                context,
                serverHostname,
                checkHostname,
                handshakeTimeout,
                tasksOffLoop,
                clientAuth,
                shutdownTimeout,
                cipherSuites,
                list,
                modernOnly);
    }

    /**
     * A copy that keeps whatever suites and protocols the {@link SSLContext} enables (the JDK's
     * defaults, which on JDK 17 include {@code TLS_RSA_WITH_AES_128_CBC_SHA} and other suites
     * without forward secrecy or with CBC and SHA-1), instead of the modern default. Lists
     * given with {@link #withCipherSuites} or {@link #withProtocols} still apply.
     *
     * @return the copy
     * @apiNote Python's equivalent is an {@code ssl.SSLContext} built by hand rather than by
     *     {@code ssl.create_default_context()}.
     */
    public SslOptions withContextDefaults() {
        return new SslOptions(
                context,
                serverHostname,
                checkHostname,
                handshakeTimeout,
                tasksOffLoop,
                clientAuth,
                shutdownTimeout,
                cipherSuites,
                protocols,
                false);
    }

    /**
     * The cipher suites given with {@link #withCipherSuites}.
     *
     * @return the suites in order of preference, or null for the default policy
     */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /**
     * The protocols given with {@link #withProtocols}.
     *
     * @return the protocols, or null for the default policy
     */
    public List<String> protocols() {
        return protocols;
    }

    /**
     * Tells whether what the context enables is narrowed to the modern default (see the class
     * comment) where no list was given.
     *
     * @return true unless {@link #withContextDefaults()} was called
     */
    public boolean modernOnly() {
        return modernOnly;
    }

    /**
     * Whether a server asks for client certificates.
     *
     * @return {@link ClientAuth#NONE} by default
     */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /**
     * Tells whether delegated tasks run on the default executor.
     *
     * @return false by default
     */
    public boolean delegatedTasksOffLoop() {
        return tasksOffLoop;
    }

    /**
     * The TLS context.
     *
     * @return the context
     */
    public SSLContext context() {
        return context;
    }

    /**
     * The server name given with {@link #withServerHostname}.
     *
     * @return the name, or null to use the connection's host
     */
    public String serverHostname() {
        return serverHostname;
    }

    /**
     * Tells whether clients check the server's name against its certificate.
     *
     * @return true by default
     */
    public boolean checkHostname() {
        return checkHostname;
    }

    /**
     * The handshake timeout.
     *
     * @return the timeout in seconds
     */
    public double handshakeTimeout() {
        return handshakeTimeout;
    }

    @Override
    public String toString() {
        return "SslOptions[" + context.getProtocol()
                + (serverHostname != null ? " server_hostname=" + serverHostname : "")
                + (checkHostname ? "" : " check_hostname=false")
                + " handshake_timeout=" + handshakeTimeout
                + (shutdownTimeout != DEFAULT_SHUTDOWN_TIMEOUT ? " shutdown_timeout=" + shutdownTimeout : "")
                + (tasksOffLoop ? " tasks off loop" : "")
                + (clientAuth != ClientAuth.NONE ? " client_auth=" + clientAuth : "")
                + (cipherSuites != null ? " ciphers=" + cipherSuites : "")
                + (protocols != null ? " protocols=" + protocols : "")
                + (modernOnly ? "" : " context defaults") + "]";
    }
}
