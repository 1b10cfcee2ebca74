package io.jasyncio.streams;

import java.time.Duration;
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
 * @apiNote Mirrors the {@code ssl}, {@code server_hostname} and
 *     {@code ssl_handshake_timeout} arguments of {@code asyncio.open_connection} and
 *     {@code asyncio.start_server}, and the {@code check_hostname} flag of Python's
 *     {@code ssl.SSLContext} (on by default, as with {@code ssl.create_default_context()}).
 */
public final class SslOptions {
    /** The default handshake timeout in seconds, as asyncio's {@code SSL_HANDSHAKE_TIMEOUT}. */
    public static final double DEFAULT_HANDSHAKE_TIMEOUT = 60.0;

    private final SSLContext context;
    private final String serverHostname;
    private final boolean checkHostname;
    private final double handshakeTimeout;
    private final boolean tasksOffLoop;

    private SslOptions(SSLContext context, String serverHostname, boolean checkHostname,
            double handshakeTimeout, boolean tasksOffLoop) {
        this.context = context;
        this.serverHostname = serverHostname;
        this.checkHostname = checkHostname;
        this.handshakeTimeout = handshakeTimeout;
        this.tasksOffLoop = tasksOffLoop;
    }

    /**
     * Options using {@code context}, checking the server's host name, with the default
     * handshake timeout.
     *
     * @param context the TLS context; for a client its trust managers decide which servers are
     *     trusted, for a server its key managers provide the certificate
     * @return the options
     * @throws NullPointerException if {@code context} is null
     * @apiNote Mirrors passing {@code ssl=context}.
     */
    public static SslOptions of(SSLContext context) {
        return new SslOptions(Objects.requireNonNull(context, "context"), null, true,
                DEFAULT_HANDSHAKE_TIMEOUT, false);
    }

    /**
     * A copy that names the server {@code hostname}: sent with SNI (unless it is an IP
     * literal) and matched against the certificate. Clients only; by default the host given to
     * {@link Streams#openConnection(String, int, SslOptions)} is used.
     *
     * @param hostname the server's name, or null for the connection's host
     * @return the copy
     * @apiNote Mirrors {@code server_hostname=hostname}.
     */
    public SslOptions withServerHostname(String hostname) {
        return new SslOptions(context, hostname, checkHostname, handshakeTimeout, tasksOffLoop);
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
        return new SslOptions(context, serverHostname, check, handshakeTimeout, tasksOffLoop);
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
            throw new IllegalArgumentException("ssl_handshake_timeout should be a positive number, got "
                    + seconds);
        }
        return new SslOptions(context, serverHostname, checkHostname, seconds, tasksOffLoop);
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
        return new SslOptions(context, serverHostname, checkHostname, handshakeTimeout, offLoop);
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
        return "SslOptions[" + context.getProtocol() + (serverHostname != null ? " server_hostname="
                + serverHostname : "") + (checkHostname ? "" : " check_hostname=false")
                + " handshake_timeout=" + handshakeTimeout + (tasksOffLoop ? " tasks off loop" : "")
                + "]";
    }
}
