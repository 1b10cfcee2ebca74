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
 * @param reusePort true to set {@code SO_REUSEPORT} on the listening sockets, so several
 *     servers (one per loop of an {@link EventLoopGroup}, or several processes) listen on the
 *     same port and the kernel spreads the connections over them; where the platform lacks the
 *     option, the server fails to start with {@link IllegalArgumentException}
 * @param startServing false to create the server without accepting: it listens (Java binds and
 *     listens in one call, so clients may connect and wait in the backlog) but accepts nobody
 *     until {@link Server#startServing()} or {@link Server#serveForever()}
 * @apiNote Mirrors the {@code ssl}, {@code ssl_handshake_timeout}, {@code backlog},
 *     {@code reuse_port} and {@code start_serving} keyword arguments of
 *     {@code loop.create_server}.
 */
public record ServerOptions(SslOptions ssl, int backlog, boolean reusePort, boolean startServing) {

    /** Plain connections, a backlog of 100, no {@code SO_REUSEPORT}, serving at once. */
    public static final ServerOptions DEFAULTS = new ServerOptions(null, 100);

    /**
     * Checks the backlog.
     *
     * @param ssl the TLS options, or null
     * @param backlog the listen backlog
     * @param reusePort whether to set {@code SO_REUSEPORT}
     * @param startServing whether to accept at once
     * @throws IllegalArgumentException if {@code backlog} is not positive
     */
    public ServerOptions {
        if (backlog <= 0) {
            throw new IllegalArgumentException("ServerOptions: backlog must be positive, got " + backlog);
        }
    }

    /**
     * Options with TLS and a backlog, no {@code SO_REUSEPORT}, serving at once.
     *
     * @param ssl the TLS options, or null
     * @param backlog the listen backlog
     * @throws IllegalArgumentException if {@code backlog} is not positive
     */
    public ServerOptions(SslOptions ssl, int backlog) {
        this(ssl, backlog, false, true);
    }

    /**
     * A copy with other TLS options.
     *
     * @param ssl the TLS options, or null for none
     * @return the new options
     */
    public ServerOptions withSsl(SslOptions ssl) {
        return new ServerOptions(ssl, backlog, reusePort, startServing);
    }

    /**
     * A copy with another listen backlog.
     *
     * @param backlog the backlog
     * @return the new options
     * @throws IllegalArgumentException if {@code backlog} is not positive
     */
    public ServerOptions withBacklog(int backlog) {
        return new ServerOptions(ssl, backlog, reusePort, startServing);
    }

    /**
     * A copy that sets {@code SO_REUSEPORT} on the listening sockets, or not.
     *
     * @param reusePort whether to set the option
     * @return the new options
     * @apiNote Mirrors {@code reuse_port=True}.
     */
    public ServerOptions withReusePort(boolean reusePort) {
        return new ServerOptions(ssl, backlog, reusePort, startServing);
    }

    /**
     * A copy that accepts at once, or only from {@link Server#startServing()}.
     *
     * @param startServing false to wait for {@link Server#startServing()}
     * @return the new options
     * @apiNote Mirrors {@code start_serving=False}.
     */
    public ServerOptions withStartServing(boolean startServing) {
        return new ServerOptions(ssl, backlog, reusePort, startServing);
    }
}
