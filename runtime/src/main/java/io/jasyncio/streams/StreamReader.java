package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.internal.handwritten.HandWrittenFrame;
import io.jasyncio.internal.handwritten.LambdaCoroutine;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The incoming side of a connection: a buffer the transport fills and coroutines that wait for
 * enough bytes in it.
 *
 * <p>Flow control: when more than twice {@link #limit()} bytes are buffered, the transport
 * stops reading from the socket, so a slow consumer makes the peer's writes block instead of
 * this process's memory grow; it reads again once the buffer is back under the limit.
 *
 * <p>Only one coroutine may wait on a reader at a time. Cancelling a waiting read consumes
 * nothing and closes nothing: the bytes stay buffered for the next read.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.StreamReader}. Bytes are {@code byte[]}; asyncio's
 *     {@code ValueError} (a line over the limit in {@link #readline()}) is
 *     {@link IllegalArgumentException}.
 */
public final class StreamReader {
    /** The default limit, 64 KiB, as asyncio's {@code _DEFAULT_LIMIT}. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    private static final byte[] NEWLINE = {'\n'};

    private final int limit;
    private final StreamTransport transport;
    private byte[] buf = new byte[256];
    private int start;
    private int end;
    private boolean eof;
    private Throwable exception;
    private Future<Void> waiter;

    StreamReader(int limit, StreamTransport transport) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        this.limit = limit;
        this.transport = transport;
    }

    /**
     * The buffer limit given at creation.
     *
     * @return the limit in bytes
     */
    public int limit() {
        return limit;
    }

    /**
     * Tells whether the buffer is empty and end of stream was received.
     *
     * @return true at end of stream with nothing left to read
     * @apiNote Mirrors {@code StreamReader.at_eof()}.
     */
    public boolean atEof() {
        return eof && start == end;
    }

    /**
     * The error the connection failed with, if any.
     *
     * @return the error, or null
     * @apiNote Mirrors {@code StreamReader.exception()}.
     */
    public Throwable exceptionOrNull() {
        return exception;
    }

    boolean atEofReceived() {
        return eof;
    }

    // ---- fed by the transport

    void feedData(byte[] data, int off, int len) {
        if (len == 0) {
            return;
        }
        if (end + len > buf.length) {
            int size = end - start;
            if (size + len <= buf.length / 2) {
                System.arraycopy(buf, start, buf, 0, size);
            } else {
                buf = Arrays.copyOfRange(buf, start, start + Math.max(buf.length * 2, size + len));
            }
            start = 0;
            end = size;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
        wakeWaiter();
        if (transport != null && end - start > 2 * limit) {
            transport.pauseReading();
        }
    }

    void feedEof() {
        eof = true;
        wakeWaiter();
    }

    void setException(Throwable error) {
        exception = error;
        Future<Void> w = waiter;
        waiter = null;
        if (w != null && !w.done()) {
            w.setException(error);
        }
    }

    private void wakeWaiter() {
        Future<Void> w = waiter;
        waiter = null;
        if (w != null && !w.done()) {
            w.setResult(null);
        }
    }

    private byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (transport != null && end - start <= limit) {
            transport.resumeReading();
        }
        return out;
    }

    /** The step shared by every read: throw a stored error, or wait for more data. */
    private Future<Void> waitForData(String func) {
        if (waiter != null) {
            throw new IllegalStateException(
                    func + "() called while another coroutine is already " + "waiting for incoming data");
        }
        if (eof) {
            throw new AssertionError("_wait_for_data after EOF");
        }
        // A read that needs more than is buffered must not wait on a paused transport: it
        // would wait forever (asyncio's _wait_for_data resumes reading for the same reason).
        if (transport != null) {
            transport.resumeReading();
        }
        waiter = Asyncio.getRunningLoop().createFuture();
        return waiter;
    }

    private void afterWait(Throwable error) throws Throwable {
        waiter = null;
        if (error != null) {
            throw error;
        }
    }

    private void checkException() throws Throwable {
        if (exception != null) {
            throw exception;
        }
    }

    /**
     * Reads up to {@code n} bytes, or until end of stream if {@code n} is negative.
     *
     * @param n how many bytes at most; -1 for everything up to end of stream
     * @return a coroutine whose result holds at least one byte, or none at end of stream (and
     *     for {@code n == 0}); it throws the connection's error if it failed
     * @apiNote Mirrors {@code StreamReader.read(n=-1)}.
     */
    public Coroutine<byte[]> read(int n) {
        if (n >= 0) {
            return new Read(n);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        return new LambdaCoroutine<>("StreamReader.read", (v, e) -> {
            afterWait(e);
            checkException();
            // Read in chunks of the limit until end of stream, as asyncio does.
            while (start != end) {
                all.write(take(Math.min(limit, end - start)));
            }
            return eof ? all.toByteArray() : waitForData("read");
        });
    }

    /**
     * {@code read(n)} for {@code n >= 0}, the call of every echo-style loop: one object per
     * call (a {@link LambdaCoroutine} would add the lambda capturing {@code n}).
     */
    private final class Read extends HandWrittenFrame<byte[]> {
        private final int n;

        Read(int n) {
            super("StreamReader.read");
            this.n = n;
        }

        @Override
        protected Object body(Object value, Throwable error) throws Throwable {
            afterWait(error);
            checkException();
            if (n == 0) {
                return new byte[0];
            }
            if (start == end && !eof) {
                return awaitNext(waitForData("read"));
            }
            return take(Math.min(n, end - start));
        }
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @param n how many bytes
     * @return a coroutine whose result has exactly {@code n} bytes; it throws
     *     {@link IncompleteReadError} (with what was read) if the stream ends first
     * @throws IllegalArgumentException if {@code n} is negative
     * @apiNote Mirrors {@code StreamReader.readexactly(n)}.
     */
    public Coroutine<byte[]> readexactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero");
        }
        return new ReadExactly(n);
    }

    /** {@code readexactly(n)}: one object per call. */
    private final class ReadExactly extends HandWrittenFrame<byte[]> {
        private final int n;

        ReadExactly(int n) {
            super("StreamReader.readexactly");
            this.n = n;
        }

        @Override
        protected Object body(Object value, Throwable error) throws Throwable {
            afterWait(error);
            checkException();
            if (end - start >= n) {
                return take(n);
            }
            if (eof) {
                throw new IncompleteReadError(take(end - start), n);
            }
            return awaitNext(waitForData("readexactly"));
        }
    }

    /**
     * Reads a line ending with {@code \n}. At end of stream, returns the partial line (empty
     * when nothing is left).
     *
     * @return a coroutine whose result is the line including its {@code \n}; it throws
     *     {@link IllegalArgumentException} (asyncio's {@code ValueError}, with the
     *     {@link LimitOverrunError} as its cause) if the line is longer than the limit. Then,
     *     as in asyncio, if the newline was already buffered the over-long line is discarded up
     *     to and including it and what follows stays buffered; if not, the whole buffer is
     *     discarded and the rest of the long line is read as the next line
     * @apiNote Mirrors {@code StreamReader.readline()}.
     */
    public Coroutine<byte[]> readline() {
        return new ReadUntil("StreamReader.readline", NEWLINE, true);
    }

    /**
     * Reads until {@code separator} is found.
     *
     * @param separator the bytes that end the chunk, not empty
     * @return a coroutine whose result is the data including the separator; it throws
     *     {@link IncompleteReadError} at end of stream (with all the remaining bytes, which are
     *     consumed) and {@link LimitOverrunError} if the chunk passes the limit (nothing is
     *     consumed then)
     * @throws IllegalArgumentException if the separator is empty
     * @apiNote Mirrors {@code StreamReader.readuntil(separator)}.
     */
    public Coroutine<byte[]> readuntil(byte[] separator) {
        if (separator.length == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        return new ReadUntil("StreamReader.readuntil", separator.clone(), false);
    }

    /**
     * {@code readuntil(separator)} and {@code readline()}: one object per call. {@code searched}
     * holds how many buffered bytes, counted from {@code start}, earlier attempts of the same
     * call already searched, so a long line arriving in many small reads is scanned once, not
     * once per read (asyncio's offset). It stays valid while waiting: only this call consumes
     * from the buffer, and compacting the buffer moves {@code start} with the bytes.
     */
    private final class ReadUntil extends HandWrittenFrame<byte[]> {
        private final byte[] sep;
        private final boolean line;
        private int searched;

        ReadUntil(String name, byte[] sep, boolean line) {
            super(name);
            this.sep = sep;
            this.line = line;
        }

        @Override
        protected Object body(Object value, Throwable error) throws Throwable {
            afterWait(error);
            checkException();
            if (!line) {
                return attempt();
            }
            try {
                return attempt();
            } catch (IncompleteReadError partial) {
                return partial.partial();
            } catch (LimitOverrunError over) {
                if (startsWith(start + over.consumed(), NEWLINE)) {
                    take(over.consumed() + NEWLINE.length);
                } else {
                    take(end - start);
                }
                throw new IllegalArgumentException(over.getMessage(), over);
            }
        }

        private Object attempt() throws Throwable {
            Object r = attemptUntil(sep, line ? "readline" : "readuntil", this);
            return r instanceof Future<?> f ? awaitNext(f) : r;
        }
    }

    /** One attempt of readuntil/readline: the result, or the future to wait for. */
    private Object attemptUntil(byte[] sep, String func, ReadUntil call) throws Throwable {
        int found = indexOf(sep, start + call.searched);
        if (found >= 0) {
            if (found - start > limit) {
                throw new LimitOverrunError("Separator is found, but chunk is longer than limit", found - start);
            }
            return take(found - start + sep.length);
        }
        int size = end - start;
        // Where the next search would start (asyncio's offset): a separator split across reads
        // may still begin in the last sep.length - 1 bytes, which do not count against the limit.
        int next = Math.max(0, size + 1 - sep.length);
        if (next > limit) {
            throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", next);
        }
        call.searched = next;
        if (eof) {
            throw new IncompleteReadError(take(size), -1);
        }
        return waitForData(func);
    }

    private int indexOf(byte[] sep, int from) {
        outer:
        for (int i = from; i + sep.length <= end; i++) {
            for (int j = 0; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private boolean startsWith(int at, byte[] sep) {
        if (at + sep.length > end) {
            return false;
        }
        for (int j = 0; j < sep.length; j++) {
            if (buf[at + j] != sep[j]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<StreamReader");
        if (end > start) {
            sb.append(' ').append(end - start).append(" bytes");
        }
        if (eof) {
            sb.append(" eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(" limit=").append(limit);
        }
        if (waiter != null) {
            sb.append(" waiter");
        }
        if (exception != null) {
            sb.append(" exception=").append(exception);
        }
        return sb.append('>').toString();
    }
}
