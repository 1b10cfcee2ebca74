package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.ReadTransport;

/**
 * A child's stdout or stderr as the {@link StreamTransport} of a {@link StreamReader}: the
 * {@link ReadTransport} of the child's {@link io.jasyncio.SubprocessTransport} does the
 * reading (its pump, its one credit); {@link SubprocessStreamProtocol} feeds what it delivers to
 * the reader, and the reader's flow control pauses and resumes it. So a child writing faster
 * than the coroutine reads blocks on its full pipe, and this process holds at most about twice
 * the reader's limit plus one chunk. Loop thread only.
 */
final class PipeReadTransport extends PipeStreamTransport<ReadTransport> {
    private final StreamReader reader;

    PipeReadTransport(EventLoop loop, ReadTransport pipe, int limit) {
        super(loop, pipe);
        this.reader = new StreamReader(limit, this);
    }

    /** The protocol's {@code pipeDataReceived}. */
    void received(byte[] data) {
        reader.feedData(data, 0, data.length);
    }

    /** The protocol's {@code pipeConnectionLost}: end of stream, or the read error. */
    void lost(Throwable exc) {
        if (exc == null) {
            reader.feedEof();
        } else {
            reader.setException(exc);
        }
        markClosed();
    }

    @Override
    void pauseReading() {
        pipe.pauseReading();
    }

    @Override
    void resumeReading() {
        pipe.resumeReading();
    }

    @Override
    StreamReader reader() {
        return reader;
    }
}
