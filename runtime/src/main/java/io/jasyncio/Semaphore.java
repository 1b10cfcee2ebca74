package io.jasyncio;

import java.util.function.Supplier;

/**
 * A counter of permits: {@link #acquire()} takes one, waiting while none is left;
 * {@link #release()} gives one back and lets the longest waiting coroutine in.
 *
 * <p>Wake-ups are FIFO-fair: while coroutines wait, a newcomer waits behind them even if a
 * permit is free. A waiter cancelled after it was handed a permit gives it back and passes it
 * on, so no permit leaks. Not thread-safe: use it from its loop's thread only.
 *
 * @apiNote Mirrors {@code asyncio.Semaphore} with the acquire of Python 3.12/3.13 (which wakes
 *     as many waiters as there are free permits when a waiter leaves). Python's
 *     {@code async with sem:} is {@link #withPermit(Supplier)} or {@code try}/{@code finally}.
 */
public class Semaphore {
    private final WaiterFrame.Waiters waiters = new WaiterFrame.Waiters();
    private int value;

    /**
     * Creates a semaphore with {@code value} permits.
     *
     * @param value the initial number of permits
     * @throws IllegalArgumentException with asyncio's message
     *     {@code "Semaphore initial value must be >= 0"} if {@code value} is negative
     * @apiNote Mirrors {@code asyncio.Semaphore(value)}; Python raises {@code ValueError}.
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0");
        }
        this.value = value;
    }

    /**
     * Creates a semaphore with one permit.
     *
     * @apiNote Mirrors {@code asyncio.Semaphore()}.
     */
    public Semaphore() {
        this(1);
    }

    /**
     * Tells whether {@link #acquire()} would have to wait: no permit is free, or coroutines that
     * were not cancelled are waiting.
     *
     * @return true if an acquire cannot succeed at once
     * @apiNote Mirrors {@code Semaphore.locked()}.
     */
    public boolean locked() {
        if (value == 0) {
            return true;
        }
        for (Future<Object> w : waiters) {
            if (!w.cancelled()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The number of free permits.
     *
     * @return the counter
     * @apiNote Mirrors the private {@code Semaphore._value}, which asyncio's repr shows.
     */
    public int value() {
        return value;
    }

    /**
     * Takes a permit, waiting in FIFO order while none is free or others already wait.
     *
     * <p>If the calling task is cancelled while waiting, the coroutine throws
     * {@link CancelledError} holding no permit; if it was cancelled after being handed a permit,
     * the permit is given back and the next waiter woken.
     *
     * @return a coroutine that completes with true once a permit is held
     * @throws IllegalStateException (from the coroutine) if it has to wait outside a running
     *     loop
     * @apiNote Mirrors {@code async Semaphore.acquire()}.
     */
    public Coroutine<Boolean> acquire() {
        return new WaiterFrame<>("Semaphore.acquire", waiters) {
            @Override
            Object attempt() {
                if (!locked()) {
                    value--;
                    return Boolean.TRUE;
                }
                return WAIT;
            }

            @Override
            Object woken(Future<Object> fut) {
                wakeUpAllowed();
                return Boolean.TRUE;
            }

            @Override
            void abandoned(Future<Object> fut, Throwable error) {
                if (error instanceof CancelledError && fut.done() && !fut.cancelled()) {
                    // Handed a permit by wakeUpNext(), but not going to use it: give it back.
                    value++;
                }
                wakeUpAllowed();
            }
        };
    }

    /**
     * Gives a permit back and wakes the first waiter, if any.
     *
     * @throws IllegalStateException in {@link BoundedSemaphore} only, on over-release
     * @apiNote Mirrors {@code Semaphore.release()}.
     */
    public void release() {
        value++;
        wakeUpNext();
    }

    /**
     * Runs {@code body} while holding a permit: acquires one, awaits the coroutine
     * {@code body} creates, and releases the permit however that ends.
     *
     * @param body creates the coroutine to run; called once a permit is held
     * @param <T> the body's result type
     * @return a coroutine that completes with the body's result or throws its exception; if it
     *     is cancelled while waiting for a permit, the body never runs and no permit is taken
     * @apiNote Mirrors {@code async with sem: return await body()}.
     */
    public <T> Coroutine<T> withPermit(Supplier<? extends Coroutine<T>> body) {
        return new AsyncWith<>(getClass().getSimpleName() + ".withPermit", this::acquire, this::release, body);
    }

    /** New waiters may have queued behind FIFO while permits were free: wake as many as allowed. */
    private void wakeUpAllowed() {
        while (value > 0) {
            if (!wakeUpNext()) {
                break;
            }
        }
    }

    /** Hands a permit to the first waiter not yet woken; false if there is none. */
    private boolean wakeUpNext() {
        for (Future<Object> fut : waiters) {
            if (!fut.done()) {
                value--;
                fut.setResult(Boolean.TRUE);
                return true;
            }
        }
        return false;
    }

    /**
     * Describes the semaphore as asyncio's repr does, e.g.
     * {@code <io.jasyncio.Semaphore object at 0x1b6d3586 [unlocked, value:2]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String extra = locked() ? "locked" : "unlocked, value:" + value;
        if (!waiters.isEmpty()) {
            extra += ", waiters:" + waiters.size();
        }
        return "<" + Reprs.object(this) + " [" + extra + "]>";
    }
}
