package io.jasyncio.streams;

import io.jasyncio.BaseProtocol;
import io.jasyncio.ConnectionOptions;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoopGroup;
import io.jasyncio.Server;
import io.jasyncio.ServerOptions;
import io.jasyncio.SslOptions;
import io.jasyncio.Transport;
import io.jasyncio.internal.net.SocketStreams;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * The entry points of the streams API: {@link #openConnection(String, int)} and
 * {@link #startServer(ClientConnected, String, int)}, their TLS overloads (an
 * {@link SSLContext} or {@link SslOptions}), and {@link #openUnixConnection(Path)} and
 * {@link #startUnixServer(ClientConnected, Path)} for Unix domain sockets.
 *
 * <pre>{@code
 * // Python: reader, writer = await asyncio.open_connection("127.0.0.1", 8888)
 * Streams.Connection c = await(Streams.openConnection("127.0.0.1", 8888));
 * c.writer().write("hello\n".getBytes());
 * await(c.writer().drain());
 * byte[] line = await(c.reader().readline());
 * }</pre>
 *
 * <p>Host names are resolved on the loop's default executor, never on the loop thread. Call
 * these from a coroutine running on a loop.
 *
 * <pre>{@code
 * // Python: reader, writer = await asyncio.open_connection("example.com", 443, ssl=ctx)
 * Streams.Connection c = await(Streams.openConnection("example.com", 443, ctx));
 * }</pre>
 *
 * @apiNote Mirrors {@code asyncio.open_connection}, {@code asyncio.start_server},
 *     {@code asyncio.open_unix_connection} and {@code asyncio.start_unix_server}.
 */
public final class Streams {
    private Streams() {}

    /**
     * The two halves of a connection.
     *
     * @param reader the incoming bytes
     * @param writer the outgoing bytes
     * @apiNote Mirrors the {@code (reader, writer)} tuple of {@code open_connection}.
     */
    public record Connection(StreamReader reader, StreamWriter writer) {}

    /**
     * A coroutine that connects to {@code host:port}, trying each resolved address in turn.
     *
     * @param host a host name or a literal address
     * @param port the port
     * @return a coroutine whose result is the connection; it throws
     *     {@link java.net.ConnectException} if every address refused,
     *     {@link java.net.UnknownHostException} if the name does not resolve
     * @apiNote Mirrors {@code asyncio.open_connection(host, port)}.
     */
    public static Coroutine<Connection> openConnection(String host, int port) {
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * A coroutine that connects to {@code host:port} with the given reader limit. Cancelling it
     * closes the socket being connected.
     *
     * @param host a host name or a literal address
     * @param port the port
     * @param limit the reader's buffer limit (see {@link StreamReader})
     * @return a coroutine whose result is the connection
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @apiNote Mirrors {@code asyncio.open_connection(host, port, limit=limit)}.
     */
    public static Coroutine<Connection> openConnection(String host, int port, int limit) {
        return openConnection(host, port, (SslOptions) null, limit);
    }

    /**
     * A coroutine that connects to {@code host:port} and performs a TLS handshake; its result
     * is ready once the handshake is done. The server's certificate must be trusted by the
     * context and, unless {@link SslOptions#withCheckHostname(boolean) turned off}, name
     * {@code host} (or the options' server host name).
     *
     * @param host a host name or a literal address
     * @param port the port
     * @param ssl the TLS context
     * @return a coroutine whose result is the connection; it throws
     *     {@link javax.net.ssl.SSLHandshakeException} if the handshake fails (an untrusted
     *     certificate, a name mismatch, a peer that closed), and
     *     {@link java.net.SocketTimeoutException} if it takes longer than 60 seconds
     * @apiNote Mirrors {@code asyncio.open_connection(host, port, ssl=context)}.
     */
    public static Coroutine<Connection> openConnection(String host, int port, SSLContext ssl) {
        return openConnection(host, port, SslOptions.of(ssl), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * A coroutine that connects to {@code host:port} over TLS as {@code ssl} says.
     *
     * @param host a host name or a literal address
     * @param port the port
     * @param ssl the TLS options
     * @return a coroutine whose result is the connection, once the handshake is done; it
     *     throws as {@link #openConnection(String, int, SSLContext)} does
     * @apiNote Mirrors {@code asyncio.open_connection(host, port, ssl=context,
     *     server_hostname=..., ssl_handshake_timeout=...)}.
     */
    public static Coroutine<Connection> openConnection(String host, int port, SslOptions ssl) {
        return openConnection(host, port, ssl, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * A coroutine that connects to {@code host:port}, over TLS unless {@code ssl} is null,
     * with the given reader limit. Cancelling it closes the socket being connected.
     *
     * @param host a host name or a literal address
     * @param port the port
     * @param ssl the TLS options, or null for plain TCP
     * @param limit the reader's buffer limit (see {@link StreamReader})
     * @return a coroutine whose result is the connection
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @apiNote Mirrors {@code asyncio.open_connection(host, port, limit=limit, ssl=...)}.
     */
    public static Coroutine<Connection> openConnection(String host, int port, SslOptions ssl, int limit) {
        Objects.requireNonNull(host, "host");
        checkLimit(limit);
        return SocketStreams.connect(
                "Streams.openConnection",
                host,
                port,
                null,
                ssl,
                () -> new StreamReaderProtocol(limit, null),
                Streams::connection);
    }

    /** The streams of a connected client: its protocol's reader and a writer over it. */
    private static Connection connection(Transport t, BaseProtocol p) {
        StreamReaderProtocol streams = (StreamReaderProtocol) p;
        return new Connection(streams.reader, new StreamWriter(streams));
    }

    private static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
    }

    /**
     * A coroutine that connects to {@code host:port} with all of {@link ConnectionOptions}:
     * TLS, a local address to bind, and happy eyeballs (staggered parallel attempts over the
     * addresses the host resolves to, RFC 8305).
     *
     * @param host the host name or address
     * @param port the port
     * @param options TLS, {@code localAddr}, {@code happyEyeballsDelay}, {@code interleave}
     * @param limit the reader's buffer limit
     * @return a coroutine whose result is the connection; it throws what
     *     {@link io.jasyncio.EventLoop#createConnection(java.util.function.Supplier, String, int,
     *     ConnectionOptions)} fails with
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @apiNote Mirrors {@code asyncio.open_connection(host, port, limit=limit, ssl=...,
     *     local_addr=..., happy_eyeballs_delay=..., interleave=...)}.
     */
    public static Coroutine<Connection> openConnection(String host, int port, ConnectionOptions options, int limit) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        checkLimit(limit);
        return SocketStreams.connect(
                "Streams.openConnection",
                host,
                port,
                options,
                () -> new StreamReaderProtocol(limit, null),
                Streams::connection);
    }

    /**
     * A coroutine that starts listening on {@code host:port} and returns the server; each
     * client is served by a task running {@code handler}.
     *
     * @param handler the coroutine function run per client
     * @param host the address to bind, such as {@code "127.0.0.1"}; every resolved address is
     *     bound
     * @param port the port; 0 picks a free one (see {@link Server#port()})
     * @return a coroutine whose result is the serving server; it throws
     *     {@link BindException} ("Address already in use", naming the address) if the port is
     *     taken
     * @apiNote Mirrors {@code asyncio.start_server(client_connected_cb, host, port)}; the
     *     listening sockets set {@code SO_REUSEADDR}, as asyncio does on POSIX.
     */
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port) {
        return startServer(handler, host, port, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * A coroutine that starts listening on {@code host:port} with the given reader limit.
     *
     * @param handler the coroutine function run per client
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param limit the readers' buffer limit
     * @return a coroutine whose result is the serving server
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @apiNote Mirrors {@code asyncio.start_server(cb, host, port, limit=limit)}.
     */
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port, int limit) {
        return startServer(handler, host, port, (SslOptions) null, limit);
    }

    /**
     * A coroutine that starts a TLS server on {@code host:port}: each client's handshake runs
     * first, and the handler starts once it is done. A client whose handshake fails (it does
     * not trust the certificate, it closes, it takes longer than the timeout) is dropped
     * without disturbing the others; the failure is logged at {@code DEBUG} on the
     * {@code io.jasyncio.streams} logger, as asyncio logs it only in debug mode.
     *
     * @param handler the coroutine function run per client
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param ssl the server's TLS context, holding its key and certificate
     * @return a coroutine whose result is the serving server
     * @apiNote Mirrors {@code asyncio.start_server(cb, host, port, ssl=context)}.
     */
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port, SSLContext ssl) {
        return startServer(handler, host, port, SslOptions.of(ssl), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * A coroutine that starts a TLS server on {@code host:port} as {@code ssl} says (its
     * handshake timeout applies; its host name settings do not, servers check none).
     *
     * @param handler the coroutine function run per client
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param ssl the TLS options
     * @return a coroutine whose result is the serving server
     * @apiNote Mirrors {@code asyncio.start_server(cb, host, port, ssl=context,
     *     ssl_handshake_timeout=...)}.
     */
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port, SslOptions ssl) {
        return startServer(handler, host, port, ssl, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * A coroutine that starts listening on {@code host:port}, over TLS unless {@code ssl} is
     * null, with the given reader limit.
     *
     * @param handler the coroutine function run per client
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param ssl the TLS options, or null for plain TCP
     * @param limit the readers' buffer limit
     * @return a coroutine whose result is the serving server
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @apiNote Mirrors {@code asyncio.start_server(cb, host, port, limit=limit, ssl=...)}.
     */
    public static Coroutine<Server> startServer(
            ClientConnected handler, String host, int port, SslOptions ssl, int limit) {
        return startServer(handler, host, port, ssl, limit, SocketStreams.DEFAULT_BACKLOG);
    }

    /**
     * A coroutine that starts listening on {@code host:port} with the given reader limit and
     * listen backlog. A server that expects thousands of clients to connect at once needs a
     * backlog larger than the default 100: when the kernel's accept queue is full it drops the
     * connection request, and the client retries only a second or more later.
     *
     * @param handler the coroutine function run per client
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param limit the readers' buffer limit
     * @param backlog how many connections the kernel queues for accepting; it caps the value
     *     (at {@code net.core.somaxconn} on Linux)
     * @return a coroutine whose result is the serving server
     * @throws IllegalArgumentException if {@code limit} or {@code backlog} is not positive
     * @apiNote Mirrors {@code asyncio.start_server(cb, host, port, limit=limit,
     *     backlog=backlog)}.
     */
    public static Coroutine<Server> startServer(
            ClientConnected handler, String host, int port, int limit, int backlog) {
        return startServer(handler, host, port, null, limit, backlog);
    }

    /**
     * A coroutine that starts listening on {@code host:port}, over TLS unless {@code ssl} is
     * null, with the given reader limit and listen backlog.
     *
     * @param handler the coroutine function run per client
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param ssl the TLS options, or null for plain TCP
     * @param limit the readers' buffer limit
     * @param backlog how many connections the kernel queues for accepting
     * @return a coroutine whose result is the serving server
     * @throws IllegalArgumentException if {@code limit} or {@code backlog} is not positive
     * @apiNote Mirrors {@code asyncio.start_server(cb, host, port, limit=limit, ssl=...,
     *     backlog=backlog)}.
     */
    public static Coroutine<Server> startServer(
            ClientConnected handler, String host, int port, SslOptions ssl, int limit, int backlog) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(host, "host");
        checkLimit(limit);
        if (backlog <= 0) {
            throw new IllegalArgumentException("Streams.startServer: backlog must be positive, got " + backlog);
        }
        return SocketStreams.listen(
                "Streams.startServer",
                host,
                port,
                new ServerOptions(ssl, backlog),
                () -> new StreamReaderProtocol(limit, handler));
    }

    /**
     * A coroutine that starts listening on {@code host:port} with all of
     * {@link ServerOptions}: TLS, backlog, {@code SO_REUSEPORT}, and whether to accept at once
     * or only from {@link Server#startServing()}.
     *
     * @param handler the coroutine function run per client
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param options TLS, backlog, {@code reusePort} and {@code startServing}
     * @param limit the readers' buffer limit
     * @return a coroutine whose result is the server; it throws
     *     {@link IllegalArgumentException} if {@code reusePort} is asked for where the platform
     *     lacks {@code SO_REUSEPORT}
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @apiNote Mirrors {@code asyncio.start_server(cb, host, port, limit=limit, ssl=...,
     *     backlog=..., reuse_port=..., start_serving=...)}.
     */
    public static Coroutine<Server> startServer(
            ClientConnected handler, String host, int port, ServerOptions options, int limit) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        checkLimit(limit);
        return SocketStreams.listen(
                "Streams.startServer", host, port, options, () -> new StreamReaderProtocol(limit, handler));
    }

    /**
     * Starts one stream server on each loop of {@code group}, all listening on
     * {@code host:port} with {@code SO_REUSEPORT}, so the kernel spreads the clients over the
     * loops (see {@link EventLoopGroup}). Each client is served by a task of the loop that
     * accepted it, from start to end.
     *
     * @param group the loops
     * @param handler the coroutine function run per client, on the loop that accepted it (so
     *     called from every loop's thread)
     * @param host the address to bind; with port 0 it should name one address
     * @param port the port; 0 picks a free one, the same for every loop
     * @param options TLS and backlog (per loop); {@code reusePort} is set whatever it says
     * @param limit the readers' buffer limit
     * @return a stage with the servers, in loop order; it fails with
     *     {@link IllegalArgumentException} where the platform lacks {@code SO_REUSEPORT}, or
     *     with the error of a bind
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @throws IllegalStateException if the group is closed
     * @apiNote Mirrors {@code asyncio.start_server(cb, host, port, reuse_port=True)} run in
     *     each of N processes.
     */
    public static CompletableFuture<List<Server>> startServer(
            EventLoopGroup group, ClientConnected handler, String host, int port, ServerOptions options, int limit) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(host, "host");
        checkLimit(limit);
        ServerOptions reusing = options.withReusePort(true);
        return group.serveOnEach(port, p -> startServer(handler, host, p, reusing, limit));
    }

    /**
     * A coroutine that connects to the Unix domain socket at {@code path}.
     *
     * @param path the socket file
     * @return a coroutine whose result is the connection; it throws
     *     {@link java.net.SocketException} (or a subclass) if nothing listens there
     * @apiNote Mirrors {@code asyncio.open_unix_connection(path)}.
     */
    public static Coroutine<Connection> openUnixConnection(Path path) {
        return openUnixConnection(path, null, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * A coroutine that connects to the Unix domain socket at {@code path}, over TLS unless
     * {@code ssl} is null, with the given reader limit. Cancelling it closes the socket.
     *
     * @param path the socket file
     * @param ssl the TLS options, or null; with host name checking on they must name the
     *     server ({@link SslOptions#withServerHostname})
     * @param limit the reader's buffer limit
     * @return a coroutine whose result is the connection
     * @throws IllegalArgumentException if {@code limit} is not positive, or TLS checks host
     *     names and no server host name is given
     * @apiNote Mirrors {@code asyncio.open_unix_connection(path, limit=limit, ssl=...,
     *     server_hostname=...)}.
     */
    public static Coroutine<Connection> openUnixConnection(Path path, SslOptions ssl, int limit) {
        Objects.requireNonNull(path, "path");
        checkLimit(limit);
        SocketStreams.checkUnixSsl(ssl, "Streams.openUnixConnection", path);
        return SocketStreams.connect(
                "Streams.openUnixConnection",
                null,
                -1,
                path,
                ssl,
                () -> new StreamReaderProtocol(limit, null),
                Streams::connection);
    }

    /**
     * A coroutine that starts listening on the Unix domain socket {@code path}. A stale socket
     * file left there by an earlier process is removed first; the file is removed again when
     * the server is closed (if it is still the one this server created).
     *
     * @param handler the coroutine function run per client
     * @param path where to create the socket file
     * @return a coroutine whose result is the serving server; it throws
     *     {@link BindException} if the path exists and is not a socket, or is in use
     * @apiNote Mirrors {@code asyncio.start_unix_server(cb, path)} (with Python 3.13's
     *     {@code cleanup_socket=True}).
     */
    public static Coroutine<Server> startUnixServer(ClientConnected handler, Path path) {
        return startUnixServer(handler, path, null, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * A coroutine that starts listening on the Unix domain socket {@code path}, over TLS unless
     * {@code ssl} is null, with the given reader limit.
     *
     * @param handler the coroutine function run per client
     * @param path where to create the socket file
     * @param ssl the TLS options, or null
     * @param limit the readers' buffer limit
     * @return a coroutine whose result is the serving server
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @apiNote Mirrors {@code asyncio.start_unix_server(cb, path, limit=limit, ssl=...)}.
     */
    public static Coroutine<Server> startUnixServer(ClientConnected handler, Path path, SslOptions ssl, int limit) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(path, "path");
        checkLimit(limit);
        return SocketStreams.listenUnix(
                "Streams.startUnixServer",
                path,
                new ServerOptions(ssl, SocketStreams.DEFAULT_BACKLOG),
                () -> new StreamReaderProtocol(limit, handler));
    }

    static IOException asIo(Throwable t) {
        return t instanceof IOException io ? io : new IOException(t);
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
