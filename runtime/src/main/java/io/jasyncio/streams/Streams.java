package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
    private Streams() {
    }

    /**
     * The two halves of a connection.
     *
     * @param reader the incoming bytes
     * @param writer the outgoing bytes
     * @apiNote Mirrors the {@code (reader, writer)} tuple of {@code open_connection}.
     */
    public record Connection(StreamReader reader, StreamWriter writer) {
    }

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
        return openConnection(host, port, null, limit);
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
    public static Coroutine<Connection> openConnection(String host, int port, SslOptions ssl,
            int limit) {
        Objects.requireNonNull(host, "host");
        checkLimit(limit);
        Object[] s = new Object[5]; // addresses, index, channel, last error, connection started
        return new Waiting<>("Streams.openConnection", (v, e) -> {
            EventLoop loop = Asyncio.getRunningLoop();
            if (s[4] != null) {
                if (e != null) {
                    throw e;
                }
                return v;
            }
            if (s[0] == null) {
                if (e != null) {
                    throw e;
                }
                if (v == null) {
                    return loop.getaddrinfo(host, port);
                }
                s[0] = v;
                s[1] = 0;
            } else {
                SocketChannel ch = (SocketChannel) s[2];
                if (e == null) {
                    s[4] = Boolean.TRUE;
                    return connection(loop, ch, host, port,
                            ssl == null ? null : TlsLayer.client(ssl, host, port), limit);
                }
                closeQuietly(ch);
                s[2] = null;
                if (!(e instanceof IOException)) {
                    throw e; // cancelled
                }
                s[3] = e;
            }
            @SuppressWarnings("unchecked")
            List<InetSocketAddress> addresses = (List<InetSocketAddress>) s[0];
            int i = (Integer) s[1];
            if (i >= addresses.size()) {
                throw s[3] != null ? (Throwable) s[3]
                        : new java.net.UnknownHostException("no address for " + host);
            }
            s[1] = i + 1;
            SocketChannel ch = SocketChannel.open();
            s[2] = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return loop.sockConnect(ch, addresses.get(i));
        });
    }

    /**
     * The last step of every client: a transport on the connected channel, and with TLS a
     * coroutine that waits for the handshake (aborting the connection if it fails or is
     * cancelled) before handing the connection out.
     */
    private static Object connection(EventLoop loop, SocketChannel ch, String host, int port,
            TlsLayer tls, int limit) {
        SocketTransport t;
        try {
            t = new SocketTransport(loop, ch, limit, tls);
            t.host = host;
            t.port = port;
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
        Connection c = new Connection(t.reader, new StreamWriter(t));
        if (tls == null) {
            return c;
        }
        return handshake("Streams.sslHandshake", t, c);
    }

    /**
     * A coroutine that waits for {@code t}'s handshake and then returns {@code result}; if the
     * handshake fails or the wait is cancelled, the connection is aborted.
     */
    static <T> Waiting<T> handshake(String name, SocketTransport t, T result) {
        TlsLayer tls = t.tls;
        boolean[] waited = new boolean[1];
        return new Waiting<T>(name, (v, e) -> {
            if (e != null) {
                t.abort(null);
                throw e;
            }
            if (waited[0]) {
                return result;
            }
            waited[0] = true;
            return tls.handshake();
        });
    }

    private static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
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
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port,
            int limit) {
        return startServer(handler, host, port, null, limit);
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
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port,
            SSLContext ssl) {
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
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port,
            SslOptions ssl) {
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
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port,
            SslOptions ssl, int limit) {
        return startServer(handler, host, port, ssl, limit, DEFAULT_BACKLOG);
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
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port,
            int limit, int backlog) {
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
    public static Coroutine<Server> startServer(ClientConnected handler, String host, int port,
            SslOptions ssl, int limit, int backlog) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(host, "host");
        checkLimit(limit);
        if (backlog <= 0) {
            throw new IllegalArgumentException("Streams.startServer: backlog must be positive, got "
                    + backlog);
        }
        return new Waiting<>("Streams.startServer", (v, e) -> {
            if (e != null) {
                throw e;
            }
            EventLoop loop = Asyncio.getRunningLoop();
            if (v == null) {
                return loop.getaddrinfo(host, port);
            }
            @SuppressWarnings("unchecked")
            List<InetSocketAddress> addresses = (List<InetSocketAddress>) v;
            List<ServerSocketChannel> bound = new ArrayList<>();
            try {
                for (InetSocketAddress a : addresses) {
                    ServerSocketChannel s = ServerSocketChannel.open();
                    bound.add(s);
                    s.configureBlocking(false);
                    s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    bind(s, a, a, backlog);
                }
            } catch (Throwable t) {
                bound.forEach(Streams::closeQuietly);
                throw t;
            }
            return new Server(loop, handler, limit, bound, ssl, null);
        });
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
        if (ssl != null && ssl.checkHostname() && ssl.serverHostname() == null) {
            throw new IllegalArgumentException("You must set server_hostname when using ssl "
                    + "without a host (Streams.openUnixConnection " + path + ")");
        }
        SocketChannel[] ch = new SocketChannel[1];
        return new Waiting<>("Streams.openUnixConnection", (v, e) -> {
            EventLoop loop = Asyncio.getRunningLoop();
            if (ch[0] == null) {
                if (e != null) {
                    throw e;
                }
                ch[0] = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch[0].configureBlocking(false);
                    return loop.sockConnect(ch[0], UnixDomainSocketAddress.of(path));
                } catch (Throwable t) {
                    closeQuietly(ch[0]);
                    throw t;
                }
            }
            if (e != null) {
                closeQuietly(ch[0]);
                throw e;
            }
            if (v instanceof Connection) {
                return v;
            }
            // The connection, or with TLS the handshake coroutine to await for it.
            return connection(loop, ch[0], null, -1,
                    ssl == null ? null : TlsLayer.client(ssl, null, -1), limit);
        });
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
    public static Coroutine<Server> startUnixServer(ClientConnected handler, Path path,
            SslOptions ssl, int limit) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(path, "path");
        checkLimit(limit);
        return new Waiting<>("Streams.startUnixServer", (v, e) -> {
            if (e != null) {
                throw e;
            }
            EventLoop loop = Asyncio.getRunningLoop();
            removeStaleSocket(path);
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            Object fileKey;
            try {
                s.configureBlocking(false);
                bind(s, UnixDomainSocketAddress.of(path), path, DEFAULT_BACKLOG);
                fileKey = Files.readAttributes(path, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey();
            } catch (Throwable t) {
                closeQuietly(s);
                throw t;
            }
            Server server = new Server(loop, handler, limit, List.of(s), ssl, path);
            server.removeOnClose(fileKey);
            return server;
        });
    }

    /** Binds with asyncio's backlog of 100, naming the address in a failure. */
    /** asyncio's default listen backlog. */
    private static final int DEFAULT_BACKLOG = 100;

    private static void bind(ServerSocketChannel s, java.net.SocketAddress address, Object name,
            int backlog) throws IOException {
        try {
            s.bind(address, backlog);
        } catch (BindException be) {
            BindException clear = new BindException("error while attempting to bind on address "
                    + name + ": " + be.getMessage());
            clear.initCause(be);
            throw clear;
        }
    }

    /** Removes {@code path} if it is a socket, as asyncio's create_unix_server does. */
    private static void removeStaleSocket(Path path) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (a.isOther() && isSocket(path)) {
                Files.deleteIfExists(path);
            }
        } catch (java.nio.file.NoSuchFileException absent) {
            // Nothing to clean up.
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & 0170000) == 0140000; // S_IFSOCK
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return true; // isOther() already ruled out files, directories and links
        }
    }

    static void closeQuietly(java.nio.channels.Channel c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // Discarding a socket that failed to connect or bind; its error was already kept.
        }
    }

    static IOException asIo(Throwable t) {
        return t instanceof IOException ? (IOException) t : new IOException(t);
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

}
