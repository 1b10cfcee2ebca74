package io.jasyncio;

import java.nio.channels.ServerSocketChannel;
import java.util.List;

/**
 * A listening server (TCP or a Unix domain socket, plain or TLS): each accepted client gets a
 * {@link Transport} and a protocol from the server's factory. Made by
 * {@link EventLoop#createServer} (the protocol is the caller's) and by
 * {@link io.jasyncio.streams.Streams#startServer} (the protocol gives the client a reader, a
 * writer and a task running the handler).
 *
 * <p>The server accepts up to 100 clients per readiness event, as asyncio's
 * {@code _accept_connection} does. A protocol factory that throws is reported through the
 * loop's exception handler and that client's socket is closed; a stream handler that throws is
 * reported ("Unhandled exception in client_connected_cb") and its connection is closed. Either
 * way the server keeps serving.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.AbstractServer} and {@code asyncio.Server} (3.12 semantics
 *     for {@link #waitClosed()}: it waits for the active connections too).
 */
public interface Server extends AutoCloseable {
    /**
     * The listening sockets.
     *
     * @return an unmodifiable list, empty once the server is closed
     * @apiNote Mirrors {@code Server.sockets}.
     */
    List<ServerSocketChannel> sockets();

    /**
     * The port of the first listening socket, handy when the server was started on port 0.
     *
     * @return the port, or -1 once closed (and always for a Unix socket server)
     */
    int port();

    /**
     * Tells whether the server accepts connections.
     *
     * @return true from the start (or, for a server created with
     *     {@link ServerOptions#startServing()} false, from {@link #startServing()} or
     *     {@link #serveForever()}) until {@link #close()}
     * @apiNote Mirrors {@code Server.is_serving()}.
     */
    boolean isServing();

    /**
     * A coroutine that starts accepting connections, for a server created with
     * {@link ServerOptions#startServing()} false; on a server that already serves it does
     * nothing. It returns after one loop iteration, as asyncio's does, once the listening
     * sockets are registered with the loop.
     *
     * @return the coroutine; it throws {@link IllegalStateException} if the server is closed
     * @apiNote Mirrors {@code Server.start_serving()}.
     */
    Coroutine<Void> startServing();

    /**
     * The loop the server runs on.
     *
     * @return the loop
     * @apiNote Mirrors {@code Server.get_loop()}.
     */
    EventLoop getLoop();

    /**
     * Stops listening and closes the listening sockets; connections already accepted stay
     * open. Closing twice does nothing.
     *
     * @apiNote Mirrors {@code Server.close()}.
     */
    @Override
    void close();

    /**
     * A coroutine that completes once the server is closed and every connection it accepted
     * is closed.
     *
     * @return the coroutine
     * @apiNote Mirrors {@code Server.wait_closed()} of Python 3.12.
     */
    Coroutine<Void> waitClosed();

    /**
     * A coroutine that serves until it is cancelled, then closes the server and waits for it
     * to be closed. A server not yet serving starts serving.
     *
     * @return the coroutine; it ends with {@link CancelledError} when cancelled, or when the
     *     server is closed from elsewhere
     * @throws IllegalStateException (from the coroutine) if the server is closed, or another
     *     {@code serveForever} is running
     * @apiNote Mirrors {@code Server.serve_forever()}.
     */
    Coroutine<Void> serveForever();
}
