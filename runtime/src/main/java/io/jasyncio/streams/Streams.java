package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry points of the streams API: {@link #openConnection(String, int)} and
 * {@link #startServer(ClientConnected, String, int)}.
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
 * @apiNote Mirrors {@code asyncio.open_connection} and {@code asyncio.start_server}.
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
        Objects.requireNonNull(host, "host");
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        Object[] s = new Object[4]; // addresses, index, channel, last error
        return new Waiting<>("Streams.openConnection", (v, e) -> {
            EventLoop loop = Asyncio.getRunningLoop();
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
                    return connection(loop, ch, limit);
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

    private static Connection connection(EventLoop loop, SocketChannel ch, int limit) {
        SocketTransport t = new SocketTransport(loop, ch, limit);
        return new Connection(t.reader, new StreamWriter(t));
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
        return startServer(handler, host, port, limit, DEFAULT_BACKLOG);
    }

    /** asyncio's default listen backlog. */
    private static final int DEFAULT_BACKLOG = 100;

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
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(host, "host");
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
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
                    try {
                        s.bind(a, backlog);
                    } catch (BindException be) {
                        BindException clear = new BindException("error while attempting to bind on "
                                + "address " + a + ": " + be.getMessage());
                        clear.initCause(be);
                        throw clear;
                    }
                }
            } catch (Throwable t) {
                bound.forEach(Streams::closeQuietly);
                throw t;
            }
            return new Server(loop, handler, limit, bound);
        });
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
