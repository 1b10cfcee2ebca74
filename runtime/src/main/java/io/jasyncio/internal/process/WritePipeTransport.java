package io.jasyncio.internal.process;

import io.jasyncio.SubprocessProtocol;
import io.jasyncio.WriteTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A child's piped stdin. {@link #write} never blocks: it queues a copy of the bytes, and the pump
 * writes them in order, at most 64 KiB at a time, telling the loop after each piece how much is
 * gone, which is what {@link #getWriteBufferSize()} counts down.
 *
 * <h2>Flow control</h2>
 * When the buffered size goes over the high-water mark (64 KiB), the child's protocol hears
 * {@link SubprocessProtocol#pauseWriting()}; when it is back at or under the low-water mark
 * (16 KiB), {@link SubprocessProtocol#resumeWriting()}.
 *
 * <h2>Ending</h2>
 * {@link #close()} and {@link #writeEof()} let the pump write what is queued, then close the
 * pipe, so the child reads end of file; then {@link SubprocessProtocol#pipeConnectionLost} with
 * null. A failed write (the child closed its stdin: "Broken pipe") ends the pipe with that
 * {@link IOException}. When the child exits, the pipe ends at once: with null if everything was
 * written, else with an {@code IOException} "Broken pipe". (asyncio learns that the reading end
 * closed from the selector; the JDK cannot tell, so the child's exit stands for it. A grandchild
 * that inherited the pipe and still reads it gets end of file then.) Writes to a closing or
 * closed pipe are dropped, as in asyncio.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.WriteTransport} as asyncio's {@code _UnixWritePipeTransport}
 *     implements it for a child's stdin.
 */
final class WritePipeTransport extends PipeTransport implements WriteTransport {
    /** The default high-water mark, asyncio's 64 KiB. */
    static final int HIGH_WATER = 64 * 1024;
    /** The default low-water mark, asyncio's 16 KiB. */
    static final int LOW_WATER = 16 * 1024;

    private static final int SLICE = 64 * 1024;
    private static final byte[] END = new byte[0];

    private final OutputStream out;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    /**
     * Bytes queued and not yet written, counted down by the pump as soon as a write returns,
     * under {@link #writing}; {@code buffered} lags behind it by the reports still on their way
     * to the loop.
     */
    private final AtomicLong unwritten = new AtomicLong();
    /**
     * Held by the pump from a write's start until {@link #unwritten} counts it, so the loop can
     * tell "nothing in flight" from "a write may have just succeeded" when the child exits.
     */
    private final ReentrantLock writing = new ReentrantLock();
    // Loop thread only:
    private long buffered;
    private int highWater = HIGH_WATER;
    private int lowWater = LOW_WATER;
    private boolean protocolPaused;
    /**
     * The loss is queued (by {@link #abort()}, or an end with nothing left to write): what the
     * pump reports later is moot.
     */
    private boolean lossQueued;

    WritePipeTransport(ProcessTransport owner, OutputStream out, String name) {
        super(owner, 0, out, name);
        this.out = out;
    }

    @Override
    void pump() {
        Throwable error = null;
        try {
            while (true) {
                // Polled, not taken: once the loop is closed nobody will close this pipe.
                byte[] chunk = queue.poll(1, TimeUnit.SECONDS);
                if (chunk == null) {
                    if (loop.isClosed()) {
                        break;
                    }
                    continue;
                }
                if (chunk == END) {
                    break;
                }
                boolean posted = true;
                for (int off = 0; off < chunk.length && posted; off += SLICE) {
                    int n = Math.min(SLICE, chunk.length - off);
                    writing.lock();
                    try {
                        out.write(chunk, off, n);
                        out.flush();
                        unwritten.addAndGet(-n);
                    } finally {
                        writing.unlock();
                    }
                    posted = post(() -> written(n));
                }
                if (!posted) {
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
        post(() -> ended(failure));
    }

    private void written(int n) {
        if (disconnected) {
            return;
        }
        buffered -= n;
        maybeResumeProtocol();
        owner.stdinSettled();
    }

    private void ended(Throwable error) {
        if (disconnected || lossQueued) {
            return;
        }
        drop();
        lost(error);
        owner.stdinSettled();
    }

    /**
     * The child exited: the pipe ends now, with an error if bytes were never written (as asyncio
     * ends it with {@code BrokenPipeError} when its buffer is not empty). A write in flight may
     * have just succeeded, or may be about to fail: then, unless {@code force}, nothing happens
     * and false is returned, and the owner asks again when the pump reports.
     *
     * @return true once the pipe is lost
     */
    boolean childExited(boolean force) {
        if (disconnected) {
            return true;
        }
        boolean idle = writing.tryLock();
        try {
            if (!idle && !force) {
                return false;
            }
            long left = unwritten.get();
            Throwable error = left > 0
                    ? new IOException("Broken pipe: the child exited with " + left + " bytes of stdin unwritten")
                    : null;
            drop();
            lost(error);
            return true;
        } finally {
            if (idle) {
                writing.unlock();
            }
        }
    }

    /** Forgets the queued bytes and tells the pump to close the pipe. */
    private void drop() {
        closing = true;
        buffered = 0;
        queue.clear();
        queue.add(END);
    }

    /** For the loop-is-closed path, on any thread: the pump must end although nobody will run close(). */
    void closeFromAnyThread() {
        queue.add(END);
    }

    /**
     * Queues {@code data} for the child, copied; a closing or closed pipe drops it. An empty array
     * writes nothing.
     *
     * @param data the bytes
     * @throws NullPointerException if {@code data} is null
     * @apiNote Mirrors {@code WriteTransport.write(data)}, which tries the pipe first; here the
     *     pump always writes, so {@link #getWriteBufferSize()} counts the bytes until it reports.
     */
    @Override
    public void write(byte[] data) {
        write(data, 0, Objects.requireNonNull(data, "data").length);
    }

    /**
     * Queues the bytes from {@code data}'s position to its limit, copied, and advances its
     * position to the limit; a closing or closed pipe drops them.
     *
     * @param data the bytes
     * @throws NullPointerException if {@code data} is null
     * @apiNote Mirrors {@code WriteTransport.write(data)} for a {@code memoryview}.
     */
    @Override
    public void write(ByteBuffer data) {
        int n = data.remaining();
        if (data.hasArray()) {
            write(data.array(), data.arrayOffset() + data.position(), n);
            data.position(data.limit());
        } else {
            byte[] copy = new byte[n];
            data.get(copy);
            write(copy, 0, n);
        }
    }

    /**
     * Queues {@code len} bytes of {@code data} from {@code off}, copied; a closing or closed pipe
     * drops them.
     *
     * @param data the bytes
     * @param off where they start
     * @param len how many
     * @throws NullPointerException if {@code data} is null
     * @throws IndexOutOfBoundsException if the range is not inside {@code data}
     * @apiNote Mirrors {@code WriteTransport.write(data[off:off + len])}.
     */
    void write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(data, "data").length);
        if (len == 0 || closing) {
            return;
        }
        byte[] copy = Arrays.copyOfRange(data, off, off + len);
        buffered += len;
        unwritten.addAndGet(len);
        queue.add(copy);
        maybePauseProtocol();
    }

    /**
     * Closes the pipe once the queued bytes are written, so the child reads end of file.
     * {@link SubprocessProtocol#pipeConnectionLost} with null follows. Does nothing once closing.
     *
     * @apiNote Mirrors {@code WriteTransport.write_eof()}: for a pipe, the same as closing.
     */
    @Override
    public void writeEof() {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(END);
        if (buffered == 0) {
            // As asyncio: with nothing left to write the loss is reported on the next iteration,
            // while the pump closes the pipe on its own time.
            lossQueued = true;
            loop.callSoon(() -> lost(null));
        }
    }

    /**
     * Tells whether {@link #writeEof()} is supported: always, for a pipe.
     *
     * @return true
     * @apiNote Mirrors {@code WriteTransport.can_write_eof()}.
     */
    @Override
    public boolean canWriteEof() {
        return true;
    }

    /**
     * The same as {@link #writeEof()}: the queued bytes are written, then the pipe is closed.
     *
     * @apiNote Mirrors {@code BaseTransport.close()} of asyncio's write pipe transport.
     */
    @Override
    public void close() {
        writeEof();
    }

    /**
     * Closes the pipe at once, dropping the queued bytes (a piece the pump is writing still goes
     * out); {@link SubprocessProtocol#pipeConnectionLost} with null follows on the next
     * iteration.
     *
     * @apiNote Mirrors {@code WriteTransport.abort()}.
     */
    @Override
    public void abort() {
        if (disconnected || lossQueued) {
            return;
        }
        lossQueued = true;
        drop();
        loop.callSoon(() -> lost(null));
    }

    /**
     * How many bytes are queued and not yet written to the pipe.
     *
     * @return the buffered size
     * @apiNote Mirrors {@code WriteTransport.get_write_buffer_size()}.
     */
    @Override
    public long getWriteBufferSize() {
        return buffered;
    }

    /**
     * Sets the flow-control marks; may pause or resume the protocol at once.
     *
     * @param high the buffered size over which the protocol hears
     *     {@link SubprocessProtocol#pauseWriting()}
     * @param low the size at or under which it hears {@link SubprocessProtocol#resumeWriting()}
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     * @apiNote Mirrors {@code WriteTransport.set_write_buffer_limits(high, low)}.
     */
    @Override
    public void setWriteBufferLimits(int high, int low) {
        if (high < low || low < 0) {
            throw new IllegalArgumentException(
                    "WritePipeTransport.setWriteBufferLimits: high (" + high + ") must be >= low (" + low + ") >= 0");
        }
        highWater = high;
        lowWater = low;
        maybePauseProtocol();
        maybeResumeProtocol();
    }

    /**
     * The flow-control marks.
     *
     * @return the low and high marks
     * @apiNote Mirrors {@code WriteTransport.get_write_buffer_limits()}.
     */
    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return new WriteBufferLimits(lowWater, highWater);
    }

    private void maybePauseProtocol() {
        if (!protocolPaused && buffered > highWater) {
            protocolPaused = true;
            owner.pauseWriting();
        }
    }

    private void maybeResumeProtocol() {
        if (protocolPaused && buffered <= lowWater) {
            protocolPaused = false;
            owner.resumeWriting();
        }
    }
}
