package io.jasyncio;

/**
 * The options of {@link EventLoop#createConnection(java.util.function.Supplier, String, int,
 * ConnectionOptions)} and {@link EventLoop#createUnixConnection(java.util.function.Supplier,
 * java.nio.file.Path, ConnectionOptions)}.
 *
 * @param ssl the TLS options, or null for a plain connection; with TLS the returned future
 *     completes, and the protocol hears {@code connectionMade}, once the handshake is done
 * @apiNote Mirrors the {@code ssl}, {@code server_hostname} and {@code ssl_handshake_timeout}
 *     keyword arguments of {@code loop.create_connection} (the last two live in
 *     {@link SslOptions}).
 */
public record ConnectionOptions(SslOptions ssl) {

    /** A plain connection. */
    public static final ConnectionOptions DEFAULTS = new ConnectionOptions(null);

    /**
     * Options for a TLS connection.
     *
     * @param ssl the TLS options, or null for none
     * @return the new options
     */
    public static ConnectionOptions ssl(SslOptions ssl) {
        return new ConnectionOptions(ssl);
    }
}
