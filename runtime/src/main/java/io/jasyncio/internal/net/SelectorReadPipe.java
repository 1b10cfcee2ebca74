package io.jasyncio.internal.net;

import io.jasyncio.BaseProtocol;
import io.jasyncio.EventLoop;
import io.jasyncio.Protocol;
import io.jasyncio.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.util.Objects;

/**
 * The reading end of a pipe (or any selectable readable channel) on the loop's selector: each
 * read reaches {@link Protocol#dataReceived}, end of file {@link Protocol#eofReceived} and then
 * {@code connectionLost(null)}. The writing half of {@link Transport} does not apply: its
 * methods throw {@link UnsupportedOperationException} (asyncio's read pipe transport has none).
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors asyncio's {@code unix_events._UnixReadPipeTransport}.
 */
final class SelectorReadPipe implements Transport {
    /** asyncio's {@code max_size}. */
    private static final int MAX_SIZE = 256 * 1024;

    private final EventLoop loop;
    private final SelectableChannel channel;
    private final ReadableByteChannel in;
    private Protocol protocol;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_SIZE);
    private boolean closing;
    private boolean paused;
    private boolean lost;

    SelectorReadPipe(EventLoop loop, SelectableChannel channel, Protocol protocol, Runnable waiter) {
        this.loop = loop;
        this.channel = channel;
        this.in = (ReadableByteChannel) channel;
        this.protocol = protocol;
        loop.callSoon(() -> protocol.connectionMade(this));
        loop.callSoon(() -> {
            if (!closing && !paused) {
                loop.addReader(channel, this::readReady);
            }
        });
        loop.callSoon(waiter);
    }

    private void readReady() {
        int n;
        try {
            buffer.clear();
            n = in.read(buffer);
        } catch (IOException e) {
            SelectorWritePipe.report(loop, e, "Fatal read error on pipe transport", this, protocol);
            close(e);
            return;
        }
        if (n > 0) {
            protocol.dataReceived(buffer.flip());
        } else if (n < 0) {
            closing = true;
            loop.removeReader(channel);
            Protocol p = protocol;
            loop.callSoon(p::eofReceived);
            loop.callSoon(() -> callConnectionLost(null));
        }
    }

    private void close(Throwable error) {
        closing = true;
        if (channel.isOpen()) {
            loop.removeReader(channel);
        }
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
            SelectorWritePipe.closeQuietly(channel);
        }
    }

    @Override
    public void pauseReading() {
        if (closing || paused) {
            return;
        }
        paused = true;
        loop.removeReader(channel);
    }

    @Override
    public void resumeReading() {
        if (closing || !paused) {
            return;
        }
        paused = false;
        loop.addReader(channel, this::readReady);
    }

    @Override
    public boolean isReading() {
        return !paused && !closing;
    }

    @Override
    public void close() {
        if (!closing) {
            close(null);
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
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
        if (!(Objects.requireNonNull(protocol, "protocol") instanceof Protocol p)) {
            throw new IllegalArgumentException("a read pipe drives a Protocol, not " + protocol);
        }
        this.protocol = p;
    }

    private static UnsupportedOperationException readOnly(String method) {
        return new UnsupportedOperationException("a read pipe transport cannot " + method);
    }

    @Override
    public void write(byte[] data) {
        throw readOnly("write");
    }

    @Override
    public void write(ByteBuffer data) {
        throw readOnly("write");
    }

    @Override
    public void writeEof() {
        throw readOnly("writeEof");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    /** asyncio's {@code _UnixReadPipeTransport} has no {@code abort}; closing is the same. */
    @Override
    public void abort() {
        close();
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        throw readOnly("setWriteBufferLimits");
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        throw readOnly("getWriteBufferLimits");
    }

    @Override
    public long getWriteBufferSize() {
        return 0;
    }

    @Override
    public String toString() {
        return "<SelectorReadPipe " + channel + (closing ? " closing" : paused ? " paused" : "") + ">";
    }
}
