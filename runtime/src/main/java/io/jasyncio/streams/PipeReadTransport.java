package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * A child process's stdout or stderr feeding a {@link StreamReader} on the loop.
 *
 * <h2>Why a thread</h2>
 * {@link Process#getInputStream()} is a blocking stream over a pipe, not a
 * {@link java.nio.channels.SelectableChannel}: the JDK gives no way to put it on the loop's
 * selector. So one daemon thread per pipe (the pump) does the blocking reads, at most 64 KiB at
 * a time, and hands each chunk to the loop with {@code callSoonThreadsafe}; the loop thread
 * alone touches the reader.
 *
 * <h2>Back-pressure</h2>
 * The pump needs a credit to read, and there is one credit: the loop gives it back once it has
 * fed the chunk to the reader, unless the reader's flow control paused the transport (more than
 * twice its limit buffered), in which case it keeps the credit until the reader resumes. A
 * child that writes faster than the coroutine reads therefore blocks on its full pipe, and this
 * process holds at most about twice the reader's limit plus one chunk.
 *
 * <h2>Ending</h2>
 * At end of stream or on a read error the pump closes the stream, tells the loop (end of stream
 * or the error for the reader, then {@link #closed()} completes) and ends. {@link #close()}
 * makes the pump stop at its next credit; so does closing the loop, which a pump waiting for a
 * credit notices within a second. A pump blocked in {@code read} stops only when the child (or
 * a grandchild holding the same pipe) writes, exits or closes it: no JDK call interrupts it.
 */
final class PipeReadTransport extends PipeTransport {
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final StreamReader reader;
    private final Semaphore credit = new Semaphore(1);
    private volatile boolean stopped;
    // Loop thread only:
    private boolean paused;
    private boolean creditOwed;

    PipeReadTransport(EventLoop loop, InputStream in, int limit, String name) {
        super(loop, in, name);
        this.in = in;
        this.reader = new StreamReader(limit, this);
        startPump();
    }

    @Override
    void pump() {
        byte[] buf = new byte[CHUNK];
        Throwable error = null;
        try {
            while (true) {
                if (!takeCredit() || stopped) {
                    break;
                }
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                byte[] chunk = Arrays.copyOf(buf, n);
                if (!post(() -> deliver(chunk))) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            error = e;
        } catch (InterruptedException e) {
            error = e;
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // The pipe is done with either way.
            }
        }
        Throwable failure = error;
        post(() -> finished(failure));
    }

    /**
     * Waits for the credit. A paused reader of a loop that was closed will never give it back,
     * so the wait looks at the loop once a second: the pump then ends and closes the pipe
     * rather than wait forever.
     */
    private boolean takeCredit() throws InterruptedException {
        while (!credit.tryAcquire(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (loop.isClosed()) {
                stopped = true;
                return false;
            }
        }
        return true;
    }

    @Override
    void loopClosed() {
        stopped = true;
    }

    private void deliver(byte[] chunk) {
        if (!closing) {
            reader.feedData(chunk, 0, chunk.length);
        }
        if (paused && !closing) {
            creditOwed = true;
        } else {
            credit.release();
        }
    }

    private void finished(Throwable error) {
        if (!closing) {
            if (error == null || stopped) {
                reader.feedEof();
            } else {
                reader.setException(error);
            }
        }
        closing = true;
        if (!closed.done()) {
            closed.setResult(null);
        }
    }

    @Override
    void pauseReading() {
        paused = true;
    }

    @Override
    void resumeReading() {
        if (paused) {
            paused = false;
            if (creditOwed) {
                creditOwed = false;
                credit.release();
            }
        }
    }

    @Override
    void close() {
        if (closing) {
            return;
        }
        closing = true;
        stopped = true;
        reader.feedEof();
        credit.release();
    }

    @Override
    StreamReader reader() {
        return reader;
    }
}
