package io.jasyncio.internal.net;

import io.jasyncio.BaseProtocol;
import io.jasyncio.BufferedProtocol;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Protocol;
import io.jasyncio.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The one transport of every stream socket (TCP or Unix, plain or TLS), for the protocol API
 * and for streams alike: asyncio's {@code _SelectorSocketTransport}. Streams are a protocol
 * over it ({@link StreamReaderProtocol}), as in asyncio.
 *
 * <h2>Data structures</h2>
 * <ul>
 *   <li>Incoming: the reader callback reads once per readiness event. For a {@link Protocol}
 *       it reads into a 64 KiB buffer shared by every transport of the thread (the loop
 *       thread) and lends it to {@link Protocol#dataReceived}; for a {@link BufferedProtocol}
 *       it reads straight into the protocol's buffer. Nothing is allocated per read.</li>
 *   <li>Outgoing: {@link #write} first tries the socket directly; what the kernel does not take
 *       is copied into {@code pending}, a FIFO of buffers, and the writer callback flushes it.
 *       Past the high-water mark the protocol hears {@code pauseWriting}, and
 *       {@code resumeWriting} once the buffer is back at the low-water mark.</li>
 * </ul>
 *
 * <h2>TLS</h2>
 * With a {@link TlsLayer} (from the start, or after {@link #startTls}), the layer reads the
 * socket instead of the plain reader callback and hands the transport what it decrypts
 * ({@link #tlsData}, {@link #tlsEof}); writes go through it and reach the socket, as TLS
 * records, through {@link #rawWrite}, so the pending FIFO and the water marks work the same over
 * TLS. The protocol hears {@code connectionMade} once the handshake is done.
 *
 * <h2>Closing</h2>
 * {@link #close()} stops reading and closes the socket once the pending bytes are flushed;
 * {@link #abort()} drops them. Either way {@link #callConnectionLost} runs once, on a later
 * iteration: it tells the protocol (if it was told {@code connectionMade}), then closes the
 * channel. A protocol callback that throws is reported to the loop's exception handler with
 * this transport and the protocol in the context, and (for the data callbacks) aborts the
 * connection, as asyncio's {@code _fatal_error} does.
 */
final class SocketTransport implements Transport {
    static final int HIGH_WATER = 64 * 1024;
    static final int LOW_WATER = 16 * 1024;
    private static final System.Logger LOG = System.getLogger("io.jasyncio.streams");
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(64 * 1024));

    final EventLoop loop;
    final SocketChannel channel;
    private BaseProtocol protocol;
    /** The protocol as a {@link Protocol}, or null when it is a {@link BufferedProtocol}. */
    private Protocol plain;
    /** The protocol as a {@link BufferedProtocol}, or null. */
    private BufferedProtocol buffered;
    /** The TLS layer, or null for plain TCP (until {@link #startTls}). */
    TlsLayer tls;
    /** The host a client connected to (for {@code startTls}); null on a server's side. */
    String host;
    /** The port a client connected to. */
    int port = -1;
    /** True for a connection a server accepted: its TLS upgrade is the server side. */
    boolean serverSide;

    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private final Runnable readReady = this::onReadable;
    private final Runnable writeReady = this::onWritable;
    private long bufferSize;
    private int highWater = HIGH_WATER;
    private int lowWater = LOW_WATER;
    private boolean protocolPaused;
    private boolean readingPaused;
    private boolean closing;
    /** writeEof() was called (asyncio's {@code _eof}). */
    private boolean eof;
    /** The socket's output is shut down. */
    private boolean eofWritten;
    /** The peer's end of stream arrived: reading is over for good. */
    private boolean eofReceived;
    /** The protocol was told connectionMade, so it is told connectionLost. */
    private boolean made;
    /** connectionLost is queued or ran (asyncio's {@code _conn_lost}): writes are dropped. */
    private boolean lostQueued;

    private boolean lost;
    private Throwable closeError;
    private Runnable onLost;
    /** The transport {@link #upgrade} handed the socket to: this one is detached. */
    private SocketTransport successor;
    /** Aborts a TLS shutdown that takes longer than the options allow, or null. */
    private io.jasyncio.TimerHandle shutdownTimer;
    /** Completes once the write buffer is empty ({@link #whenFlushed}), or null. */
    private Future<Void> flushed;
    /** A native sendfile owns the socket: write() refuses (asyncio's {@code _empty_waiter}). */
    boolean sendfileInProgress;

    /**
     * A transport over {@code channel} (connected, non-blocking) driving {@code protocol}. For
     * plain connections the protocol hears {@code connectionMade} on the next loop iteration,
     * then reading starts, then {@code waiter} (if not null) completes; over {@code tls} the
     * handshake starts at once and {@code connectionMade} follows it (its future is the one
     * to wait for).
     */
    SocketTransport(EventLoop loop, SocketChannel channel, BaseProtocol protocol, TlsLayer tls, Future<Void> waiter) {
        this.loop = loop;
        this.channel = channel;
        setProtocol(protocol);
        this.tls = tls;
        if (tls != null) {
            loop.addReader(channel, readReady);
            tls.start(this);
        } else {
            loop.callSoon(() -> start(waiter));
        }
    }

    /**
     * The TLS transport that takes {@code old}'s socket over (see {@link #upgrade}): the
     * pending plain bytes, the water marks, the connection's identity and the protocol's
     * {@code connectionMade} (not repeated) move over; reading starts afresh, as asyncio's
     * {@code start_tls} resumes reading.
     */
    private SocketTransport(SocketTransport old, BaseProtocol protocol, TlsLayer tls) {
        this.loop = old.loop;
        this.channel = old.channel;
        setProtocol(protocol);
        this.host = old.host;
        this.port = old.port;
        this.serverSide = old.serverSide;
        this.pending.addAll(old.pending);
        this.bufferSize = old.bufferSize;
        this.highWater = old.highWater;
        this.lowWater = old.lowWater;
        this.protocolPaused = old.protocolPaused;
        this.made = old.made;
        this.onLost = old.onLost;
        old.pending.clear();
        old.bufferSize = 0;
        old.onLost = null;
        old.successor = this;
        loop.addReader(channel, readReady);
        if (!pending.isEmpty()) {
            loop.addWriter(channel, writeReady);
        }
        this.tls = tls;
        tls.start(this);
    }

    /**
     * Hands the socket to a new transport that speaks TLS to the peer and drives
     * {@code protocol} ({@code EventLoop.startTls}): this one is detached from then on. The
     * plain bytes still buffered here go out first, in the clear; whatever the peer sent that
     * this transport has not read yet is read by the TLS layer. The handshake starts at once.
     *
     * @throws IllegalStateException if already over TLS, detached, closing, or past
     *     {@code writeEof()} or the peer's end of stream
     */
    SocketTransport upgrade(BaseProtocol protocol, TlsLayer layer) {
        checkAttached("EventLoop.startTls");
        if (tls != null) {
            throw new IllegalStateException("EventLoop.startTls: the connection already uses TLS: " + this);
        }
        if (closing || lostQueued) {
            throw new IllegalStateException("EventLoop.startTls: the transport is closing: " + this);
        }
        if (eof || eofReceived) {
            throw new IllegalStateException("EventLoop.startTls: the connection is half-closed "
                    + "(writeEof() or the peer's end of stream): " + this);
        }
        return new SocketTransport(this, protocol, layer);
    }

    /** Refuses to act for a transport whose socket {@link #upgrade} handed over. */
    private void checkAttached(String method) {
        if (successor != null) {
            throw new IllegalStateException("Transport." + method + ": " + this + " was detached "
                    + "by EventLoop.startTls; use the transport it returned");
        }
    }

    /** asyncio's three call_soon of the constructor: connection_made, add_reader, the waiter. */
    private void start(Future<Void> waiter) {
        if (!lostQueued) {
            made();
            if (wantsToRead()) {
                loop.addReader(channel, readReady);
            }
        }
        if (waiter != null && !waiter.done()) {
            waiter.setResult(null);
        }
    }

    private void made() {
        made = true;
        try {
            protocol.connectionMade(this);
        } catch (Throwable t) {
            rethrowFatal(t);
            // asyncio runs connection_made as a plain callback: its error is reported, and the
            // connection stays open.
            loop.callExceptionHandler(ErrorContext.ofTransport(
                    "Exception in callback " + protocol.getClass().getName() + ".connectionMade()", t, this, protocol));
        }
    }

    /** Called by the TLS layer once the handshake is done (the first one only). */
    void tlsHandshakeDone() {
        if (!made && !lostQueued) {
            made();
        }
    }

    /**
     * Switches to TLS from here on: the bytes already buffered go out in the clear first, and
     * every byte read from now on is TLS. The handshake starts at once.
     *
     * @throws IllegalStateException if already over TLS, or closing
     */
    void startTls(TlsLayer layer) {
        if (tls != null) {
            throw new IllegalStateException("the connection already uses TLS: " + channel);
        }
        if (closing || lostQueued) {
            throw new IllegalStateException("the connection is closing: " + channel);
        }
        tls = layer;
        layer.start(this);
    }

    /** True once aborted or lost (or about to be): nothing more may be sent. */
    boolean isDead() {
        return lostQueued;
    }

    /** The output is shut down after a {@link #writeEof()}. */
    boolean eofWritten() {
        return eofWritten;
    }

    void onLost(Runnable r) {
        this.onLost = r;
    }

    // ---- protocol

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        if (protocol instanceof BufferedProtocol b) {
            buffered = b;
            plain = null;
        } else if (protocol instanceof Protocol p) {
            plain = p;
            buffered = null;
        } else {
            throw new IllegalArgumentException(
                    "Transport.setProtocol: " + protocol.getClass().getName()
                            + " implements neither io.jasyncio.Protocol nor io.jasyncio.BufferedProtocol");
        }
        this.protocol = protocol;
    }

    /** asyncio's {@code _fatal_error}: report (unless an I/O error), then abort with it. */
    private void fatalError(Throwable error, String message) {
        rethrowFatal(error);
        if (error instanceof IOException) {
            if (loop.getDebug()) {
                LOG.log(System.Logger.Level.DEBUG, () -> this + ": " + message, error);
            }
        } else {
            loop.callExceptionHandler(ErrorContext.ofTransport(message, error, this, protocol));
        }
        abort(error);
    }

    private static void rethrowFatal(Throwable t) {
        if (t instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    // ---- reading

    private void onReadable() {
        if (successor != null) {
            return;
        }
        if (tls != null) {
            tls.onReadable();
            return;
        }
        if (buffered != null) {
            readIntoProtocol();
            return;
        }
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (n > 0) {
            buf.flip();
            try {
                plain.dataReceived(buf);
            } catch (Throwable t) {
                fatalError(t, "Fatal error: protocol.dataReceived() call failed.");
            }
        } else if (n < 0) {
            onEof();
        }
    }

    private void readIntoProtocol() {
        BufferedProtocol p = buffered;
        ByteBuffer into;
        try {
            into = p.getBuffer(-1);
            if (into == null || !into.hasRemaining()) {
                throw new IllegalStateException("getBuffer() returned an empty buffer");
            }
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.getBuffer() call failed.");
            return;
        }
        int n;
        try {
            n = channel.read(into);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        } catch (RuntimeException e) {
            fatalError(e, "Fatal error: protocol.getBuffer() returned a buffer the socket cannot " + "read into");
            return;
        }
        if (n > 0) {
            try {
                p.bufferUpdated(n);
            } catch (Throwable t) {
                fatalError(t, "Fatal error: protocol.bufferUpdated() call failed.");
            }
        } else if (n < 0) {
            onEof();
        }
    }

    /** The peer's end of stream on a plain connection: asyncio's {@code _read_ready__on_eof}. */
    private void onEof() {
        eofReceived = true;
        boolean keepOpen;
        try {
            keepOpen = buffered != null ? buffered.eofReceived() : plain.eofReceived();
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (keepOpen) {
            loop.removeReader(channel);
        } else {
            close();
        }
    }

    /** Decrypted bytes from the TLS layer, for the protocol. */
    void tlsData(ByteBuffer app) {
        try {
            if (plain != null) {
                plain.dataReceived(app);
                return;
            }
            while (app.hasRemaining() && !lostQueued) {
                ByteBuffer into = buffered.getBuffer(app.remaining());
                if (into == null || !into.hasRemaining()) {
                    throw new IllegalStateException("getBuffer() returned an empty buffer");
                }
                int n = Math.min(into.remaining(), app.remaining());
                int limit = app.limit();
                app.limit(app.position() + n);
                into.put(app);
                app.limit(limit);
                buffered.bufferUpdated(n);
            }
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.dataReceived() call failed.");
        }
    }

    /**
     * The peer's end of the TLS stream (close_notify, or a TCP end of stream after the
     * handshake): the protocol hears {@code eofReceived}, and the connection closes whatever it
     * answers, as asyncio's {@code SSLProtocol} does.
     */
    void tlsEof() {
        loop.removeReader(channel);
        eofReceived = true;
        boolean keepOpen;
        try {
            keepOpen = buffered != null ? buffered.eofReceived() : plain.eofReceived();
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (keepOpen) {
            LOG.log(System.Logger.Level.WARNING, "returning true from eofReceived() has no effect when using ssl");
        }
        close();
    }

    @Override
    public void pauseReading() {
        checkAttached("pauseReading");
        if (isReading()) {
            readingPaused = true;
            loop.removeReader(channel);
        }
    }

    @Override
    public void resumeReading() {
        checkAttached("resumeReading");
        if (readingPaused && !closing && !lostQueued) {
            readingPaused = false;
            reregisterReader();
        }
    }

    @Override
    public boolean isReading() {
        return !readingPaused && !closing && successor == null;
    }

    /**
     * Tells whether the socket should be watched for reading: not paused, not closing, not
     * past the peer's end of stream.
     */
    boolean wantsToRead() {
        return !readingPaused && !closing && !lostQueued && !eofReceived && successor == null;
    }

    /** Watches the socket for reading again, unless flow control or closing says not to. */
    void reregisterReader() {
        if (wantsToRead()) {
            loop.addReader(channel, readReady);
        }
    }

    // ---- writing

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        checkAttached("write");
        if (eof) {
            throw new IllegalStateException("Cannot call write() after write_eof()");
        }
        if (sendfileInProgress) {
            throw new IllegalStateException("unable to write; sendfile is in progress");
        }
        if (!data.hasRemaining()) {
            return;
        }
        if (lostQueued) {
            data.position(data.limit()); // asyncio drops writes to a lost connection
            return;
        }
        if (tls != null) {
            tls.write(data);
            data.position(data.limit()); // what a closing TLS session did not take is dropped
        } else {
            rawWrite(data);
        }
    }

    /** Sends bytes as they are (for TLS: records), buffering what the socket does not take. */
    void rawWrite(ByteBuffer data) {
        if (lostQueued) {
            return;
        }
        if (pending.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            loop.addWriter(channel, writeReady);
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        pending.add(copy);
        bufferSize += copy.remaining();
        maybePauseProtocol();
    }

    private void onWritable() {
        if (lostQueued || successor != null) {
            return;
        }
        try {
            while (!pending.isEmpty()) {
                ByteBuffer head = pending.peek();
                int n = channel.write(head);
                bufferSize -= n;
                if (head.hasRemaining()) {
                    break;
                }
                pending.poll();
            }
        } catch (IOException e) {
            loop.removeWriter(channel);
            pending.clear();
            bufferSize = 0;
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        maybeResumeProtocol(); // may write more
        if (pending.isEmpty() && !lostQueued) {
            loop.removeWriter(channel);
            if (flushed != null) {
                flushed.setResult(null);
                flushed = null;
            }
            if (closing) {
                lostQueued = true;
                callConnectionLost(closeError);
            } else if (eof && !eofWritten) {
                shutdownOutput();
            }
        }
    }

    private void maybePauseProtocol() {
        if (bufferSize <= highWater || protocolPaused) {
            return;
        }
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable t) {
            rethrowFatal(t);
            loop.callExceptionHandler(ErrorContext.ofTransport("protocol.pauseWriting() failed", t, this, protocol));
        }
    }

    private void maybeResumeProtocol() {
        if (!protocolPaused || bufferSize > lowWater) {
            return;
        }
        protocolPaused = false;
        try {
            protocol.resumeWriting();
        } catch (Throwable t) {
            rethrowFatal(t);
            loop.callExceptionHandler(ErrorContext.ofTransport("protocol.resumeWriting() failed", t, this, protocol));
        }
    }

    @Override
    public void writeEof() {
        checkAttached("writeEof");
        if (tls != null) {
            throw new UnsupportedOperationException("TLS doesn't support half-closes: " + "writeEof() on " + channel);
        }
        if (closing || eof) {
            return;
        }
        eof = true;
        if (pending.isEmpty()) {
            shutdownOutput();
        }
    }

    @Override
    public boolean canWriteEof() {
        return tls == null;
    }

    private void shutdownOutput() {
        eofWritten = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error on shutting down the socket's output");
        }
    }

    /**
     * A future that completes once everything written so far has gone to the socket (at once
     * if nothing is buffered), or fails if the connection is lost first; for sendfile.
     */
    Future<Void> whenFlushed() {
        if (flushed == null) {
            flushed = loop.createFuture();
            if (pending.isEmpty()) {
                Future<Void> now = flushed;
                flushed = null;
                if (lostQueued) {
                    now.setException(new java.net.SocketException("Connection is closed by peer"));
                } else {
                    now.setResult(null);
                }
                return now;
            }
        }
        return flushed;
    }

    @Override
    public long getWriteBufferSize() {
        return bufferSize;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        checkAttached("setWriteBufferLimits");
        if (high < low || low < 0) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        highWater = high;
        lowWater = low;
        maybePauseProtocol();
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return new WriteBufferLimits(lowWater, highWater);
    }

    // ---- closing

    @Override
    public boolean isClosing() {
        return successor != null ? successor.isClosing() : closing;
    }

    @Override
    public void close() {
        checkAttached("close");
        if (!closing) {
            startClosing(true);
        }
    }

    /**
     * Closes once the buffered bytes (a TLS alert, say) are sent, then tells the protocol
     * {@code connectionLost(error)}.
     */
    void closeWithError(Throwable error) {
        if (lostQueued) {
            return;
        }
        closeError = error;
        if (!closing) {
            startClosing(false);
        }
    }

    /** Stops reading; the socket closes once the pending bytes (and close_notify) are out. */
    private void startClosing(boolean closeNotify) {
        closing = true;
        if (channel.isOpen()) {
            loop.removeReader(channel);
        }
        if (closeNotify && tls != null) {
            tls.closeOutbound();
            if (!pending.isEmpty()) {
                // asyncio's ssl_shutdown_timeout: a peer that reads nothing more cannot keep a
                // closed connection (and its socket) for ever.
                shutdownTimer = loop.callLater(tls.options.shutdownTimeout(), () -> {
                    if (!lostQueued) {
                        abort(new java.net.SocketTimeoutException("SSL shutdown timed out"));
                    }
                });
            }
        }
        if (pending.isEmpty() && !lostQueued) {
            lostQueued = true;
            Throwable error = closeError;
            loop.callSoon(() -> callConnectionLost(error));
        }
    }

    @Override
    public void abort() {
        checkAttached("abort");
        abort(null);
    }

    /** Drops the buffered bytes and closes; the protocol hears {@code connectionLost(error)}. */
    void abort(Throwable error) {
        if (lostQueued) {
            return;
        }
        lostQueued = true;
        closing = true;
        pending.clear();
        bufferSize = 0;
        if (channel.isOpen()) {
            loop.removeReader(channel);
            loop.removeWriter(channel);
        }
        loop.callSoon(() -> callConnectionLost(error));
    }

    private void callConnectionLost(Throwable error) {
        if (lost) {
            return;
        }
        lost = true;
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
        }
        if (flushed != null) {
            flushed.setException(new java.net.SocketException("Connection is closed by peer"));
            flushed = null;
        }
        try {
            if (made) {
                protocol.connectionLost(error);
            }
        } catch (Throwable t) {
            rethrowFatal(t);
            loop.callExceptionHandler(ErrorContext.ofTransport(
                    "Exception in callback " + protocol.getClass().getName() + ".connectionLost()", t, this, protocol));
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing a socket that already failed: nothing more to report.
            }
            if (tls != null) {
                tls.connectionLost(error);
            }
            if (onLost != null) {
                onLost.run();
            }
        }
    }

    // ---- extra info

    @Override
    public Object getExtraInfo(String name) {
        Objects.requireNonNull(name, "name");
        try {
            switch (name) {
                case "peername":
                    return channel.getRemoteAddress();
                case "sockname":
                    return channel.getLocalAddress();
                case "socket":
                    return channel;
                default:
                    return tls != null ? tls.extraInfo(name) : null;
            }
        } catch (IOException closed) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "<SocketTransport " + channel + (closing ? " closing" : "") + (tls != null ? " tls" : "")
                + (successor != null ? " detached" : "") + ">";
    }
}
