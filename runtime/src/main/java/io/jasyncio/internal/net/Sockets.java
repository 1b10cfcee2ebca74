package io.jasyncio.internal.net;

import io.jasyncio.Asyncio;
import io.jasyncio.BaseProtocol;
import io.jasyncio.Connected;
import io.jasyncio.ConnectionOptions;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Server;
import io.jasyncio.ServerOptions;
import io.jasyncio.SslOptions;
import io.jasyncio.Transport;
import io.jasyncio.internal.handwritten.LambdaCoroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Where {@link EventLoop#createConnection}, {@link EventLoop#createServer},
 * {@link EventLoop#createUnixConnection} and {@link EventLoop#createUnixServer} do their work,
 * and the streams package its own (through {@link SocketStreams}): resolve the host on the loop's default executor, connect to each
 * address in turn or bind every one, and put a {@link SocketTransport} on each connection with
 * the protocol the factory makes. Call the {@code EventLoop} methods rather than these.
 *
 * @apiNote Mirrors the socket half of asyncio's {@code BaseEventLoop.create_connection} and
 *     {@code create_server}, and of {@code _UnixSelectorEventLoop.create_unix_connection} and
 *     {@code create_unix_server}.
 */
public final class Sockets {
    /** asyncio's default listen backlog. */
    static final int DEFAULT_BACKLOG = 100;

    private Sockets() {}

    /**
     * What {@link EventLoop#createConnection(Supplier, String, int, ConnectionOptions)} does, on
     * {@code loop}.
     *
     * @param loop the loop the connection lives on
     * @param protocolFactory makes the connection's protocol once the socket is connected
     * @param host a host name or a literal address
     * @param port the port
     * @param options TLS, or {@link ConnectionOptions#DEFAULTS}
     * @param <P> the protocol's type
     * @return a future (a task of {@code loop}) with the transport and the protocol
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_connection(protocol_factory, host, port, ssl=...)}.
     */
    public static <P extends BaseProtocol> Future<Connected<P>> createConnection(
            EventLoop loop, Supplier<? extends P> protocolFactory, String host, int port, ConnectionOptions options) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        return loop.createTask(new LambdaCoroutine<>(
                "EventLoop.createConnection",
                new Connect<Connected<P>>(host, port, options, protocolFactory, Sockets::pair)));
    }

    /**
     * What {@link EventLoop#createUnixConnection(Supplier, Path, ConnectionOptions)} does, on
     * {@code loop}.
     *
     * @param loop the loop the connection lives on
     * @param protocolFactory makes the connection's protocol once the socket is connected
     * @param path the socket file
     * @param options TLS, or {@link ConnectionOptions#DEFAULTS}
     * @param <P> the protocol's type
     * @return a future (a task of {@code loop}) with the transport and the protocol
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if TLS checks host names and no server host name is set
     * @apiNote Mirrors {@code loop.create_unix_connection(protocol_factory, path, ssl=...)}.
     */
    public static <P extends BaseProtocol> Future<Connected<P>> createUnixConnection(
            EventLoop loop, Supplier<? extends P> protocolFactory, Path path, ConnectionOptions options) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        checkUnixSsl(options.ssl(), "EventLoop.createUnixConnection", path);
        checkUnixOptions(options, "EventLoop.createUnixConnection");
        return loop.createTask(new LambdaCoroutine<>(
                "EventLoop.createUnixConnection",
                new Connect<Connected<P>>(null, -1, path, options.ssl(), protocolFactory, Sockets::pair)));
    }

    /**
     * What {@link EventLoop#createServer(Supplier, String, int, ServerOptions)} does, on
     * {@code loop}.
     *
     * @param loop the loop the server and its connections live on
     * @param protocolFactory makes each client's protocol when it is accepted
     * @param host the address to bind; every resolved address is bound
     * @param port the port; 0 picks a free one
     * @param options TLS and backlog, or {@link ServerOptions#DEFAULTS}
     * @return a future (a task of {@code loop}) with the serving server
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_server(protocol_factory, host, port, ssl=...,
     *     backlog=...)}.
     */
    public static Future<Server> createServer(
            EventLoop loop,
            Supplier<? extends BaseProtocol> protocolFactory,
            String host,
            int port,
            ServerOptions options) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(options, "options");
        return loop.createTask(listen("EventLoop.createServer", host, port, options, protocolFactory));
    }

    /**
     * What {@link EventLoop#createUnixServer(Supplier, Path, ServerOptions)} does, on
     * {@code loop}.
     *
     * @param loop the loop the server and its connections live on
     * @param protocolFactory makes each client's protocol when it is accepted
     * @param path where to create the socket file
     * @param options TLS and backlog, or {@link ServerOptions#DEFAULTS}
     * @return a future (a task of {@code loop}) with the serving server
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code loop.create_unix_server(protocol_factory, path, ssl=...,
     *     backlog=...)}.
     */
    public static Future<Server> createUnixServer(
            EventLoop loop, Supplier<? extends BaseProtocol> protocolFactory, Path path, ServerOptions options) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(options, "options");
        return loop.createTask(listenUnix("EventLoop.createUnixServer", path, options, protocolFactory));
    }

    /**
     * What {@link EventLoop#startTls(Transport, BaseProtocol, SslOptions, boolean,
     * String)} does, on {@code loop}: hands {@code transport}'s socket to a new TLS transport
     * for {@code protocol} at once (so the loop reads none of the peer's handshake as plain
     * data), and returns a task that waits for the handshake.
     *
     * @param loop the loop the connection lives on
     * @param transport a plain transport made by this loop's socket methods
     * @param protocol the protocol the new transport drives (usually the one it had)
     * @param ssl the TLS options
     * @param serverSide true to take the server's side of the handshake
     * @param serverHostname the name a client checks and sends as SNI; null for the options'
     *     name, or else the host the connection was made to
     * @return a future (a task of {@code loop}) with the new transport once the handshake is
     *     done; it fails with the handshake's error (the connection is then closed), and
     *     cancelling it aborts the connection
     * @throws NullPointerException if {@code loop}, {@code transport}, {@code protocol} or
     *     {@code ssl} is null
     * @throws IllegalArgumentException if {@code transport} is not a socket transport of
     *     {@code loop}, carries a stream, or a client checks host names and has no name to check
     * @throws IllegalStateException if the transport already uses TLS, was detached by an
     *     earlier upgrade, is closing or is half-closed
     * @apiNote Mirrors {@code loop.start_tls(transport, protocol, sslcontext, server_side=...,
     *     server_hostname=..., ssl_handshake_timeout=...)}.
     */
    public static Future<Transport> startTls(
            EventLoop loop,
            Transport transport,
            BaseProtocol protocol,
            SslOptions ssl,
            boolean serverSide,
            String serverHostname) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(ssl, "ssl");
        if (!(transport instanceof SocketTransport t) || t.loop != loop) {
            throw new IllegalArgumentException("EventLoop.startTls: transport " + transport
                    + " is not supported by startTls (it needs a socket transport of this loop)");
        }
        SocketTransport old = (SocketTransport) transport;
        if (old.getProtocol() instanceof SocketStreams.StreamProtocol
                || protocol instanceof SocketStreams.StreamProtocol) {
            throw new IllegalArgumentException("EventLoop.startTls: " + transport + " carries a "
                    + "stream; upgrade it with StreamWriter.startTls, which keeps the stream's "
                    + "reader and writer on the connection");
        }
        SslOptions options = serverHostname != null ? ssl.withServerHostname(serverHostname) : ssl;
        if (!serverSide && old.host == null && options.checkHostname() && options.serverHostname() == null) {
            throw new IllegalArgumentException("EventLoop.startTls: you must set server_hostname "
                    + "when using ssl without a host (" + transport + ")");
        }
        TlsLayer layer = serverSide ? TlsLayer.server(options) : TlsLayer.client(options, old.host, old.port);
        SocketTransport next = old.upgrade(protocol, layer);
        next.serverSide = serverSide;
        return loop.createTask(handshake("EventLoop.startTls", next, (Transport) next));
    }

    /**
     * What {@link EventLoop#createConnection(Supplier, SocketChannel, ConnectionOptions)} does
     * ({@code serverSide} false) and what {@link EventLoop#connectAcceptedSocket} does
     * ({@code serverSide} true), on {@code loop}: checks the channel, switches it to
     * non-blocking mode, and puts a transport and the factory's protocol on it.
     *
     * @param loop the loop the connection lives on
     * @param protocolFactory makes the connection's protocol
     * @param channel a connected TCP or Unix domain socket channel
     * @param options TLS, or {@link ConnectionOptions#DEFAULTS}
     * @param serverSide true for a socket accepted elsewhere: TLS takes the server's side
     * @param <P> the protocol's type
     * @return a future (a task of {@code loop}) with the transport and the protocol, once the
     *     protocol heard {@code connectionMade} (over TLS: once the handshake is done; if it
     *     fails, the future fails and the channel is closed); cancelling it aborts the
     *     connection
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the channel is closed or not connected, or a client
     *     over TLS checks host names and the options name no server
     * @throws java.io.UncheckedIOException if the channel cannot be made non-blocking
     * @apiNote Mirrors {@code loop.create_connection(protocol_factory, sock=sock, ssl=...)} and
     *     {@code loop.connect_accepted_socket(protocol_factory, sock, ssl=...)}.
     */
    public static <P extends BaseProtocol> Future<Connected<P>> connectSocket(
            EventLoop loop,
            Supplier<? extends P> protocolFactory,
            SocketChannel channel,
            ConnectionOptions options,
            boolean serverSide) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(options, "options");
        String method = serverSide ? "EventLoop.connectAcceptedSocket" : "EventLoop.createConnection";
        if (!channel.isOpen()) {
            throw new IllegalArgumentException(method + ": the channel is closed: " + channel);
        }
        if (!channel.isConnected()) {
            throw new IllegalArgumentException(method + ": the channel is not connected"
                    + (channel.isConnectionPending() ? " (its connect is still pending)" : "")
                    + ": " + channel + "; connect it first, or pass a host and port");
        }
        SslOptions ssl = options.ssl();
        if (ssl != null && !serverSide && ssl.checkHostname() && ssl.serverHostname() == null) {
            throw new IllegalArgumentException(method + ": you must set server_hostname when "
                    + "using ssl without a host (SslOptions.withServerHostname), for " + channel);
        }
        SocketAddress remote;
        try {
            channel.configureBlocking(false); // asyncio's sock.setblocking(False)
            remote = channel.getRemoteAddress();
            if (remote instanceof InetSocketAddress) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + ": cannot use " + channel, e);
        }
        int port = remote instanceof InetSocketAddress inet ? inet.getPort() : -1;
        SocketTransport[] made = new SocketTransport[1];
        BaseProtocol[] protocol = new BaseProtocol[1];
        return loop.createTask(new LambdaCoroutine<Connected<P>>(method, (v, e) -> {
            SocketTransport t = made[0];
            if (t != null) {
                if (e != null) {
                    t.abort(null);
                    throw e;
                }
                return pair(t, protocol[0]);
            }
            if (e != null) {
                closeQuietly(channel);
                throw e;
            }
            EventLoop running = Asyncio.getRunningLoop();
            try {
                protocol[0] = Objects.requireNonNull(protocolFactory.get(), "the protocol factory returned null");
                TlsLayer tls =
                        ssl == null ? null : serverSide ? TlsLayer.server(ssl) : TlsLayer.client(ssl, null, port);
                Future<Void> waiter = tls == null ? running.createFuture() : null;
                t = new SocketTransport(running, channel, protocol[0], tls, waiter);
                t.serverSide = serverSide;
                t.port = port;
                made[0] = t;
                return tls == null ? waiter : tls.handshake();
            } catch (RuntimeException ex) {
                closeQuietly(channel);
                throw ex;
            }
        }));
    }

    /**
     * What {@link EventLoop#createServer(Supplier, ServerSocketChannel, ServerOptions)} does,
     * on {@code loop}: checks the channel, switches it to non-blocking mode and serves it.
     *
     * @param loop the loop the server and its connections live on
     * @param protocolFactory makes each client's protocol when it is accepted
     * @param channel a bound (hence listening) TCP or Unix domain server socket channel
     * @param options TLS; the backlog is the one the channel was bound with
     * @return a future (a task of {@code loop}) with the serving server, which owns the
     *     channel from then on (closing the server closes it)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the channel is closed or not bound
     * @throws java.io.UncheckedIOException if the channel cannot be made non-blocking
     * @apiNote Mirrors {@code loop.create_server(protocol_factory, sock=sock, ssl=...)}.
     */
    public static Future<Server> serveSocket(
            EventLoop loop,
            Supplier<? extends BaseProtocol> protocolFactory,
            ServerSocketChannel channel,
            ServerOptions options) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(options, "options");
        if (!channel.isOpen()) {
            throw new IllegalArgumentException("EventLoop.createServer: the channel is closed: " + channel);
        }
        try {
            if (channel.getLocalAddress() == null) {
                throw new IllegalArgumentException("EventLoop.createServer: the channel is not "
                        + "bound (so not listening): " + channel + "; bind it first, or pass a "
                        + "host and port");
            }
            channel.configureBlocking(false); // asyncio's sock.setblocking(False)
        } catch (IOException e) {
            throw new UncheckedIOException("EventLoop.createServer: cannot use " + channel, e);
        }
        SslOptions ssl = options.ssl();
        return loop.createTask(new LambdaCoroutine<Server>("EventLoop.createServer", (v, e) -> {
            if (e != null) {
                throw e;
            }
            return new SocketServer(
                    Asyncio.getRunningLoop(), protocolFactory, List.of(channel), ssl, null, options.startServing());
        }));
    }

    @SuppressWarnings("unchecked")
    private static <P extends BaseProtocol> Connected<P> pair(SocketTransport t, BaseProtocol p) {
        return new Connected<>(t, (P) p);
    }

    static void checkUnixSsl(SslOptions ssl, String method, Path path) {
        if (ssl != null && ssl.checkHostname() && ssl.serverHostname() == null) {
            throw new IllegalArgumentException(
                    "You must set server_hostname when using ssl " + "without a host (" + method + " " + path + ")");
        }
    }

    /** asyncio's create_unix_connection has neither local_addr nor happy eyeballs. */
    static void checkUnixOptions(ConnectionOptions options, String method) {
        if (options.localAddr() != null || options.happyEyeballsDelay() != null || options.interleave() != 0) {
            throw new IllegalArgumentException(method + ": localAddr, happyEyeballsDelay and interleave are for "
                    + "TCP connections, not Unix domain sockets");
        }
    }

    /**
     * Binds a client socket to {@code local} before it connects to {@code remote}, as asyncio's
     * {@code _connect_sock} does with {@code local_addr}.
     */
    static void bindLocal(SocketChannel ch, InetSocketAddress local, SocketAddress remote) throws IOException {
        if (remote instanceof InetSocketAddress r
                && (r.getAddress() instanceof Inet6Address) != (local.getAddress() instanceof Inet6Address)) {
            throw new IOException("no matching local address with family=<AddressFamily."
                    + (r.getAddress() instanceof Inet6Address ? "AF_INET6: 10>" : "AF_INET: 2>") + " found");
        }
        try {
            ch.bind(local);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().toLowerCase(Locale.ROOT);
            IOException clear = e instanceof BindException
                    ? new BindException("error while attempting to bind on address " + local + ": " + why)
                    : new IOException("error while attempting to bind on address " + local + ": " + why);
            clear.initCause(e);
            throw clear;
        }
    }

    /**
     * What {@code create_connection} raises when every address failed: the one error, or the
     * first if all say the same, else one naming them all ("Multiple exceptions: ...").
     */
    static Throwable combine(List<Throwable> errors) {
        if (errors.isEmpty()) {
            return new IOException("no address to connect to");
        }
        Throwable first = errors.get(0);
        String model = String.valueOf(first.getMessage());
        boolean same = true;
        StringBuilder all = new StringBuilder("Multiple exceptions: ");
        for (int i = 0; i < errors.size(); i++) {
            String m = String.valueOf(errors.get(i).getMessage());
            same &= m.equals(model);
            all.append(i == 0 ? "" : ", ").append(m);
        }
        if (same) {
            return first;
        }
        IOException multiple = new IOException(all.toString());
        errors.forEach(multiple::addSuppressed);
        return multiple;
    }

    /** Closes a channel being discarded (one that failed to connect or bind), ignoring errors. */
    static void closeQuietly(Channel c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // Discarding a socket that failed to connect or bind; its error was already kept.
        }
    }

    /**
     * A coroutine that waits for {@code t}'s handshake and then returns {@code result}; if the
     * handshake fails or the wait is cancelled, the connection is aborted.
     */
    static <T> LambdaCoroutine<T> handshake(String name, SocketTransport t, T result) {
        TlsLayer tls = t.tls;
        boolean[] waited = new boolean[1];
        return new LambdaCoroutine<T>(name, (v, e) -> {
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

    // ---- connecting

    /**
     * The step of every client's coroutine: resolve (TCP), try each address in turn, then put
     * a transport and the factory's protocol on the connected socket and wait for the protocol
     * to be told {@code connectionMade} (for TLS: for the handshake). Cancelling it closes the
     * socket being connected, or aborts the connection being set up.
     */
    static final class Connect<R> implements LambdaCoroutine.Step {
        private final String host;
        private final int port;
        private final Path path;
        private final SslOptions ssl;
        private final InetSocketAddress local;
        private final Duration delay;
        private final int interleave;
        private final Supplier<? extends BaseProtocol> factory;
        private final BiFunction<SocketTransport, BaseProtocol, R> result;
        private Future<SocketChannel> race;
        private List<? extends SocketAddress> addresses;
        private int next;
        private SocketChannel channel;
        private Throwable lastError;
        private SocketTransport transport;
        private BaseProtocol protocol;

        /** For TCP: {@code host} and {@code port}; for a Unix socket: {@code path}. */
        Connect(
                String host,
                int port,
                Path path,
                SslOptions ssl,
                Supplier<? extends BaseProtocol> factory,
                BiFunction<SocketTransport, BaseProtocol, R> result) {
            this.host = host;
            this.port = port;
            this.path = path;
            this.ssl = ssl;
            this.local = null;
            this.delay = null;
            this.interleave = 0;
            this.factory = factory;
            this.result = result;
        }

        /** For TCP with all of {@link ConnectionOptions}. */
        Connect(
                String host,
                int port,
                ConnectionOptions options,
                Supplier<? extends BaseProtocol> factory,
                BiFunction<SocketTransport, BaseProtocol, R> result) {
            this.host = host;
            this.port = port;
            this.path = null;
            this.ssl = options.ssl();
            this.local = options.localAddr();
            this.delay = options.happyEyeballsDelay();
            this.interleave = delay != null && options.interleave() == 0 ? 1 : options.interleave();
            this.factory = factory;
            this.result = result;
        }

        @Override
        public Object step(Object v, Throwable e) throws Throwable {
            EventLoop loop = Asyncio.getRunningLoop();
            if (transport != null) {
                if (e != null) {
                    transport.abort(null);
                    throw e;
                }
                return result.apply(transport, protocol);
            }
            if (race != null) {
                if (e != null) {
                    if (race.done() && !race.cancelled() && race.exception() == null) {
                        closeQuietly(race.result()); // won, but this connect was cancelled meanwhile
                    }
                    throw e;
                }
                channel = (SocketChannel) v;
                race = null;
                return established(loop);
            }
            if (channel != null) {
                if (e == null) {
                    return established(loop);
                }
                closeQuietly(channel);
                channel = null;
                if (!(e instanceof IOException)) {
                    throw e; // cancelled
                }
                lastError = e;
            } else if (addresses == null) {
                if (e != null) {
                    throw e;
                }
                if (path != null) {
                    addresses = List.of(UnixDomainSocketAddress.of(path));
                } else if (v == null) {
                    return loop.getaddrinfo(host, port);
                } else {
                    @SuppressWarnings("unchecked")
                    List<InetSocketAddress> resolved = (List<InetSocketAddress>) v;
                    addresses = interleave > 0 ? HappyEyeballs.interleave(resolved, interleave) : resolved;
                    if (delay != null && !addresses.isEmpty()) {
                        race = HappyEyeballs.race(loop, addresses, delay.toNanos() / 1e9, local);
                        return race;
                    }
                }
            }
            if (next >= addresses.size()) {
                throw lastError != null ? lastError : new UnknownHostException("no address for " + host);
            }
            SocketAddress a = addresses.get(next++);
            SocketChannel ch = path != null ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            channel = ch;
            try {
                ch.configureBlocking(false);
                if (path == null) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                if (local != null) {
                    bindLocal(ch, local, a);
                }
                return loop.sockConnect(ch, a);
            } catch (IOException t) {
                // asyncio's _connect_sock: a failed bind is that address's error; try the next.
                closeQuietly(ch);
                channel = null;
                lastError = t;
                return step(null, null);
            } catch (Throwable t) {
                closeQuietly(ch);
                channel = null;
                throw t;
            }
        }

        private Object established(EventLoop loop) {
            SocketChannel ch = channel;
            try {
                protocol = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
                TlsLayer tls = ssl == null ? null : TlsLayer.client(ssl, host, port);
                Future<Void> waiter = tls == null ? loop.createFuture() : null;
                transport = new SocketTransport(loop, ch, protocol, tls, waiter);
                transport.host = host;
                transport.port = port;
                return tls == null ? waiter : tls.handshake();
            } catch (RuntimeException ex) {
                closeQuietly(ch);
                throw ex;
            }
        }
    }

    // ---- listening

    /** A coroutine that binds every address of {@code host} and serves them. */
    static LambdaCoroutine<Server> listen(
            String name, String host, int port, ServerOptions options, Supplier<? extends BaseProtocol> factory) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        int backlog = options.backlog();
        checkBacklog(name, backlog);
        return new LambdaCoroutine<>(name, (v, e) -> {
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
                    if (options.reusePort()) {
                        setReusePort(name, s);
                    }
                    bind(s, a, a, backlog);
                }
            } catch (Throwable t) {
                bound.forEach(Sockets::closeQuietly);
                throw t;
            }
            return new SocketServer(loop, factory, bound, options.ssl(), null, options.startServing());
        });
    }

    /** A coroutine that listens on the Unix domain socket {@code path} and serves it. */
    static LambdaCoroutine<Server> listenUnix(
            String name, Path path, ServerOptions options, Supplier<? extends BaseProtocol> factory) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        int backlog = options.backlog();
        checkBacklog(name, backlog);
        if (options.reusePort()) {
            // asyncio's create_unix_server has no reuse_port either.
            throw new IllegalArgumentException(name + ": reuse_port is not supported for Unix domain sockets");
        }
        return new LambdaCoroutine<>(name, (v, e) -> {
            if (e != null) {
                throw e;
            }
            EventLoop loop = Asyncio.getRunningLoop();
            removeStaleSocket(path);
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            Object fileKey;
            try {
                s.configureBlocking(false);
                bind(s, UnixDomainSocketAddress.of(path), path, backlog);
                fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .fileKey();
            } catch (Throwable t) {
                closeQuietly(s);
                throw t;
            }
            SocketServer server =
                    new SocketServer(loop, factory, List.of(s), options.ssl(), path, options.startServing());
            server.removeOnClose(fileKey);
            return server;
        });
    }

    private static void checkBacklog(String name, int backlog) {
        if (backlog <= 0) {
            throw new IllegalArgumentException(name + ": backlog must be positive, got " + backlog);
        }
    }

    /**
     * Sets {@code SO_REUSEPORT}, or fails as asyncio does where the platform lacks it (Windows;
     * the JDK supports it on Linux, macOS and the BSDs).
     */
    static void setReusePort(String name, java.nio.channels.NetworkChannel s) throws IOException {
        if (!s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            throw new IllegalArgumentException(name + ": reuse_port not supported by socket module (SO_REUSEPORT "
                    + "is not available on " + System.getProperty("os.name") + ")");
        }
        s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
    }

    /** Binds, naming the address in a failure. */
    private static void bind(ServerSocketChannel s, SocketAddress address, Object name, int backlog)
            throws IOException {
        try {
            s.bind(address, backlog);
        } catch (BindException be) {
            BindException clear =
                    new BindException("error while attempting to bind on address " + name + ": " + be.getMessage());
            clear.initCause(be);
            throw clear;
        }
    }

    /** Removes {@code path} if it is a socket, as asyncio's create_unix_server does. */
    private static void removeStaleSocket(Path path) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isOther() && isSocket(path)) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException absent) {
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
}
