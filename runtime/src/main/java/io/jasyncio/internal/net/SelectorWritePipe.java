package io.jasyncio.internal.net;

import io.jasyncio.BaseProtocol;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The writing end of a pipe (or any selectable writable channel) on the loop's selector:
 * {@link #write} writes at once what the pipe takes and buffers the rest, sent when the pipe is
 * writable; the protocol hears {@code pauseWriting} above the high-water mark (64 KiB) and
 * {@code resumeWriting} at or under the low one (16 KiB). {@link #close()} (or
 * {@link #writeEof()}) sends what is buffered, then closes the pipe and the protocol hears
 * {@code connectionLost(null)}. The reading half of {@link Transport} does not apply: the pipe
 * never reads ({@link #isReading()} is false, pausing and resuming do nothing).
 *
 * <p>asyncio also watches a write pipe for reading to learn early that the reader closed; a
 * {@link java.nio.channels.Pipe.SinkChannel} cannot be watched so, and the next write fails
 * instead ("Broken pipe"), which closes the transport with that error.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors asyncio's {@code unix_events._UnixWritePipeTransport}.
 */
final class SelectorWritePipe implements Transport {
    private static final System.Logger LOG = System.getLogger("io.jasyncio.streams");
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

    private final EventLoop loop;
    private final SelectableChannel channel;
    private final WritableByteChannel out;
    private BaseProtocol protocol;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long bufferSize;
    private int highWater = SocketTransport.HIGH_WATER;
    private int lowWater = SocketTransport.LOW_WATER;
    private boolean protocolPaused;
    private boolean closing;
    private int connLost;
    private boolean lost;

    SelectorWritePipe(EventLoop loop, SelectableChannel channel, BaseProtocol protocol, Runnable waiter) {
        this.loop = loop;
        this.channel = channel;
        this.out = (WritableByteChannel) channel;
        this.protocol = protocol;
        loop.callSoon(() -> protocol.connectionMade(this));
        loop.callSoon(waiter);
    }

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        if (connLost > 0 || closing) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                LOG.log(System.Logger.Level.WARNING, "pipe closed by peer or os.write(pipe, data) raised exception.");
            }
            connLost++;
            data.position(data.limit());
            return;
        }
        if (pending.isEmpty()) {
            try {
                out.write(data);
            } catch (IOException e) {
                connLost++;
                fatalError(e, "Fatal write error on pipe transport");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            loop.addWriter(channel, this::writeReady);
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        pending.add(copy);
        bufferSize += copy.remaining();
        if (bufferSize > highWater && !protocolPaused) {
            protocolPaused = true;
            try {
                protocol.pauseWriting();
            } catch (RuntimeException e) {
                loop.callExceptionHandler(
                        ErrorContext.ofTransport("protocol.pauseWriting() failed", e, this, protocol));
            }
        }
    }

    private void writeReady() {
        try {
            while (!pending.isEmpty()) {
                ByteBuffer head = pending.peek();
                bufferSize -= out.write(head);
                if (head.hasRemaining()) {
                    break;
                }
                pending.poll();
            }
        } catch (IOException e) {
            pending.clear();
            bufferSize = 0;
            connLost++;
            loop.removeWriter(channel);
            fatalError(e, "Fatal write error on pipe transport");
            return;
        }
        if (protocolPaused && bufferSize <= lowWater) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (RuntimeException e) {
                loop.callExceptionHandler(
                        ErrorContext.ofTransport("protocol.resumeWriting() failed", e, this, protocol));
            }
        }
        if (pending.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                callConnectionLost(null);
            }
        }
    }

    private void fatalError(IOException e, String message) {
        report(loop, e, message, this, protocol);
        close(e);
    }

    /** asyncio's {@code _fatal_error}: I/O errors are logged in debug mode only. */
    static void report(EventLoop loop, Throwable e, String message, Transport t, BaseProtocol p) {
        if (e instanceof IOException) {
            if (loop.getDebug()) {
                LOG.log(System.Logger.Level.DEBUG, () -> t + ": " + message, e);
            }
        } else {
            loop.callExceptionHandler(ErrorContext.ofTransport(message, e, t, p));
        }
    }

    static void closeQuietly(Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // The pipe is being discarded; the transport's outcome is already decided.
        }
    }

    private void close(Throwable error) {
        closing = true;
        if (!pending.isEmpty() && channel.isOpen()) {
            loop.removeWriter(channel);
        }
        pending.clear();
        bufferSize = 0;
        connLost++;
        loop.callSoon(() -> callConnectionLost(error));
    }

    private void callConnectionLost(Throwable error) {
        if (lost) {
            return;
        }
        lost = true;
        try {
            protocol.connectionLost(error);
        } finally {
            closeQuietly(channel);
        }
    }

    @Override
    public void writeEof() {
        if (closing) {
            return;
        }
        closing = true;
        if (pending.isEmpty()) {
            connLost++;
            loop.callSoon(() -> callConnectionLost(null));
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void close() {
        if (!closing) {
            writeEof();
        }
    }

    @Override
    public void abort() {
        close(null);
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        if (high < low || low < 0) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        highWater = high;
        lowWater = low;
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return new WriteBufferLimits(lowWater, highWater);
    }

    @Override
    public long getWriteBufferSize() {
        return bufferSize;
    }

    @Override
    public Object getExtraInfo(String name) {
        return "pipe".equals(name) ? channel : null;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public void pauseReading() {
        // A write pipe never reads.
    }

    @Override
    public void resumeReading() {
        // A write pipe never reads.
    }

    @Override
    public boolean isReading() {
        return false;
    }

    @Override
    public String toString() {
        return "<SelectorWritePipe " + channel + (closing ? " closing" : "") + " bufsize=" + bufferSize + ">";
    }
}
