package io.jasyncio;

/**
 * The options of {@link EventLoop#createServer(java.util.function.Supplier, String, int,
 * ServerOptions)} and {@link EventLoop#createUnixServer(java.util.function.Supplier,
 * java.nio.file.Path, ServerOptions)}.
 *
 * @param ssl the TLS options (holding the server's key and certificate), or null for plain
 *     connections; with TLS each client's protocol is made, and hears {@code connectionMade},
 *     once its handshake is done
 * @param backlog how many connections the kernel queues for accepting (it caps the value at
 *     {@code net.core.somaxconn} on Linux); asyncio's default is 100
 * @apiNote Mirrors the {@code ssl}, {@code ssl_handshake_timeout} and {@code backlog} keyword
 *     arguments of {@code loop.create_server}.
 */
public record ServerOptions(SslOptions ssl, int backlog) {

    /** Plain connections, a backlog of 100. */
    public static final ServerOptions DEFAULTS = new ServerOptions(null, 100);

    /**
     * Checks the backlog.
     *
     * @param ssl the TLS options, or null
     * @param backlog the listen backlog
     * @throws IllegalArgumentException if {@code backlog} is not positive
     */
    public ServerOptions {
        if (backlog <= 0) {
            throw new IllegalArgumentException("ServerOptions: backlog must be positive, got " + backlog);
        }
    }

    /**
     * A copy with other TLS options.
     *
     * @param ssl the TLS options, or null for none
     * @return the new options
     */
    public ServerOptions withSsl(SslOptions ssl) {
        return new ServerOptions(ssl, backlog);
    }

    /**
     * A copy with another listen backlog.
     *
     * @param backlog the backlog
     * @return the new options
     * @throws IllegalArgumentException if {@code backlog} is not positive
     */
    public ServerOptions withBacklog(int backlog) {
        return new ServerOptions(ssl, backlog);
    }
}
