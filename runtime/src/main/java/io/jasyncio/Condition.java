package io.jasyncio;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A condition variable: coroutines holding its lock wait with {@link #waitNotified()} (which
 * releases the lock while waiting and re-acquires it before returning) until another coroutine
 * holding the lock calls {@link #notifyWaiters(int)} or {@link #notifyAllWaiters()}.
 *
 * <p>Notifications are FIFO. A waiter that fails or is cancelled after being notified passes
 * the notification on to the next waiter (a possible spurious wake-up, which the protocol
 * allows), so none is lost. Not thread-safe: use it from its loop's thread only.
 *
 * @apiNote Mirrors {@code asyncio.Condition} of Python 3.13. Python's {@code wait},
 *     {@code notify} and {@code notify_all} are {@code waitNotified}, {@code notifyWaiters}
 *     and {@code notifyAllWaiters}, because {@link Object}'s methods of those names are final.
 */
public final class Condition {
    private final Lock lock;
    private final WaiterFrame.Waiters waiters = new WaiterFrame.Waiters();

    /**
     * Creates a condition with a new lock of its own.
     *
     * @apiNote Mirrors {@code asyncio.Condition()}.
     */
    public Condition() {
        this(new Lock());
    }

    /**
     * Creates a condition over {@code lock}, which other conditions may share.
     *
     * @param lock the underlying lock
     * @throws NullPointerException if {@code lock} is null
     * @apiNote Mirrors {@code asyncio.Condition(lock)}.
     */
    public Condition(Lock lock) {
        if (lock == null) {
            throw new NullPointerException("lock");
        }
        this.lock = lock;
    }

    /**
     * Tells whether the underlying lock is held.
     *
     * @return true if acquired
     * @apiNote Mirrors {@code Condition.locked()}.
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Acquires the underlying lock; see {@link Lock#acquire()}.
     *
     * @return a coroutine that completes with true once the lock is held
     * @apiNote Mirrors {@code async Condition.acquire()}.
     */
    public Coroutine<Boolean> acquire() {
        return lock.acquire();
    }

    /**
     * Releases the underlying lock; see {@link Lock#release()}.
     *
     * @throws IllegalStateException {@code "Lock is not acquired."} if the lock is not held
     * @apiNote Mirrors {@code Condition.release()}.
     */
    public void release() {
        lock.release();
    }

    /**
     * Runs {@code body} while holding the underlying lock; see {@link Lock#withLock}.
     *
     * @param body creates the coroutine to run under the lock
     * @param <T> the body's result type
     * @return a coroutine that completes with the body's result or throws its exception
     * @apiNote Mirrors {@code async with cond: return await body()}.
     */
    public <T> Coroutine<T> withLock(Supplier<? extends Coroutine<T>> body) {
        return lock.withLock(body);
    }

    /**
     * Releases the lock, waits until notified, and re-acquires the lock before returning,
     * however the wait ends.
     *
     * <p>If the calling task is cancelled while waiting (or while re-acquiring), the coroutine
     * still re-acquires the lock, then throws {@link CancelledError}; if it had been notified,
     * the notification goes to the next waiter.
     *
     * @return a coroutine that completes with true, holding the lock again; it throws
     *     {@link IllegalStateException} {@code "cannot wait on un-acquired lock"} when run
     *     without holding the lock
     * @apiNote Mirrors {@code async Condition.wait()} of Python 3.13.
     */
    public Coroutine<Boolean> waitNotified() {
        return new WaitNotified();
    }

    /**
     * Waits, with {@link #waitNotified()}, until {@code predicate} is true; checks it first,
     * and after each wake-up, with the lock held.
     *
     * @param predicate the condition to wait for
     * @return a coroutine that completes with true, holding the lock; cancellation behaves as
     *     in {@link #waitNotified()}
     * @apiNote Mirrors {@code async Condition.wait_for(predicate)}, which returns the
     *     predicate's last (truthy) value.
     */
    public Coroutine<Boolean> waitFor(BooleanSupplier predicate) {
        return new WaitForPredicate(predicate);
    }

    /**
     * Wakes up to {@code n} waiters, the longest waiting first. They return from their wait
     * only once they re-acquire the lock, which the caller still holds.
     *
     * @param n the most waiters to wake
     * @throws IllegalStateException {@code "cannot notify on un-acquired lock"} if the lock is
     *     not held
     * @apiNote Mirrors {@code Condition.notify(n)}.
     */
    public void notifyWaiters(int n) {
        if (!locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        doNotify(n);
    }

    /**
     * Wakes the longest waiting waiter: {@code notifyWaiters(1)}.
     *
     * @throws IllegalStateException if the lock is not held
     * @apiNote Mirrors {@code Condition.notify()}.
     */
    public void notifyWaiter() {
        notifyWaiters(1);
    }

    /**
     * Wakes every waiter.
     *
     * @throws IllegalStateException if the lock is not held
     * @apiNote Mirrors {@code Condition.notify_all()}.
     */
    public void notifyAllWaiters() {
        notifyWaiters(waiters.size());
    }

    private void doNotify(int n) {
        int idx = 0;
        for (Future<Object> fut : waiters) {
            if (idx >= n) {
                break;
            }
            if (!fut.done()) {
                idx++;
                fut.setResult(Boolean.FALSE);
            }
        }
    }

    /**
     * Describes the condition as asyncio's repr does, e.g.
     * {@code <io.jasyncio.Condition object at 0x1b6d3586 [locked, waiters:1]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String extra = locked() ? "locked" : "unlocked";
        if (!waiters.isEmpty()) {
            extra += ", waiters:" + waiters.size();
        }
        return "<" + Reprs.object(this) + " [" + extra + "]>";
    }

    /**
     * {@code Condition.wait()}, by hand:
     * <pre>{@code
     * release()                                        # label 0
     * try:
     *     try: await notified                          # a WaiterFrame; -> label 1
     *     finally:
     *         err = None
     *         while True:
     *             try: await acquire(); break          # -> label 2
     *             except CancelledError as e: err = e
     *         if err is not None: raise err
     * except BaseException:
     *     _notify(1); raise
     * return True
     * }</pre>
     */
    private final class WaitNotified extends Coroutine<Boolean> {
        private int label;
        private Throwable waitError;
        private Throwable cancelError;

        @Override
        protected Object invoke(Object value, Throwable error) {
            while (true) {
                switch (label) {
                    case 0:
                        if (!locked()) {
                            throw new IllegalStateException("cannot wait on un-acquired lock");
                        }
                        release();
                        label = 1;
                        value = await(new WaiterFrame<Object>("Condition.wait", waiters) {
                            @Override
                            Object attempt() {
                                return WAIT;
                            }

                            @Override
                            Object woken(Future<Object> fut) {
                                return Boolean.TRUE;
                            }
                        });
                        if (value == SUSPENDED) {
                            return SUSPENDED;
                        }
                        error = thrown;
                        break;
                    case 1:
                        waitError = error;
                        label = 2;
                        value = await(lock.acquire());
                        if (value == SUSPENDED) {
                            return SUSPENDED;
                        }
                        error = thrown;
                        break;
                    case 2:
                        if (error instanceof CancelledError) {
                            cancelError = error;
                            label = 1;
                            error = waitError;
                            break;
                        }
                        label = 3;
                        Throwable out = error != null ? error : cancelError != null ? cancelError : waitError;
                        if (out != null) {
                            doNotify(1);
                            throw Sneaky.sneaky(out);
                        }
                        return Boolean.TRUE;
                    default:
                        throw new IllegalStateException("bad label " + label);
                }
            }
        }

        private Throwable thrown;

        /** Awaits inline; on a synchronous throw, returns null and leaves it in {@code thrown}. */
        private Object await(Coroutine<?> c) {
            thrown = null;
            try {
                return awaitIn(c, this);
            } catch (Throwable t) {
                thrown = t;
                return null;
            }
        }

        @Override
        public String getName() {
            return "Condition.wait";
        }

        @Override
        protected String sourceFile() {
            return null;
        }

        @Override
        protected int currentLine() {
            return -1;
        }
    }

    /** {@code while not predicate(): await self.wait()}, by hand. */
    private final class WaitForPredicate extends Coroutine<Boolean> {
        private final BooleanSupplier predicate;
        private boolean started;

        WaitForPredicate(BooleanSupplier predicate) {
            this.predicate = predicate;
        }

        @Override
        protected Object invoke(Object value, Throwable error) {
            if (started && error != null) {
                throw Sneaky.sneaky(error);
            }
            started = true;
            while (!predicate.getAsBoolean()) {
                Object r = awaitIn(new WaitNotified(), this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return Boolean.TRUE;
        }

        @Override
        public String getName() {
            return "Condition.wait_for";
        }

        @Override
        protected String sourceFile() {
            return null;
        }

        @Override
        protected int currentLine() {
            return -1;
        }
    }
}
