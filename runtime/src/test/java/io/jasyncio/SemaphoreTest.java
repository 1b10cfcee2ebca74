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
 * {@link Semaphore} and {@link BoundedSemaphore}: FIFO permits, no permit leaked by a
 * cancelled waiter, asyncio's errors. Expected traces come from the quoted Python 3.11
 * programs; in each of them 3.13's acquire (which this class follows) behaves the same.
 *
 * <pre>
 * async def worker(sem, n, trace):
 *     try:
 *         await sem.acquire()
 *     except asyncio.CancelledError:
 *         trace.append(f'{n} cancelled, value={sem._value}'); raise
 *     trace.append(f'{n} acquired'); await asyncio.sleep(0); sem.release()
 * </pre>
 */
class SemaphoreTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    private Scripted<Void> worker(Semaphore sem, String n) {
        return new Scripted<Void>(n)
                .then(v -> sem.acquire())
                .thenCatching((v, e) -> {
                    if (e != null) {
                        trace.add(n + " cancelled, value=" + sem.value());
                        throw e;
                    }
                    trace.add(n + " acquired");
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    sem.release();
                    return null;
                });
    }

    private Task<?>[] start(Semaphore sem, String... names) {
        Task<?>[] ts = new Task<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            ts[i] = Asyncio.createTask(worker(sem, names[i]));
        }
        return ts;
    }

    /**
     * <pre>
     * sem = asyncio.Semaphore(2)
     * ts = [asyncio.create_task(worker(sem, n, trace)) for n in 'abcde']
     * await asyncio.gather(*ts)
     * # ['a acquired', 'b acquired', 'c acquired', 'd acquired', 'e acquired'] 2
     * </pre>
     */
    @Test
    void permitsAreHandedOutInFifoOrderAndAllComeBack() {
        Semaphore sem = new Semaphore(2);
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> Asyncio.gather(start(sem, "a", "b", "c", "d", "e")))
                .then(v -> null));
        assertEquals(List.of("a acquired", "b acquired", "c acquired", "d acquired", "e acquired"), trace);
        assertEquals(2, sem.value());
        assertFalse(sem.locked());
    }

    /**
     * <pre>
     * sem = asyncio.Semaphore(0)
     * ts = [asyncio.create_task(worker(sem, n, trace)) for n in 'abc']
     * await asyncio.sleep(0)
     * sem.release()       # hands the permit to a
     * ts[0].cancel()      # a is cancelled before it runs: gives the permit back, b gets it
     * await asyncio.sleep(0)
     * trace.append(f'value={sem._value} locked={sem.locked()}')
     * sem.release()
     * await asyncio.gather(*ts, return_exceptions=True)
     * # ['a cancelled, value=0', 'value=0 locked=True', 'b acquired', 'c acquired'] 2
     * </pre>
     */
    @Test
    void aWaiterCancelledAfterBeingHandedAPermitGivesItToTheNext() {
        Semaphore sem = new Semaphore(0);
        Task<?>[][] ts = new Task<?>[1][];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    ts[0] = start(sem, "a", "b", "c");
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    sem.release();
                    ts[0][0].cancel();
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    trace.add("value=" + sem.value() + " locked=" + sem.locked());
                    sem.release();
                    return Asyncio.gather(true, ts[0]);
                })
                .then(v -> null));
        assertEquals(List.of("a cancelled, value=0", "value=0 locked=true", "b acquired", "c acquired"), trace);
        assertEquals(2, sem.value());
    }

    /**
     * <pre>
     * sem = asyncio.Semaphore(0)
     * ts = [asyncio.create_task(worker(sem, n, trace)) for n in 'abc']
     * await asyncio.sleep(0)
     * ts[0].cancel(); await asyncio.sleep(0)
     * sem.release()
     * await asyncio.gather(*ts, return_exceptions=True)
     * # ['a cancelled, value=0', 'b acquired', 'c acquired'] 1
     * </pre>
     */
    @Test
    void aWaiterCancelledWhileWaitingTakesNoPermit() {
        Semaphore sem = new Semaphore(0);
        Task<?>[][] ts = new Task<?>[1][];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    ts[0] = start(sem, "a", "b", "c");
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    ts[0][0].cancel();
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    sem.release();
                    return Asyncio.gather(true, ts[0]);
                })
                .then(v -> null));
        assertEquals(List.of("a cancelled, value=0", "b acquired", "c acquired"), trace);
        assertEquals(1, sem.value());
        assertTrue(ts[0][0].cancelled());
    }

    /**
     * <pre>
     * asyncio.BoundedSemaphore(1).release()
     * # ValueError('BoundedSemaphore released too many times')
     * asyncio.Semaphore(-1)
     * # ValueError('Semaphore initial value must be >= 0')
     * </pre>
     */
    @Test
    void overReleaseOfABoundedSemaphoreAndANegativeValueFail() {
        BoundedSemaphore b = new BoundedSemaphore(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::release);
        assertEquals("BoundedSemaphore released too many times", e.getMessage());
        assertEquals(1, b.value());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertEquals("Semaphore initial value must be >= 0", neg.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
        Semaphore plain = new Semaphore(1);
        plain.release();
        assertEquals(2, plain.value());
    }

    /** A bounded semaphore behaves as a semaphore up to its bound. */
    @Test
    void aBoundedSemaphoreAcquiresAndReleasesUpToItsBound() {
        BoundedSemaphore b = new BoundedSemaphore(2);
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> Asyncio.gather(start(b, "a", "b", "c")))
                .then(v -> null));
        assertEquals(List.of("a acquired", "b acquired", "c acquired"), trace);
        assertEquals(2, b.value());
        assertEquals(
                "<io.jasyncio.BoundedSemaphore object at 0x" + Integer.toHexString(System.identityHashCode(b))
                        + " [unlocked, value:2]>",
                b.toString());
    }

    /** {@code async with sem: return await body()} returns the permit however the body ends. */
    @Test
    void withPermitReturnsThePermit() {
        Semaphore sem = new Semaphore(1);
        assertEquals(
                7,
                loop.runUntilComplete(sem.withPermit(() -> new Scripted<Integer>("body").then(v -> {
                    assertEquals(0, sem.value());
                    return 7;
                }))));
        assertEquals(1, sem.value());
    }
}
