package io.jasyncio;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The one shape that every waiting method of the synchronisation primitives and queues shares,
 * written once as a hand-written coroutine (the runtime cannot use the agent; see
 * {@code internal.Sleep} for the model). In asyncio's words:
 *
 * <pre>{@code
 * async def method(self):
 *     while True:
 *         r = attempt()                     # the fast path; may raise
 *         if r is not WAIT: return r
 *         fut = loop.create_future()
 *         waiters.append(fut)
 *         try:
 *             try:
 *                 await fut
 *             finally:
 *                 waiters.remove(fut)       # if still there
 *         except BaseException as e:
 *             abandoned(fut, e)             # bookkeeping: wake the next waiter, give back a permit
 *             raise
 *         r = woken(fut)
 *         if r is not RETRY: return r       # else go round: Queue.get/put re-check
 * }</pre>
 *
 * <h2>States</h2>
 * <pre>
 *   no waiter ──attempt() = WAIT──▶ register fut, await it ──▶ waiter set
 *      ▲                                                          │
 *      └──────────── woken() = RETRY ◀── fut done, removed ◀──────┘
 *   no waiter: attempt() returns a value, or throws               ─▶ done
 *   waiter set: woken() returns a value                            ─▶ done
 *   waiter set: resumed with an error (CancelledError): abandoned(), rethrow ─▶ done
 * </pre>
 *
 * <p>The waiter future is pending when the frame suspends on it, so awaiting it always
 * suspends; the driving task resumes the frame with the future's outcome, or with
 * {@link CancelledError} if the task was cancelled, also when the future had already been given a
 * result (the cancellation wins, SPEC 1a.7): {@link #abandoned} must then pass the wake-up on,
 * which is why it receives the future and can tell "cancelled while waiting"
 * ({@code fut.cancelled()}) from "cancelled after being woken" ({@code fut.done()} with a result).
 *
 * <p>Waiters live in a {@link Waiters}: FIFO, with removal of any element in constant time, so
 * that thousands of cancelled waiters do not make cleanup quadratic.
 *
 * @param <T> the result type
 */
abstract class WaiterFrame<T> extends HandWrittenCoroutine<T> {
    /** What {@link #attempt()} returns when the caller must wait. */
    static final Object WAIT = new Object() {
        @Override
        public String toString() {
            return "WAIT";
        }
    };

    /** What {@link #woken(Future)} returns to run {@link #attempt()} again. */
    static final Object RETRY = new Object() {
        @Override
        public String toString() {
            return "RETRY";
        }
    };

    private final Waiters waiters;
    /** The registered waiter while suspended on it (asyncio's {@code fut}), else null. */
    private Future<Object> waiter;

    /**
     * Creates the coroutine; none of it runs before it is first resumed.
     *
     * @param name the method's qualified name, such as {@code Lock.acquire}
     * @param waiters where the waiter futures are registered while waiting
     */
    WaiterFrame(String name, Waiters waiters) {
        super(name);
        this.waiters = waiters;
    }

    /**
     * The fast path, and the re-check after a {@link #RETRY}.
     *
     * @return the coroutine's result, or {@link #WAIT}
     */
    abstract Object attempt();

    /**
     * Runs after the waiter completed normally and was removed from the waiters.
     *
     * @param fut the waiter
     * @return the coroutine's result, or {@link #RETRY}
     */
    abstract Object woken(Future<Object> fut);

    /**
     * Runs after the await of the waiter failed (nearly always {@link CancelledError}) and the
     * waiter was removed, just before the error is rethrown: the bookkeeping that makes sure no
     * wake-up is lost and no permit leaks. Does nothing by default.
     *
     * @param fut the waiter: cancelled if the task was cancelled while waiting, done with a
     *     result if it was cancelled after being woken but before it ran
     * @param error the error about to be rethrown
     */
    void abandoned(Future<Object> fut, Throwable error) {}

    @Override
    protected final Object body(Object value, Throwable error) throws Throwable {
        Future<Object> fut = waiter;
        if (fut != null) {
            waiter = null;
            waiters.remove(fut);
            if (error != null) {
                abandoned(fut, error);
                throw error;
            }
            Object r = woken(fut);
            if (r != RETRY) {
                return r;
            }
        }
        Object r = attempt();
        if (r != WAIT) {
            return r;
        }
        fut = Asyncio.getRunningLoop().createFuture();
        waiters.add(fut);
        waiter = fut;
        return awaitNext(fut);
    }

    /**
     * A FIFO of waiter futures with constant-time removal of any of them: asyncio's
     * {@code collections.deque} of waiters, minus its linear {@code remove}. Futures compare by
     * identity, so a {@link LinkedHashSet} keeps insertion order and removes by identity.
     */
    static final class Waiters implements Iterable<Future<Object>> {
        private final LinkedHashSet<Future<Object>> set = new LinkedHashSet<>();

        void add(Future<Object> fut) {
            set.add(fut);
        }

        /** Removes {@code fut} if present (a queue's wake-up may have popped it already). */
        boolean remove(Future<Object> fut) {
            return set.remove(fut);
        }

        boolean isEmpty() {
            return set.isEmpty();
        }

        int size() {
            return set.size();
        }

        /** The oldest waiter, or null. */
        Future<Object> first() {
            Iterator<Future<Object>> it = set.iterator();
            return it.hasNext() ? it.next() : null;
        }

        /** Removes and returns the oldest waiter, or null: {@code deque.popleft()}. */
        Future<Object> popFirst() {
            Iterator<Future<Object>> it = set.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Future<Object> f = it.next();
            it.remove();
            return f;
        }

        @Override
        public Iterator<Future<Object>> iterator() {
            return set.iterator();
        }
    }
}
