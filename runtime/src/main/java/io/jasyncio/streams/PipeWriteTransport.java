package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A child process's stdin behind a {@link StreamWriter} on the loop.
 *
 * <h2>Why a thread</h2>
 * {@link Process#getOutputStream()} is a blocking stream over a pipe, not a selectable channel,
 * so a write could block the loop for as long as the child does not read. {@link #write} only
 * queues a copy of the bytes; one daemon thread per pipe (the pump) takes them in order, writes
 * and flushes them, and tells the loop through {@code callSoonThreadsafe} how many bytes are
 * gone, which is what {@link StreamWriter#drain()} waits on (the same high- and low-water marks
 * as a socket, 64 KiB and 16 KiB).
 *
 * <h2>Ending</h2>
 * {@link #close()} (and {@link #writeEof()}, the same for a pipe) queues an end marker: the
 * pump closes the pipe once everything before it is written, so the child reads end of file. A
 * write error (the child closed its stdin or died: "Broken pipe") ends the pump too; later
 * drains raise it. Either way {@link #closed()} completes on the loop.
 */
final class PipeWriteTransport extends PipeTransport {
    private static final byte[] END = new byte[0];

    private final OutputStream out;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    // Loop thread only:
    private final List<Future<Void>> drainWaiters = new ArrayList<>();
    private long buffered;
    private int highWater = SocketTransport.HIGH_WATER;
    private int lowWater = SocketTransport.LOW_WATER;
    private boolean writingPaused;
    private boolean lost;
    private Throwable lostWith;

    PipeWriteTransport(EventLoop loop, OutputStream out, String name) {
        super(loop, out, name);
        this.out = out;
        startPump();
    }

    @Override
    void pump() {
        Throwable error = null;
        try {
            while (true) {
                // Polled, not taken: once the loop is closed nobody will close this pipe.
                byte[] chunk = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (chunk == null) {
                    if (loop.isClosed()) {
                        break;
                    }
                    continue;
                }
                if (chunk == END) {
                    break;
                }
                out.write(chunk);
                out.flush();
                int n = chunk.length;
                if (!post(() -> written(n))) {
                    break;
                }
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            error = e;
        }
        try {
            out.close();
        } catch (IOException e) {
            if (error == null) {
                error = e; // the last flush failed: the child is gone
            }
        }
        Throwable failure = error;
        post(() -> finished(failure));
    }

    private void written(int n) {
        buffered -= n;
        if (writingPaused && buffered <= lowWater) {
            writingPaused = false;
            wakeDrainers(null);
        }
    }

    private void finished(Throwable error) {
        lost = true;
        lostWith = error;
        closing = true;
        buffered = 0;
        queue.clear();
        wakeDrainers(error != null ? error : new SocketException("Connection lost"));
        if (!closed.done()) {
            closed.setResult(null);
        }
    }

    @Override
    void write(ByteBuffer data) {
        if (lost || closing || !data.hasRemaining()) {
            return; // as asyncio, writes to a closed pipe are dropped
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        buffered += copy.length;
        queue.add(copy);
        if (!writingPaused && buffered > highWater) {
            writingPaused = true;
        }
    }

    @Override
    void writeEof() {
        close();
    }

    @Override
    Object drainStep() throws IOException {
        if (lost && lostWith != null) {
            throw Streams.asIo(lostWith);
        }
        if (lost) {
            throw new SocketException("Connection lost");
        }
        if (!writingPaused) {
            return null;
        }
        Future<Void> f = loop.createFuture();
        drainWaiters.add(f);
        return f;
    }

    @Override
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

    @Override
    void setWriteBufferLimits(int high, int low) {
        if (high < low || low < 0) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") >= 0");
        }
        highWater = high;
        lowWater = low;
    }

    @Override
    long writeBufferSize() {
        return buffered;
    }

    @Override
    void close() {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(END);
    }

    /**
     * For the loop-is-closed path: nobody will run {@link #close()} on a loop thread any more,
     * yet the pump must end.
     */
    void closeFromAnyThread() {
        queue.add(END);
    }

    @Override
    StreamReader reader() {
        return null;
    }
}
