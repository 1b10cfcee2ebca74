package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One TCP connection on the loop: asyncio's {@code _SelectorSocketTransport} and
 * {@code StreamReaderProtocol} folded together.
 *
 * <h2>Data structures</h2>
 * <ul>
 *   <li>Incoming: the reader callback reads once per readiness event into a 64 KiB buffer
 *       shared by every transport of the thread (the loop thread), and feeds the bytes to the
 *       {@link StreamReader}; the reader pauses and resumes this callback for flow control.</li>
 *   <li>Outgoing: {@link #write} first tries the socket directly; what the kernel does not take
 *       waits in {@code pending}, a FIFO of buffers, and the writer callback flushes it. Past the
 *       high-water mark the writer is paused and {@link StreamWriter#drain()} waits for
 *       {@code drainWaiters}, woken once the buffer is back under the low-water mark.</li>
 * </ul>
 *
 * <h2>TLS</h2>
 * With a {@link TlsLayer} (from the start, or after {@link #startTls}), the layer reads the
 * socket instead of the plain reader callback and feeds the reader what it decrypts; writes go
 * through it and reach the socket, as TLS records, through {@link #rawWrite}, so the pending
 * FIFO, the water marks and {@code drain()} work the same over TLS.
 *
 * <h2>Closing</h2>
 * {@link #close()} stops reading and closes the socket once the pending bytes are flushed;
 * {@link #abort(Throwable)} drops them. Either way {@link #connectionLost} runs once, on a
 * later iteration: it closes the channel, ends the reader (end of stream, or the error), fails
 * waiting drains and completes the {@link #closed} future.
 */
final class SocketTransport extends StreamTransport {
    static final int HIGH_WATER = 64 * 1024;
    static final int LOW_WATER = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(64 * 1024));

    final EventLoop loop;
    final SocketChannel channel;
    final StreamReader reader;
    final Future<Void> closed;
    /** The TLS layer, or null for plain TCP (until {@link #startTls}). */
    TlsLayer tls;
    /** The host a client connected to (for {@code startTls}); null on a server's side. */
    String host;
    /** The port a client connected to. */
    int port = -1;
    /** True for a connection a server accepted: its TLS upgrade is the server side. */
    boolean serverSide;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private final List<Future<Void>> drainWaiters = new ArrayList<>();
    private long buffered;
    private int highWater = HIGH_WATER;
    private int lowWater = LOW_WATER;
    private boolean writingPaused;
    private boolean readingPaused;
    private boolean closing;
    private boolean eofPending;
    private boolean eofWritten;
    private boolean lost;
    private boolean aborted;
    private Throwable closeError;
    private Throwable lostWith;
    private Runnable onLost;

    SocketTransport(EventLoop loop, SocketChannel channel, int limit) {
        this(loop, channel, limit, null);
    }

    /** A transport over {@code tls} if not null: the handshake starts at once. */
    SocketTransport(EventLoop loop, SocketChannel channel, int limit, TlsLayer tls) {
        this.loop = loop;
        this.channel = channel;
        this.reader = new StreamReader(limit, this);
        this.closed = loop.createFuture();
        this.tls = tls;
        loop.addReader(channel, this::onReadable);
        if (tls != null) {
            tls.start(this);
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
        if (closing || lost) {
            throw new IllegalStateException("the connection is closing: " + channel);
        }
        tls = layer;
        layer.start(this);
    }

    /** True once aborted or lost: nothing more may be sent. */
    boolean isDead() {
        return lost || aborted;
    }

    void onLost(Runnable r) {
        this.onLost = r;
    }

    // ---- reading

    private void onReadable() {
        if (tls != null) {
            tls.onReadable();
            return;
        }
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            abort(e);
            return;
        }
        if (n > 0) {
            reader.feedData(buf.array(), 0, n);
        } else if (n < 0) {
            // Half-close from the peer: stop reading, keep the write side open (asyncio's
            // StreamReaderProtocol.eof_received returns True for plain TCP).
            loop.removeReader(channel);
            reader.feedEof();
            if (eofWritten && pending.isEmpty()) {
                close();
            }
        }
    }

    void pauseReading() {
        if (!readingPaused && !closing) {
            readingPaused = true;
            loop.removeReader(channel);
        }
    }

    void resumeReading() {
        if (readingPaused && !closing && !lost) {
            readingPaused = false;
            reregisterReader();
        }
    }

    /** Tells whether reading goes on: not paused by flow control, not closing, not lost. */
    boolean wantsToRead() {
        return !readingPaused && !closing && !lost && !reader.atEofReceived();
    }

    /** Watches the socket for reading again, unless flow control or closing says not to. */
    void reregisterReader() {
        if (wantsToRead()) {
            loop.addReader(channel, this::onReadable);
        }
    }

    // ---- writing

    void write(ByteBuffer data) {
        if (eofPending || eofWritten) {
            throw new IllegalStateException("Cannot call write() after write_eof()");
        }
        if (lost || closing || !data.hasRemaining()) {
            return; // asyncio drops writes to a closed transport, with a warning
        }
        if (tls != null) {
            tls.write(data);
        } else {
            rawWrite(data);
        }
    }

    /** Sends bytes as they are (for TLS: records), buffering what the socket does not take. */
    void rawWrite(ByteBuffer data) {
        if (isDead()) {
            return;
        }
        if (pending.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                abort(e);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            loop.addWriter(channel, this::onWritable);
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        pending.add(copy);
        buffered += copy.remaining();
        if (!writingPaused && buffered > highWater) {
            writingPaused = true;
        }
    }

    private void onWritable() {
        try {
            while (!pending.isEmpty()) {
                ByteBuffer head = pending.peek();
                int n = channel.write(head);
                buffered -= n;
                if (head.hasRemaining()) {
                    break;
                }
                pending.poll();
            }
        } catch (IOException e) {
            abort(e);
            return;
        }
        if (writingPaused && buffered <= lowWater) {
            writingPaused = false;
            wakeDrainers(null);
        }
        if (pending.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                loop.callSoon(() -> connectionLost(closeError));
            } else if (eofPending) {
                shutdownOutput();
            }
        }
    }

    void writeEof() {
        if (tls != null) {
            throw new UnsupportedOperationException("TLS doesn't support half-closes: "
                    + "StreamWriter.writeEof() on " + channel);
        }
        if (closing || eofPending || eofWritten) {
            return;
        }
        if (pending.isEmpty()) {
            shutdownOutput();
        } else {
            eofPending = true;
        }
    }

    private void shutdownOutput() {
        eofPending = false;
        eofWritten = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            abort(e);
        }
    }

    long writeBufferSize() {
        return buffered;
    }

    void setWriteBufferLimits(int high, int low) {
        if (high < low || low < 0) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") >= 0");
        }
        highWater = high;
        lowWater = low;
    }

    /**
     * The drain coroutine's step: null when the writer may go on, a future to wait for when it
     * must not.
     */
    Object drainStep() throws IOException {
        if (reader.exceptionOrNull() != null) {
            throw Streams.asIo(reader.exceptionOrNull());
        }
        if (lost) {
            throw lostWith != null ? Streams.asIo(lostWith) : new SocketException("Connection lost");
        }
        if (!writingPaused) {
            return null;
        }
        Future<Void> f = loop.createFuture();
        drainWaiters.add(f);
        return f;
    }

    void forgetDrainer(Future<?> f) {
        drainWaiters.remove(f);
    }

    private void wakeDrainers(Throwable error) {
        for (Future<Void> f : drainWaiters) {
            if (!f.done()) {
                if (error == null) {
                    f.setResult(null);
                } else {
                    f.setException(error);
                }
            }
        }
        drainWaiters.clear();
    }

    // ---- closing

    boolean isClosing() {
        return closing;
    }

    void close() {
        if (!closing) {
            startClosing(true);
        }
    }

    /**
     * Closes once the buffered bytes (a TLS alert, say) are sent, then ends the reader and any
     * waiting drain with {@code error}.
     */
    void closeWithError(Throwable error) {
        if (lost) {
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
        loop.removeReader(channel);
        if (closeNotify && tls != null) {
            tls.closeOutbound();
        }
        if (pending.isEmpty()) {
            loop.callSoon(() -> connectionLost(closeError));
        }
    }

    void abort(Throwable error) {
        if (lost) {
            return;
        }
        closing = true;
        aborted = true;
        pending.clear();
        buffered = 0;
        if (channel.isOpen()) {
            loop.removeReader(channel);
            loop.removeWriter(channel);
        }
        loop.callSoon(() -> connectionLost(error));
    }

    private void connectionLost(Throwable error) {
        if (lost) {
            return;
        }
        lost = true;
        lostWith = error;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket that already failed: nothing more to report.
        }
        if (error == null) {
            reader.feedEof();
        } else {
            reader.setException(error);
        }
        wakeDrainers(error != null ? error : new SocketException("Connection lost"));
        if (tls != null) {
            tls.connectionLost(error);
        }
        if (!closed.done()) {
            closed.setResult(null);
        }
        if (onLost != null) {
            onLost.run();
        }
    }

    // ---- what StreamReader and StreamWriter ask of any StreamTransport

    @Override
    EventLoop loop() {
        return loop;
    }

    @Override
    Future<Void> closed() {
        return closed;
    }

    @Override
    StreamReader reader() {
        return reader;
    }

    @Override
    Object extraInfo(String name) {
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
        return channel.toString();
    }
}
