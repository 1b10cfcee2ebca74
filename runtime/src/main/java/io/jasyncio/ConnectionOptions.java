package io.jasyncio;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The options of {@link EventLoop#createConnection(java.util.function.Supplier, String, int,
 * ConnectionOptions)} and {@link EventLoop#createUnixConnection(java.util.function.Supplier,
 * java.nio.file.Path, ConnectionOptions)}.
 *
 * @param ssl the TLS options, or null for a plain connection; with TLS the returned future
 *     completes, and the protocol hears {@code connectionMade}, once the handshake is done
 * @param localAddr the local address to bind the socket to before connecting (a resolved
 *     address; port 0 for any port), or null to let the system choose; TCP only. A remote
 *     address of another family (IPv4 or IPv6) is skipped with "no matching local address"
 * @param happyEyeballsDelay null to try the addresses one after another, each to its end; or
 *     how long to wait for one attempt before starting the next in parallel (RFC 8305 "Happy
 *     Eyeballs"; 250 ms is the RFC's recommendation): the first to connect wins, the others are
 *     closed, and an attempt that fails starts the next at once; TCP only
 * @param interleave 0 to keep the resolver's order; n &gt; 0 to reorder the addresses by
 *     family: n of the first family, then alternating. With a delay and 0, 1 is used
 * @apiNote Mirrors the {@code ssl}, {@code server_hostname}, {@code ssl_handshake_timeout},
 *     {@code local_addr}, {@code happy_eyeballs_delay} and {@code interleave} keyword arguments
 *     of {@code loop.create_connection} (the TLS ones live in {@link SslOptions}).
 */
public record ConnectionOptions(
        SslOptions ssl, InetSocketAddress localAddr, Duration happyEyeballsDelay, int interleave) {

    /** A plain connection. */
    public static final ConnectionOptions DEFAULTS = new ConnectionOptions(null);

    /**
     * Checks the values.
     *
     * @param ssl the TLS options, or null
     * @param localAddr the local address, or null
     * @param happyEyeballsDelay the delay between two attempts, or null
     * @param interleave how many addresses of the first family come first, or 0
     * @throws IllegalArgumentException if {@code localAddr} is unresolved, the delay is
     *     negative, or {@code interleave} is negative
     */
    public ConnectionOptions {
        if (localAddr != null && localAddr.isUnresolved()) {
            throw new IllegalArgumentException(
                    "ConnectionOptions: localAddr must be a resolved address, got " + localAddr);
        }
        if (happyEyeballsDelay != null && happyEyeballsDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "ConnectionOptions: happyEyeballsDelay must not be negative, got " + happyEyeballsDelay);
        }
        if (interleave < 0) {
            throw new IllegalArgumentException("ConnectionOptions: interleave must not be negative, got " + interleave);
        }
    }

    /**
     * Options with TLS (or none) and nothing else.
     *
     * @param ssl the TLS options, or null for a plain connection
     */
    public ConnectionOptions(SslOptions ssl) {
        this(ssl, null, null, 0);
    }

    /**
     * Options for a TLS connection.
     *
     * @param ssl the TLS options, or null for none
     * @return the new options
     */
    public static ConnectionOptions ssl(SslOptions ssl) {
        return new ConnectionOptions(ssl);
    }

    /**
     * A copy that binds the socket to {@code localAddr} before connecting.
     *
     * @param localAddr a resolved local address, or null for none
     * @return the new options
     * @throws IllegalArgumentException if {@code localAddr} is unresolved
     * @apiNote Mirrors {@code local_addr=(host, port)}.
     */
    public ConnectionOptions withLocalAddr(InetSocketAddress localAddr) {
        return new ConnectionOptions(ssl, localAddr, happyEyeballsDelay, interleave);
    }

    /**
     * A copy that races the addresses, starting the next attempt after {@code delay}.
     *
     * @param delay the delay, or null to try one address after another
     * @return the new options
     * @throws IllegalArgumentException if the delay is negative
     * @apiNote Mirrors {@code happy_eyeballs_delay=seconds}.
     */
    public ConnectionOptions withHappyEyeballsDelay(Duration delay) {
        return new ConnectionOptions(ssl, localAddr, delay, interleave);
    }

    /**
     * A copy that reorders the addresses by family.
     *
     * @param interleave how many addresses of the first family come first, or 0 for none
     * @return the new options
     * @throws IllegalArgumentException if {@code interleave} is negative
     * @apiNote Mirrors {@code interleave=n}.
     */
    public ConnectionOptions withInterleave(int interleave) {
        return new ConnectionOptions(ssl, localAddr, happyEyeballsDelay, interleave);
    }
}
