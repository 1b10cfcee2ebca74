package io.jasyncio;

import java.util.function.Supplier;

/**
 * A mutual-exclusion lock for coroutines of one event loop: {@link #acquire()} waits while
 * another coroutine holds it, {@link #release()} lets the longest waiting one in.
 *
 * <pre>{@code
 * await(lock.acquire());
 * try {
 *     ...
 * } finally {
 *     lock.release();
 * }
 * }</pre>
 *
 * <p>The lock is not owned: any coroutine may release it. Wake-ups are FIFO-fair, and a waiter
 * cancelled after being woken passes the wake-up on, so none is lost. Not thread-safe: use it
 * from its loop's thread only.
 *
 * @apiNote Mirrors {@code asyncio.Lock}. Python's {@code async with lock:} has no Java
 *     spelling that can await in {@code close()}; use {@code try}/{@code finally} as above, or
 *     {@link #withLock(Supplier)}.
 */
public final class Lock {
    private final WaiterFrame.Waiters waiters = new WaiterFrame.Waiters();
    private boolean locked;

    /** Creates an unlocked lock. */
    public Lock() {}

    /**
     * Tells whether the lock is held.
     *
     * @return true if acquired
     * @apiNote Mirrors {@code Lock.locked()}.
     */
    public boolean locked() {
        return locked;
    }

    /**
     * Acquires the lock, waiting in FIFO order while it is held or others already wait.
     *
     * <p>If the calling task is cancelled while waiting, the coroutine throws
     * {@link CancelledError} without holding the lock; if it was cancelled after being woken, it
     * wakes the next waiter so the wake-up is not lost.
     *
     * @return a coroutine that completes with true once the lock is held
     * @throws IllegalStateException (from the coroutine) if it runs outside a running loop and
     *     has to wait
     * @apiNote Mirrors {@code async Lock.acquire()}.
     */
    public Coroutine<Boolean> acquire() {
        return new WaiterFrame<>("Lock.acquire", waiters) {
            @Override
            Object attempt() {
                if (!locked && allCancelled()) {
                    locked = true;
                    return Boolean.TRUE;
                }
                return WAIT;
            }

            @Override
            Object woken(Future<Object> fut) {
                locked = true;
                return Boolean.TRUE;
            }

            @Override
            void abandoned(Future<Object> fut, Throwable error) {
                if (error instanceof CancelledError && !locked) {
                    wakeUpFirst();
                }
            }
        };
    }

    /**
     * Releases the lock and wakes the first waiter, if any.
     *
     * @throws IllegalStateException with asyncio's message {@code "Lock is not acquired."} if the
     *     lock is not held
     * @apiNote Mirrors {@code Lock.release()}; Python raises {@code RuntimeError}.
     */
    public void release() {
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        locked = false;
        wakeUpFirst();
    }

    /**
     * Runs {@code body} while holding the lock: acquires it, awaits the coroutine
     * {@code body} creates, and releases the lock however that ends.
     *
     * @param body creates the coroutine to run under the lock; called once the lock is held
     * @param <T> the body's result type
     * @return a coroutine that completes with the body's result, or throws its exception; if it
     *     is cancelled while waiting for the lock, the body never runs
     * @apiNote Mirrors {@code async with lock: return await body()}.
     */
    public <T> Coroutine<T> withLock(Supplier<? extends Coroutine<T>> body) {
        return new AsyncWith<>("Lock.withLock", this::acquire, this::release, body);
    }

    private boolean allCancelled() {
        for (Future<Object> w : waiters) {
            if (!w.cancelled()) {
                return false;
            }
        }
        return true;
    }

    private void wakeUpFirst() {
        Future<Object> fut = waiters.first();
        if (fut != null && !fut.done()) {
            fut.setResult(Boolean.TRUE);
        }
    }

    /**
     * Describes the lock as asyncio's repr does, e.g. {@code <io.jasyncio.Lock object at 0x1b6d3586 [locked, waiters:2]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String extra = locked ? "locked" : "unlocked";
        if (!waiters.isEmpty()) {
            extra += ", waiters:" + waiters.size();
        }
        return "<" + Reprs.object(this) + " [" + extra + "]>";
    }
}
