package io.jasyncio.internal.net;

import io.jasyncio.Asyncio;
import io.jasyncio.BaseProtocol;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Server;
import io.jasyncio.SslOptions;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.handwritten.LambdaCoroutine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link Server} of {@link Sockets}: listening sockets on the loop's selector; each accepted
 * client gets a {@link SocketTransport} and a protocol from the server's factory.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors asyncio's {@code base_events.Server}.
 */
final class SocketServer implements Server {
    private static final int ACCEPT_BACKLOG = 100;
    /**
     * Seconds a listening socket is left alone after {@code accept} ran out of descriptors,
     * buffers or memory: asyncio's {@code ACCEPT_RETRY_DELAY}. Retrying at once would spin the
     * loop on a socket that stays readable, logging a report each time.
     */
    static final double ACCEPT_RETRY_DELAY = 1.0;

    private final EventLoop loop;
    private final Supplier<? extends BaseProtocol> protocolFactory;
    private final List<ServerSocketChannel> sockets;
    private final SslOptions ssl;
    private final Path unixPath;
    private Object unixFileKey;
    private final List<Future<Void>> closeWaiters = new ArrayList<>();
    private boolean closed;
    private boolean serving;
    private int active;
    private Future<Void> servingForever;
    /** Per socket, the reader callback; made once, so that pausing and resuming allocate nothing new. */
    private final Runnable[] acceptors;
    /** Per socket, what resumes accepting after a pause; made once, for the same reason. */
    private final Runnable[] resumers;
    /** Per socket, the timer of a pause, or null while it accepts. */
    private final TimerHandle[] paused;

    SocketServer(
            EventLoop loop,
            Supplier<? extends BaseProtocol> protocolFactory,
            List<ServerSocketChannel> sockets,
            SslOptions ssl,
            Path unixPath,
            boolean startServing) {
        this.loop = loop;
        this.protocolFactory = protocolFactory;
        this.sockets = new ArrayList<>(sockets);
        this.ssl = ssl;
        this.unixPath = unixPath;
        int n = this.sockets.size();
        acceptors = new Runnable[n];
        resumers = new Runnable[n];
        paused = new TimerHandle[n];
        for (int i = 0; i < n; i++) {
            ServerSocketChannel s = this.sockets.get(i);
            int index = i;
            acceptors[i] = () -> accept(s, index);
            resumers[i] = () -> resume(index);
        }
        if (startServing) {
            serve();
        }
    }

    /** asyncio's {@code Server._start_serving}: register the listening sockets, once. */
    private void serve() {
        if (closed) {
            throw new IllegalStateException("server " + this + " is closed");
        }
        if (serving) {
            return;
        }
        serving = true;
        for (int i = 0; i < sockets.size(); i++) {
            loop.addReader(sockets.get(i), acceptors[i]);
        }
    }

    private void accept(ServerSocketChannel s, int index) {
        for (int i = 0; i < ACCEPT_BACKLOG && !closed; i++) {
            SocketChannel c;
            try {
                c = s.accept();
                if (c == null) {
                    return;
                }
                c.configureBlocking(false);
            } catch (IOException e) {
                if (outOfResources(e)) {
                    pause(s, index, e);
                } else {
                    loop.callExceptionHandler(ErrorContext.of("socket.accept() failed on " + s, e));
                }
                return;
            }
            connected(c);
        }
    }

    /**
     * EMFILE, ENFILE, ENOBUFS or ENOMEM, which the JDK reports only by their C library texts:
     * the errors asyncio's {@code _accept_connection} pauses on.
     */
    static boolean outOfResources(IOException e) {
        String m = e.getMessage();
        return m != null
                && (m.startsWith("Too many open files")
                        || m.startsWith("No buffer space available")
                        || m.startsWith("Cannot allocate memory"));
    }

    /**
     * asyncio's answer to running out: stop accepting on this socket for
     * {@link #ACCEPT_RETRY_DELAY} and say so once. The clients wait in the kernel's backlog
     * meanwhile, and the loop serves those it already has.
     */
    private void pause(ServerSocketChannel s, int index, IOException e) {
        loop.removeReader(s);
        if (paused[index] == null) {
            paused[index] = loop.callLater(ACCEPT_RETRY_DELAY, resumers[index]);
        }
        loop.callExceptionHandler(ErrorContext.of("socket.accept() out of system resource\nsocket: " + s, e));
    }

    private void resume(int index) {
        paused[index] = null;
        ServerSocketChannel s = sockets.get(index);
        if (serving && !closed && s.isOpen()) {
            loop.addReader(s, acceptors[index]);
        }
    }

    /** Records the socket file to remove on close, if it is still this inode then. */
    void removeOnClose(Object fileKey) {
        unixFileKey = fileKey;
    }

