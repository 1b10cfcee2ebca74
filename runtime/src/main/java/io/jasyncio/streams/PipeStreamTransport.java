package io.jasyncio.streams;

import io.jasyncio.BaseTransport;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;

/**
 * What the two stream adapters of a child's pipes share: the loop, the protocol-level pipe
 * transport they stand on (which does the closing and answers {@code isClosing} and the extra
 * information), and the future {@link StreamWriter#waitClosed()} waits for. Loop thread only.
 *
 * @param <P> the kind of pipe: {@link io.jasyncio.ReadTransport} or
 *     {@link io.jasyncio.WriteTransport}
 */
abstract class PipeStreamTransport<P extends BaseTransport> extends StreamTransport {
    final EventLoop loop;
    final P pipe;
    private final Future<Void> closed;

    PipeStreamTransport(EventLoop loop, P pipe) {
        this.loop = loop;
        this.pipe = pipe;
        this.closed = loop.createFuture();
    }

    /** The pipe is lost: streams waiting for the close may go on. */
    final void markClosed() {
        if (!closed.done()) {
            closed.setResult(null);
        }
    }

    @Override
    final EventLoop loop() {
        return loop;
    }

    @Override
    final void close() {
        pipe.close();
    }

    @Override
    final boolean isClosing() {
        return pipe.isClosing();
    }

    @Override
    final Future<Void> closed() {
        return closed;
    }

    @Override
    final Object extraInfo(String name) {
        return pipe.getExtraInfo(name);
    }

    @Override
    public final String toString() {
        return pipe.toString();
    }
}
