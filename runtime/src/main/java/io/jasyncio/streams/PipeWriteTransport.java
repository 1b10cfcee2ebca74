package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.WriteTransport;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A child's stdin as the {@link StreamTransport} of a {@link StreamWriter}: writes go to the
 * {@link WriteTransport} of the child's {@link io.jasyncio.SubprocessTransport} (never
 * blocking; its pump writes), and {@link StreamWriter#drain()} waits while the protocol is paused
 * by that pipe's water marks (64 KiB and 16 KiB, as a socket's). When the pipe is lost, waiting
 * drains wake (with the pipe's error, if any) and later drains raise. Loop thread only.
 *
 * @implNote The flow-control half of asyncio's {@code SubprocessStreamProtocol}, which is a
 *     {@code FlowControlMixin}.
 */
final class PipeWriteTransport extends PipeStreamTransport<WriteTransport> {
    private final FlowControl flow = new FlowControl();

    PipeWriteTransport(EventLoop loop, WriteTransport pipe) {
        super(loop, pipe);
    }

    /** The protocol's {@code pauseWriting}. */
    void pause() {
        flow.pause();
    }

    /** The protocol's {@code resumeWriting}. */
    void resume() {
        flow.resume();
    }

    /** The protocol's {@code pipeConnectionLost(0, exc)}. */
    void lost(Throwable exc) {
        flow.lost(exc, exc);
        markClosed();
    }

    @Override
    void write(ByteBuffer data) {
        if (data.hasRemaining()) {
            pipe.write(data);
        }
    }

    @Override
    void writeEof() {
        pipe.writeEof();
    }

    @Override
    Object drainStep() throws IOException {
        return flow.drainStep(loop);
    }

    @Override
    void forgetDrainer(Future<?> f) {
        flow.forget(f);
    }

    @Override
    void setWriteBufferLimits(int high, int low) {
        pipe.setWriteBufferLimits(high, low);
    }

    @Override
    long writeBufferSize() {
        return pipe.getWriteBufferSize();
    }

    @Override
    StreamReader reader() {
        return null;
    }
}
