package io.jasyncio.internal.process;

import io.jasyncio.ErrorContext;
import io.jasyncio.ReadTransport;
import io.jasyncio.SubprocessProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A child's piped stdout or stderr: its pump reads the pipe, and each chunk (up to 64 KiB)
 * reaches {@link SubprocessProtocol#pipeDataReceived} on the loop.
 *
 * <h2>Back-pressure: one credit</h2>
 * The pump needs a credit to read, and there is one. The loop gives it back once the protocol's
 * {@code pipeDataReceived} for the last chunk has returned, unless reading is paused
 * ({@link #pauseReading()}), in which case it keeps it until {@link #resumeReading()}. A chunk
 * the pump had already read when reading was paused is held, not delivered, until the resume. So
 * while paused the protocol hears nothing, this process holds at most one chunk, and a child
 * that goes on writing blocks on its full pipe.
 *
 * <h2>Ending</h2>
 * At end of file (the child, and every grandchild holding the pipe, closed it) or on a read
 * error the pump closes its end and ends, and the protocol hears
 * {@link SubprocessProtocol#pipeConnectionLost}. {@link #close()} drops what was not delivered,
 * tells the protocol on the next iteration, and makes the pump stop at its next credit: a pump
 * blocked in a read stops only when the child writes, closes the pipe or exits, since no JDK
 * call interrupts that read.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.ReadTransport} as asyncio's {@code _UnixReadPipeTransport}
 *     implements it for a child's pipe.
 */
final class ReadPipeTransport extends PipeTransport implements ReadTransport {
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final Semaphore credit = new Semaphore(1);
    private volatile boolean stopped;
    // Loop thread only:
    private boolean paused;
    private boolean creditOwed;
    private byte[] held;

    ReadPipeTransport(ProcessTransport owner, int fd, InputStream in, String name) {
        super(owner, fd, in, name);
        this.in = in;
    }

    /**
     * Holds the stream's monitor for the pump's whole life. When the child exits, the JDK's
     * reaper thread calls the stream's {@code synchronized processExited()}, which drains what
     * the pipe holds into memory and closes it, so that output a grandchild writes later would be
     * lost (asyncio keeps reading until every writer has closed the pipe). AsyncWith the monitor
     * makes that hook wait until this pump has read to the end and closed the stream itself;
     * the reaper thread of this one child waits meanwhile, and the exit still reaches the loop,
     * through {@link Process#onExit()}, which does not wait for the hook. (A child that exits
     * before its pump first takes the monitor, microseconds after it started, still has its pipe
     * drained and closed by the JDK; its own output is kept either way.)
     */
    @Override
    void pump() {
        synchronized (in) {
            pumpHoldingTheStream();
        }
    }

    private void pumpHoldingTheStream() {
        byte[] buf = new byte[CHUNK];
        Throwable error = null;
        try {
            while (takeCredit() && !stopped) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                byte[] chunk = Arrays.copyOf(buf, n);
                if (!post(() -> arrived(chunk))) {
                    break;
                }
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            error = e;
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // The pipe is done with either way.
            }
        }
        Throwable failure = error;
        post(() -> ended(failure));
    }

    /**
     * Waits for the credit. A paused pipe of a loop that was closed will never get it back, so
     * the wait looks at the loop once a second: the pump then ends and closes the pipe rather
     * than wait forever.
     */
    private boolean takeCredit() throws InterruptedException {
        while (!credit.tryAcquire(1, TimeUnit.SECONDS)) {
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

    private void arrived(byte[] chunk) {
        if (closing) {
            return; // closed: the chunk is dropped, and the pump, told to stop, needs no credit
        }
        if (paused) {
            held = chunk;
            return;
        }
        owner.dataReceived(this, chunk);
    }

    /** After the protocol's {@code pipeDataReceived} for a chunk: the pump may read again. */
    void consumed() {
        if (paused && !closing) {
            creditOwed = true;
        } else {
            credit.release();
        }
    }

    private void ended(Throwable error) {
        if (disconnected) {
            return;
        }
        if (error != null && !stopped) {
            loop.callExceptionHandler(ErrorContext.of("Fatal read error on pipe transport " + this, error));
            lost(error);
        } else {
            lost(null);
        }
    }

    /**
     * Stops delivering data until {@link #resumeReading()}; the pump stops reading, so the child
     * blocks once its pipe is full. Does nothing if already paused or closing.
     *
     * @apiNote Mirrors {@code ReadTransport.pause_reading()}.
     */
    @Override
    public void pauseReading() {
        if (closing || paused) {
            return;
        }
        paused = true;
    }

    /**
     * Delivers data again after {@link #pauseReading()}: a chunk held back comes on the next
     * iteration. Does nothing unless paused, or once closing.
     *
     * @apiNote Mirrors {@code ReadTransport.resume_reading()}.
     */
    @Override
    public void resumeReading() {
        if (closing || !paused) {
            return;
        }
        paused = false;
        if (held != null) {
            byte[] chunk = held;
            held = null;
            loop.callSoon(() -> arrived(chunk));
        } else if (creditOwed) {
            creditOwed = false;
            credit.release();
        }
    }

    /**
     * Tells whether data is being delivered.
     *
     * @return false while paused or once closing
     * @apiNote Mirrors {@code ReadTransport.is_reading()}.
     */
    @Override
    public boolean isReading() {
        return !paused && !closing;
    }

    /**
     * Closes the pipe: data not yet delivered is dropped, and
     * {@link SubprocessProtocol#pipeConnectionLost} with null follows on the next iteration. The
     * pump closes this process's end of the pipe when it next wakes (a child writing more then
     * gets {@code SIGPIPE}). Closing twice does nothing.
     *
     * @apiNote Mirrors {@code BaseTransport.close()} of asyncio's read pipe transport.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        stopped = true;
        held = null;
        credit.release(); // wake a pump waiting for its credit, so it sees it must stop
        loop.callSoon(() -> lost(null));
    }
}
