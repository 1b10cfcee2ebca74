package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Lock}: FIFO wake-ups, cancellation while waiting and after being woken, misuse. The
 * expected traces are the output of the quoted Python 3.11 programs (Lock is unchanged in 3.13).
 */
class LockTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();
    private final Lock lock = new Lock();

    @AfterEach
    void close() {
        loop.close();
    }

    /** {@code await lock.acquire()}, then trace, optionally yield, release; traces a cancel. */
    private Scripted<Void> worker(String n, boolean yieldWhileHolding) {
        return new Scripted<Void>(n)
                .then(v -> lock.acquire())
                .thenCatching((v, e) -> {
                    if (e != null) {
                        trace.add(n + " cancelled, locked=" + lock.locked());
                        throw e;
                    }
                    trace.add(n + " acquired");
                    if (!yieldWhileHolding) {
                        lock.release();
                        return null;
                    }
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    lock.release();
                    return null;
                });
    }

    private Task<?>[] start(boolean yieldWhileHolding, String... names) {
        Task<?>[] ts = new Task<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            ts[i] = Asyncio.createTask(worker(names[i], yieldWhileHolding));
        }
        return ts;
    }

    /**
     * <pre>
     * async def w(n):
     *     await lock.acquire(); trace.append(f'{n} acquired'); await asyncio.sleep(0); lock.release()
     * await lock.acquire()
     * ts = [asyncio.create_task(w(n)) for n in 'abc']
     * await asyncio.sleep(0)
     * trace.append('main releases'); lock.release()
     * await asyncio.gather(*ts)
     * # ['main releases', 'a acquired', 'b acquired', 'c acquired'] False
     * </pre>
     */
    @Test
    void waitersAcquireInFifoOrder() {
        Task<?>[][] ts = new Task<?>[1][];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> lock.acquire())
                .then(v -> {
                    ts[0] = start(true, "a", "b", "c");
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    trace.add("main releases");
                    lock.release();
                    return Asyncio.gather(ts[0]);
                })
                .then(v -> null));
        assertEquals(List.of("main releases", "a acquired", "b acquired", "c acquired"), trace);
        assertFalse(lock.locked());
    }

    /**
     * <pre>
     * await lock.acquire()
     * ts = [asyncio.create_task(w(n)) for n in 'abc']    # w traces its CancelledError
     * await asyncio.sleep(0)
     * ts[1].cancel(); await asyncio.sleep(0)
     * lock.release()
     * await asyncio.gather(*ts, return_exceptions=True)
     * # ['b cancelled', 'a acquired', 'c acquired'] False
     * </pre>
     */
    @Test
    void aWaiterCancelledWhileWaitingLeavesTheQueueAndTheOthersStillGetTheLock() {
        Task<?>[][] ts = new Task<?>[1][];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> lock.acquire())
                .then(v -> {
                    ts[0] = start(false, "a", "b", "c");
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    ts[0][1].cancel();
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    lock.release();
                    return Asyncio.gather(true, ts[0]);
                })
                .then(v -> null));
        assertEquals(List.of("b cancelled, locked=true", "a acquired", "c acquired"), trace);
        assertFalse(lock.locked());
        assertTrue(ts[0][1].cancelled());
        assertEquals(
                "<io.jasyncio.Lock object at 0x" + Integer.toHexString(System.identityHashCode(lock)) + " [unlocked]>",
                lock.toString());
    }

    /**
     * The race of asyncio's {@code test_cancel_release_race}: the first waiter is woken by
     * {@code release()}, then cancelled before it runs; the cancellation wins, and it must pass
     * the wake-up to the next waiter.
     * <pre>
     * await lock.acquire()
     * ts = [asyncio.create_task(w(n)) for n in 'abc']
     * await asyncio.sleep(0)
     * lock.release()          # wakes a
     * ts[0].cancel()          # a was woken but has not run
     * await asyncio.gather(*ts, return_exceptions=True)
     * # ['a cancelled, locked=False', 'b acquired', 'c acquired'] False
     * </pre>
     */
    @Test
    void aWaiterCancelledAfterBeingWokenPassesTheWakeUpOn() {
        Task<?>[][] ts = new Task<?>[1][];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> lock.acquire())
                .then(v -> {
                    ts[0] = start(false, "a", "b", "c");
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    lock.release();
                    ts[0][0].cancel();
                    return Asyncio.gather(true, ts[0]);
                })
                .then(v -> null));
        assertEquals(List.of("a cancelled, locked=false", "b acquired", "c acquired"), trace);
        assertFalse(lock.locked());
    }

    /**
     * <pre>
     * await lock.acquire()
     * a = asyncio.create_task(w('a')); await asyncio.sleep(0)
     * lock.release()
     * b = asyncio.create_task(w('b'))     # would find the lock free, but a was woken first
     * await asyncio.gather(a, b)
     * # ['a acquired', 'b acquired']
     * </pre>
     */
    @Test
    void aNewcomerDoesNotBargePastAWokenWaiter() {
        Task<?>[] a = new Task<?>[2];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> lock.acquire())
                .then(v -> {
                    a[0] = Asyncio.createTask(worker("a", false));
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    lock.release();
                    a[1] = Asyncio.createTask(worker("b", false));
                    return Asyncio.gather(a);
                })
                .then(v -> null));
        assertEquals(List.of("a acquired", "b acquired"), trace);
    }

    /** {@code asyncio.Lock().release()} raises {@code RuntimeError('Lock is not acquired.')}. */
    @Test
    void releasingAnUnlockedLockFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
    }

    /** The fast path needs no loop: acquiring a free lock completes without suspending. */
    @Test
    void acquiringAFreeLockDoesNotSuspend() {
        assertThrows(StopIteration.class, () -> lock.acquire().send(null));
        assertTrue(lock.locked());
        assertEquals(
                "<io.jasyncio.Lock object at 0x" + Integer.toHexString(System.identityHashCode(lock)) + " [locked]>",
                lock.toString());
    }

    /** {@code async with lock: return await body()}: released on success and on failure. */
    @Test
    void withLockReleasesAfterTheBodyReturnsOrThrows() {
        Object r = loop.runUntilComplete(lock.withLock(
                () -> new Scripted<Integer>("body").then(v -> Asyncio.sleep(0)).then(v -> {
                    assertTrue(lock.locked());
                    return 42;
                })));
        assertEquals(42, r);
        assertFalse(lock.locked());
        assertThrows(
                ArithmeticException.class,
                () -> loop.runUntilComplete(lock.withLock(() -> new Scripted<Integer>("body").then(v -> {
                    throw new ArithmeticException();
                }))));
        assertFalse(lock.locked());
    }
}
