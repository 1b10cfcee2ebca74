package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a {@link StreamReader} and a {@link StreamWriter} need from the thing that moves their
 * bytes: a socket (through {@link StreamReaderProtocol}, the protocol of its {@link SocketTransport}) or a child process's pipe ({@link PipeReadTransport}, {@link PipeWriteTransport}).
 * Every method runs on the loop thread. A read-only transport (a child's stdout) leaves the
 * writing methods to their defaults; a write-only one (a child's stdin) the reading ones.
 */
abstract class StreamTransport {

    /** The loop the transport's callbacks run on. */
    abstract EventLoop loop();

    /** The reader's flow control: more than twice its limit is buffered. */
    void pauseReading() {}

    /** The reader's flow control: the buffer is back under its limit, or a read waits. */
    void resumeReading() {}

    void write(ByteBuffer data) {
        throw new UnsupportedOperationException("this stream is read-only");
    }

    void writeEof() {
        throw new UnsupportedOperationException("this stream is read-only");
    }

    /** Tells whether {@link #writeEof()} is supported: true but over TLS. */
    boolean canWriteEof() {
        return true;
    }

    /** The drain coroutine's step: null when the writer may go on, else a future to wait for. */
    Object drainStep() throws IOException {
        return null;
    }

    void forgetDrainer(Future<?> f) {}

    void setWriteBufferLimits(int high, int low) {}

    long writeBufferSize() {
        return 0;
    }

    abstract void close();

    abstract boolean isClosing();

    /** Done once the transport is closed and its resources released. */
    abstract Future<Void> closed();

    /** {@link StreamWriter#getExtraInfo}'s answer for {@code name}. */
    abstract Object extraInfo(String name);

    /** The reader of the same connection, or null for a write-only stream. */
    abstract StreamReader reader();
}
