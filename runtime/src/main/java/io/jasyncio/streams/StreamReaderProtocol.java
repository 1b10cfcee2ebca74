package io.jasyncio.streams;

import io.jasyncio.Coroutine;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Protocol;
import io.jasyncio.Task;
import io.jasyncio.Transport;
import io.jasyncio.internal.net.SocketStreams;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;

/**
 * Streams over a socket: the {@link Protocol} that feeds a {@link StreamReader} what its
 * {@link SocketTransport} reads, and the {@link StreamTransport} a {@link StreamWriter} writes
 * through (its writes go straight to the socket transport; {@code drain()} waits here, on the
 * protocol's {@code pauseWriting}/{@code resumeWriting}). On a server's connection it also
 * starts the client handler once the connection is made.
 *
 * <p>Per chunk read it costs one interface call over feeding the reader directly, and no
 * allocation: the reader copies from the transport's lent buffer into its own.
 *
 * @apiNote Mirrors asyncio's {@code StreamReaderProtocol} (with its {@code FlowControlMixin}).
 */
final class StreamReaderProtocol extends StreamTransport implements Protocol, SocketStreams.StreamProtocol {
    final StreamReader reader;
    /** The server's handler, started on connectionMade; null for a client's connection. */
    private final ClientConnected handler;

    Transport transport;
    private EventLoop loop;
    private Future<Void> closed;
    private final FlowControl flow = new FlowControl();

    StreamReaderProtocol(int limit, ClientConnected handler) {
        this.reader = new StreamReader(limit, this);
        this.handler = handler;
    }

    // ---- Protocol: what the socket transport calls

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        loop = SocketStreams.loopOf(t);
        closed = loop.createFuture();
        if (handler != null) {
            startHandler();
        }
    }

    private void startHandler() {
        Coroutine<Void> coro;
        try {
            coro = handler.handle(reader, new StreamWriter(this));
        } catch (RuntimeException e) {
            handlerFailed(e, null);
            return;
        }
        Task<Void> task = loop.createTask(coro);
        task.addDoneCallback(f -> {
            if (!f.cancelled() && f.exception() != null) {
                handlerFailed(f.exception(), f);
            }
        });
    }

    private void handlerFailed(Throwable e, Future<?> task) {
        loop.callExceptionHandler(
                new ErrorContext("Unhandled exception in client_connected_cb", e, task, null, transport, this));
        SocketStreams.abort(transport, null);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (data.hasArray()) {
            reader.feedData(data.array(), data.arrayOffset() + data.position(), data.remaining());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            reader.feedData(copy, 0, copy.length);
        }
    }

    /**
     * Ends the reader's stream and keeps the connection open for writing (TCP half-close),
     * unless this side already shut its output down (nothing is left to do with it then) or
     * the connection is over TLS, which has no half-close.
     */
    @Override
    public boolean eofReceived() {
        reader.feedEof();
        return transport.canWriteEof() && !SocketStreams.eofWritten(transport);
    }

    @Override
    public void connectionLost(Throwable error) {
        if (error == null) {
            reader.feedEof();
        } else {
            reader.setException(error);
        }
        flow.lost(error, error != null ? error : new SocketException("Connection lost"));
        if (!closed.done()) {
            closed.setResult(null);
        }
    }

    @Override
    public void pauseWriting() {
        flow.pause();
    }

    @Override
    public void resumeWriting() {
        flow.resume();
    }

    // ---- StreamTransport: what the reader and the writer ask

    @Override
    EventLoop loop() {
        return loop;
    }

    /**
     * The reader's flow control paused the transport (asyncio's {@code StreamReader._paused}):
     * only then does the reader resume it, so a pause made through
     * {@link StreamWriter#transport()} holds while a read waits, as in asyncio.
     */
    private boolean readerPaused;

    @Override
    void pauseReading() {
        if (transport != null && !readerPaused) {
            readerPaused = true;
            transport.pauseReading();
        }
    }

    @Override
    void resumeReading() {
        if (transport != null && readerPaused) {
            readerPaused = false;
            transport.resumeReading();
        }
    }

    @Override
    void write(ByteBuffer data) {
        transport.write(data);
    }

    @Override
    void writeEof() {
        transport.writeEof();
    }

    @Override
    boolean canWriteEof() {
        return transport.canWriteEof();
    }

    @Override
    Object drainStep() throws IOException {
        if (reader.exceptionOrNull() != null) {
            throw Streams.asIo(reader.exceptionOrNull());
        }
        return flow.drainStep(loop);
    }

    @Override
    void forgetDrainer(Future<?> f) {
        flow.forget(f);
    }

    @Override
    void setWriteBufferLimits(int high, int low) {
        transport.setWriteBufferLimits(high, low);
    }

    @Override
    long writeBufferSize() {
        return transport.getWriteBufferSize();
    }

    @Override
    void close() {
        transport.close();
    }

    @Override
    boolean isClosing() {
        return transport.isClosing();
    }

    @Override
    Future<Void> closed() {
        return closed;
    }

    @Override
    Object extraInfo(String name) {
        return transport.getExtraInfo(name);
    }

    @Override
    StreamReader reader() {
        return reader;
    }

    @Override
    public String toString() {
        return String.valueOf(transport);
    }
}
