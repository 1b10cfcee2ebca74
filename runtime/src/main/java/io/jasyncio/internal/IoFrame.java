package io.jasyncio.internal;

import io.jasyncio.Future;
import io.jasyncio.internal.handwritten.HandWrittenFrame;
import java.nio.channels.SelectableChannel;

/**
 * The shape every socket coroutine of the loop shares (see {@link HandWrittenFrame}). In
 * asyncio's words:
 *
 * <pre>{@code
 * async def sock_op(...):
 *     try:
 *         while True:
 *             r = attempt()          # a non-blocking system call; registers a waiter if it would block
 *             if r is not a future: return r
 *             await r                # woken by the reader/writer callback
 *     finally:
 *         cleanup()                  # remove the reader/writer, also on cancellation
 * }</pre>
 *
 * <pre>
 *   attempt() ──result──▶ cleanup, done
 *      ▲  │ future
 *      │  ▼
 *      └─ suspended ──error (CancelledError, I/O failure)──▶ cleanup, rethrow
 * </pre>
 *
 * @param <T> the result type
 */
abstract class IoFrame<T> extends HandWrittenFrame<T> {
    private final SelectorEventLoop loop;
    private SelectableChannel registered;
    private boolean forWrite;

    IoFrame(String name, SelectorEventLoop loop) {
        super(name);
        this.loop = loop;
    }

    /**
     * Tries the operation once without blocking.
     *
     * @return the coroutine's result, or a pending {@link Future} to wait for before trying
     *     again (usually {@link #whenReadable} or {@link #whenWritable})
     * @throws Exception if the operation failed
     */
    abstract Object attempt() throws Exception;

    /** A future woken once {@code ch} is readable; the registration is undone on the way out. */
    final Future<Void> whenReadable(SelectableChannel ch) {
        return whenReady(ch, false);
    }

    /** A future woken once {@code ch} is writable; the registration is undone on the way out. */
    final Future<Void> whenWritable(SelectableChannel ch) {
        return whenReady(ch, true);
    }

    private Future<Void> whenReady(SelectableChannel ch, boolean write) {
        Future<Void> f = loop.createFuture();
        Runnable wake = () -> {
            if (!f.done()) {
                f.setResult(null);
            }
        };
        if (write) {
            loop.addWriter(ch, wake);
        } else {
            loop.addReader(ch, wake);
        }
        registered = ch;
        forWrite = write;
        return f;
    }

    /** Undoes the registration, if any; runs however the coroutine ends. */
    private void cleanup() {
        SelectableChannel ch = registered;
        registered = null;
        if (ch != null && ch.isOpen()) {
            if (forWrite) {
                loop.removeWriter(ch);
            } else {
                loop.removeReader(ch);
            }
        }
    }

    @Override
    protected final Object body(Object value, Throwable error) throws Throwable {
        if (error != null) {
            cleanup();
            throw error;
        }
        Object r;
        try {
            r = attempt();
        } catch (Throwable t) {
            cleanup();
            throw t;
        }
        if (r instanceof Future<?> f) {
            return awaitNext(f);
        }
        cleanup();
        return r;
    }
}
