package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link StreamWriter#drain()} waits on, for a socket stream ({@link StreamReaderProtocol})
 * and a child's stdin ({@link PipeWriteTransport}) alike: paused between the transport's
 * {@code pauseWriting} and {@code resumeWriting}, with the drains waiting meanwhile, and the
 * connection's loss, after which every drain raises. Loop thread only.
 *
 * @implNote asyncio's {@code FlowControlMixin}.
 */
final class FlowControl {
    /** Created on the first drain that has to wait: most connections never pause. */
    private List<Future<Void>> drainWaiters;

    private boolean paused;
    private boolean lost;
    private Throwable lostWith;

    /** The transport's {@code pauseWriting}. */
    void pause() {
        paused = true;
    }

    /** The transport's {@code resumeWriting}: waiting drains return. */
    void resume() {
        paused = false;
        wake(null);
    }

    /**
     * The connection is gone.
     *
     * @param error what it ended with, or null for a normal end; later drains raise it
     * @param wakeWith what drains waiting now raise, or null to let them return
     */
    void lost(Throwable error, Throwable wakeWith) {
        lost = true;
        lostWith = error;
        paused = false;
        wake(wakeWith);
    }

    /** The drain coroutine's step: null when the writer may go on, else a future to wait for. */
    Object drainStep(EventLoop loop) throws IOException {
        if (lost) {
            throw lostWith != null ? Streams.asIo(lostWith) : new SocketException("Connection lost");
        }
        if (!paused) {
            return null;
        }
        Future<Void> f = loop.createFuture();
        if (drainWaiters == null) {
            drainWaiters = new ArrayList<>(1);
        }
        drainWaiters.add(f);
        return f;
    }

    /** A drain that stopped waiting (it was cancelled). */
    void forget(Future<?> f) {
        if (drainWaiters != null) {
            drainWaiters.remove(f);
        }
    }

    private void wake(Throwable error) {
        List<Future<Void>> waiters = drainWaiters;
        if (waiters == null) {
            return;
        }
        for (Future<Void> f : waiters) {
            if (!f.done()) {
                if (error == null) {
                    f.setResult(null);
                } else {
                    f.setException(error);
                }
            }
        }
        waiters.clear();
    }
}
