package io.jasyncio.internal.net;

import io.jasyncio.BaseProtocol;
import io.jasyncio.ConnectionOptions;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Server;
import io.jasyncio.ServerOptions;
import io.jasyncio.SslOptions;
import io.jasyncio.Transport;
import io.jasyncio.internal.handwritten.LambdaCoroutine;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What the streams package needs of the socket machinery, and nothing more: connecting and
 * listening as coroutines that run inline in the caller's task (asyncio's {@code open_connection}
 * awaits {@code loop.create_connection} inline; {@link EventLoop#createConnection} returns a
 * task, which would cost a task and two loop iterations per connection), upgrading a stream's
 * own socket transport to TLS in place, and two facts about a socket transport.
 */
public final class SocketStreams {
    /** asyncio's default listen backlog. */
    public static final int DEFAULT_BACKLOG = Sockets.DEFAULT_BACKLOG;

    private SocketStreams() {}

    /**
     * Implemented by the protocol under a stream (asyncio's {@code StreamReaderProtocol}):
     * {@link EventLoop#startTls} refuses a connection that carries a stream, whose reader and
     * writer must move to TLS with it.
     */
    public interface StreamProtocol extends BaseProtocol {}

    /**
     * A coroutine that connects (resolving {@code host} off the loop thread and trying each
     * address, or to the Unix socket {@code path}), puts a socket transport and the factory's
     * protocol on the socket, waits for the TLS handshake if {@code ssl} is set, and returns what
     * {@code result} makes of the transport and the protocol. Cancelling it closes the socket.
     *
     * @param name the coroutine's name, for stack traces and messages
     * @param host the host, or null for a Unix socket
     * @param port the port, for a host
     * @param path the Unix socket, or null for a host
     * @param ssl the TLS options, or null for a plain connection
     * @param factory makes the protocol once the socket is connected
     * @param result turns the transport and the protocol into the coroutine's result
     * @param <R> the result type
     * @return the coroutine
     */
    public static <R> Coroutine<R> connect(
            String name,
            String host,
            int port,
            Path path,
            SslOptions ssl,
            Supplier<? extends BaseProtocol> factory,
            BiFunction<Transport, BaseProtocol, R> result) {
        return new LambdaCoroutine<>(name, new Sockets.Connect<R>(host, port, path, ssl, factory, result::apply));
    }

    /**
     * A coroutine that connects to {@code host:port} as the other {@code connect} does, with
     * all of {@link ConnectionOptions}: TLS, a local address, happy eyeballs, interleaving.
     *
     * @param name the coroutine's name, for stack traces and messages
     * @param host the host
     * @param port the port
     * @param options the options
     * @param factory makes the protocol once the socket is connected
     * @param result turns the transport and the protocol into the coroutine's result
     * @param <R> the result type
     * @return the coroutine
     */
    public static <R> Coroutine<R> connect(
            String name,
            String host,
            int port,
            ConnectionOptions options,
            Supplier<? extends BaseProtocol> factory,
            BiFunction<Transport, BaseProtocol, R> result) {
        return new LambdaCoroutine<>(name, new Sockets.Connect<R>(host, port, options, factory, result::apply));
    }

    /**
     * A coroutine that binds every address of {@code host} and serves them.
     *
     * @param name the coroutine's name
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param options TLS, backlog, {@code SO_REUSEPORT} and whether to serve at once
     * @param factory makes each client's protocol
     * @return the coroutine, whose result is the server
     * @throws NullPointerException if {@code host} or {@code options} is null
     */
    public static Coroutine<Server> listen(
            String name, String host, int port, ServerOptions options, Supplier<? extends BaseProtocol> factory) {
        return Sockets.listen(name, host, port, options, factory);
    }

    /**
     * A coroutine that listens on the Unix domain socket {@code path} and serves it.
     *
     * @param name the coroutine's name
     * @param path where to create the socket file
     * @param options TLS, backlog and whether to serve at once
     * @param factory makes each client's protocol
     * @return the coroutine, whose result is the server
     * @throws NullPointerException if {@code path} or {@code options} is null
     */
    public static Coroutine<Server> listenUnix(
            String name, Path path, ServerOptions options, Supplier<? extends BaseProtocol> factory) {
        return Sockets.listenUnix(name, path, options, factory);
    }

    /**
     * Refuses TLS over a Unix socket that checks host names without a name to check.
     *
     * @param ssl the TLS options, or null
     * @param method the caller, for the message
     * @param path the socket file, for the message
     * @throws IllegalArgumentException if {@code ssl} checks host names and names no server
     */
    public static void checkUnixSsl(SslOptions ssl, String method, Path path) {
        Sockets.checkUnixSsl(ssl, method, path);
    }

    /**
     * Upgrades a stream's socket transport to TLS in place: the TLS layer starts at once, so
     * the peer's handshake bytes are read by TLS and never by the stream.
     *
     * @param transport the stream's transport
     * @param ssl the TLS options
     * @param name the coroutine's name
     * @return a coroutine that completes once the handshake is done; if it fails or is
     *     cancelled, the connection is aborted
     * @throws UnsupportedOperationException if {@code transport} is not a socket transport
     * @throws IllegalArgumentException for a client that checks host names without a name to
     *     check
     * @throws IllegalStateException if the connection already uses TLS or is closing
     */
    public static Coroutine<Void> startTls(Transport transport, SslOptions ssl, String name) {
        Objects.requireNonNull(ssl, "ssl");
        if (!(transport instanceof SocketTransport t)) {
            throw new UnsupportedOperationException("startTls needs a socket stream, not " + transport);
        }
        if (!t.serverSide && t.host == null && ssl.checkHostname() && ssl.serverHostname() == null) {
            throw new IllegalArgumentException(
                    "You must set server_hostname when using ssl " + "without a host (" + name + ")");
        }
        TlsLayer layer = t.serverSide ? TlsLayer.server(ssl) : TlsLayer.client(ssl, t.host, t.port);
        t.startTls(layer);
        return Sockets.handshake(name, t, null);
    }

    /**
     * The loop a socket transport runs on.
     *
     * @param transport a socket transport
     * @return its loop
     */
    public static EventLoop loopOf(Transport transport) {
        return ((SocketTransport) transport).loop;
    }

    /**
     * Tells whether {@code transport}'s writing side is closed already.
     *
     * @param transport a socket transport
     * @return true once {@code writeEof} took effect
     */
    public static boolean eofWritten(Transport transport) {
        return ((SocketTransport) transport).eofWritten();
    }

    /**
     * Aborts {@code transport}: its protocol hears {@code connectionLost} with {@code error}.
     *
     * @param transport a socket transport
     * @param error the cause, or null
     */
    public static void abort(Transport transport, Throwable error) {
        ((SocketTransport) transport).abort(error);
    }
}
