package io.jasyncio.internal;

import io.jasyncio.Future;
import io.jasyncio.abi.Frame;
import io.jasyncio.abi.Intrinsics;

/**
 * The shape every socket coroutine of the loop shares, written once by hand (the runtime cannot
 * use the agent; see {@link Sleep}). In asyncio's words:
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
abstract class IoFrame<T> extends Frame<T> {
    private final String name;

    IoFrame(String name) {
        this.name = name;
    }

    /**
     * Tries the operation once without blocking.
     *
     * @return the coroutine's result, or a pending {@link Future} to wait for before trying again
     * @throws Exception if the operation failed
     */
    abstract Object attempt() throws Exception;

    /** Undoes any registration {@link #attempt()} made; runs once, however the coroutine ends. */
    abstract void cleanup();

    @Override
    protected final Object invoke(Object value, Throwable error) {
        if (error != null) {
            cleanup();
            throw Throwables.sneaky(error);
        }
        try {
            while (true) {
                Object r = attempt();
                if (!(r instanceof Future)) {
                    cleanup();
                    return r;
                }
                if (Intrinsics.await((Future<?>) r, this) == SUSPENDED) {
                    return SUSPENDED;
                }
            }
        } catch (Throwable t) {
            cleanup();
            throw Throwables.sneaky(t);
        }
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    protected final String sourceFile() {
        return null;
    }

    @Override
    protected final int currentLine() {
        return -1;
    }
}