    /** asyncio's {@code _accept_connection2}: a protocol and a transport for the client. */
    private void connected(SocketChannel c) {
        BaseProtocol protocol = null;
        SocketTransport t;
        try {
            if (unixPath == null && c.getRemoteAddress() instanceof InetSocketAddress) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            protocol = protocolFactory.get();
            if (protocol == null) {
                throw new NullPointerException("the protocol factory returned null");
            }
            t = new SocketTransport(loop, c, protocol, ssl == null ? null : TlsLayer.server(ssl), null);
        } catch (IOException | RuntimeException e) {
            closeQuietly(c);
            loop.callExceptionHandler(new ErrorContext(
                    "Error on transport creation for incoming connection " + c, e, null, null, null, protocol));
            return;
        }
        t.serverSide = true;
        active++;
        t.onLost(this::connectionDone);
        if (t.tls != null) {
            // Nobody awaits a server's handshake: a failed one has closed its connection (and
            // logged why at DEBUG), which is all asyncio does with it, so its error is taken
            // here rather than reported as never retrieved.
            t.tls.handshake().addDoneCallback(f -> {
                if (!f.cancelled()) {
                    f.exception();
                }
            });
        }
    }

    private void connectionDone() {
        active--;
        wakeCloseWaiters();
    }

    private void wakeCloseWaiters() {
        if (closed && active == 0) {
            for (Future<Void> f : closeWaiters) {
                if (!f.done()) {
                    f.setResult(null);
                }
            }
            closeWaiters.clear();
        }
    }

    /** Removes the Unix socket file this server created, unless another has replaced it. */
    private void removeSocketFile() {
        if (unixPath == null) {
            return;
        }
        try {
            Object key = Files.readAttributes(unixPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            if (unixFileKey == null || unixFileKey.equals(key)) {
                Files.deleteIfExists(unixPath);
            }
        } catch (IOException gone) {
            // Already removed by someone else: nothing to clean up.
        }
    }

    private static void closeQuietly(Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Nothing useful to report about a failed close of a socket being discarded.
        }
    }

    @Override
    public List<ServerSocketChannel> sockets() {
        return closed ? List.of() : Collections.unmodifiableList(sockets);
    }

    @Override
    public int port() {
        if (closed || sockets.isEmpty()) {
            return -1;
        }
        try {
            SocketAddress a = sockets.get(0).getLocalAddress();
            return a instanceof InetSocketAddress inet ? inet.getPort() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean isServing() {
        return serving && !closed;
    }

    @Override
    public Coroutine<Void> startServing() {
        boolean[] yielded = new boolean[1];
        return new LambdaCoroutine<>("Server.startServing", (v, e) -> {
            if (e != null) {
                throw e;
            }
            if (yielded[0]) {
                return null;
            }
            serve();
            yielded[0] = true;
            // asyncio skips one iteration so that the add_reader calls take effect.
            return Asyncio.sleep(0);
        });
    }

    @Override
    public EventLoop getLoop() {
        return loop;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < paused.length; i++) {
            if (paused[i] != null) {
                paused[i].cancel();
                paused[i] = null;
            }
        }
        for (ServerSocketChannel s : sockets) {
            if (serving && s.isOpen()) {
                loop.removeReader(s);
            }
            closeQuietly(s);
        }
        removeSocketFile();
        if (servingForever != null && !servingForever.done()) {
            servingForever.cancel();
        }
        wakeCloseWaiters();
    }

    @Override
    public Coroutine<Void> waitClosed() {
        boolean[] waited = new boolean[1];
        return new LambdaCoroutine<>("Server.waitClosed", (v, e) -> {
            if (e != null) {
                throw e;
            }
            if (waited[0] || (closed && active == 0)) {
                return null;
            }
            waited[0] = true;
            Future<Void> f = loop.createFuture();
            closeWaiters.add(f);
            return f;
        });
    }

    @Override
    public Coroutine<Void> serveForever() {
        int[] state = new int[1];
        Throwable[] cancelled = new Throwable[1];
        return new LambdaCoroutine<>("Server.serveForever", (v, e) -> {
            switch (state[0]) {
                case 0:
                    if (servingForever != null) {
                        throw new IllegalStateException(
                                "server " + this + " is already being awaited on serveForever()");
                    }
                    if (closed) {
                        throw new IllegalStateException("server " + this + " is closed");
                    }
                    serve();
                    state[0] = 1;
                    servingForever = loop.createFuture();
                    return servingForever;
                case 1:
                    state[0] = 2;
                    cancelled[0] = e != null ? e : new CancelledError();
                    servingForever = null;
                    close();
                    return waitClosed();
                default:
                    throw cancelled[0];
            }
        });
    }

    @Override
    public String toString() {
        return "<Server sockets=" + sockets() + ">";
    }
}
