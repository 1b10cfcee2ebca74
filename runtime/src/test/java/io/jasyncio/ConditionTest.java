package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Condition}: FIFO notification, a cancelled waiter re-acquires the lock before it
 * raises, misuse. Traces from the quoted Python 3.11 program (3.13 differs only when a waiter
 * fails after being notified, which this program does not do).
 */
class ConditionTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();
    private final Condition c = new Condition();

    @AfterEach
    void close() {
        loop.close();
    }

    /**
     * <pre>
     * async def w(n):
     *     await c.acquire()
     *     try:
     *         await c.wait(); trace.append(f'{n} notified, locked={c.locked()}')
     *     except asyncio.CancelledError:
     *         trace.append(f'{n} cancelled, locked={c.locked()}'); raise
     *     finally:
     *         c.release()
     * ts = [asyncio.create_task(w(n)) for n in 'abc']
     * await asyncio.sleep(0)
     * ts[0].cancel(); await asyncio.sleep(0)
     * await c.acquire(); c.notify(1); trace.append('notified 1'); c.release()
     * await asyncio.sleep(0); await asyncio.sleep(0)
     * await c.acquire(); c.notify_all(); c.release()
     * await asyncio.gather(*ts, return_exceptions=True)
     * # ['a cancelled, locked=True', 'notified 1', 'b notified, locked=True',
     * #  'c notified, locked=True']
     * </pre>
     */
    @Test
    void notifyWakesInFifoOrderAndACancelledWaiterStillReacquiresTheLock() {
        Task<?>[] ts = new Task<?>[3];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    String[] names = {"a", "b", "c"};
                    for (int i = 0; i < 3; i++) {
                        String n = names[i];
                        ts[i] = Asyncio.createTask(new Scripted<Void>(n)
                                .then(x -> c.acquire())
                                .then(x -> c.waitNotified())
                                .thenCatching((x, e) -> {
                                    trace.add(n + (e != null ? " cancelled" : " notified") + ", locked=" + c.locked());
                                    c.release();
                                    if (e != null) {
                                        throw e;
                                    }
                                    return null;
                                }));
                    }
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    ts[0].cancel();
                    return Asyncio.sleep(0);
                })
                .then(v -> c.acquire())
                .then(v -> {
                    c.notifyWaiters(1);
                    trace.add("notified 1");
                    c.release();
                    return Asyncio.sleep(0);
                })
                .then(v -> Asyncio.sleep(0))
                .then(v -> c.acquire())
                .then(v -> {
                    c.notifyAllWaiters();
                    c.release();
                    return Asyncio.gather(true, ts);
                })
                .then(v -> null));
        assertEquals(
                List.of("a cancelled, locked=true", "notified 1", "b notified, locked=true", "c notified, locked=true"),
                trace);
        assertFalse(c.locked());
    }

    /**
     * <pre>
     * c.notify()      # RuntimeError('cannot notify on un-acquired lock')
     * await c.wait()  # RuntimeError('cannot wait on un-acquired lock')
     * </pre>
     */
    @Test
    void notifyingOrWaitingWithoutTheLockFails() {
        assertEquals(
                "cannot notify on un-acquired lock",
                assertThrows(IllegalStateException.class, c::notifyWaiter).getMessage());
        assertEquals(
                "cannot wait on un-acquired lock",
                assertThrows(IllegalStateException.class, () -> c.waitNotified().send(null))
                        .getMessage());
    }

    /** {@code wait_for} re-checks the predicate after each notification, holding the lock. */
    @Test
    void waitForReturnsOnceThePredicateHolds() {
        int[] n = {0};
        Task<?>[] t = new Task<?>[1];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    t[0] = Asyncio.createTask(new Scripted<Boolean>("w")
                            .then(x -> c.acquire())
                            .then(x -> c.waitFor(() -> n[0] >= 2))
                            .then(x -> {
                                trace.add("saw " + n[0] + ", locked=" + c.locked());
                                c.release();
                                return x;
                            }));
                    return Asyncio.sleep(0);
                })
                .then(v -> c.withLock(() -> new Scripted<Void>("bump").then(x -> {
                    n[0]++;
                    c.notifyAllWaiters();
                    return null;
                })))
                .then(v -> Asyncio.sleep(0))
                .then(v -> c.withLock(() -> new Scripted<Void>("bump").then(x -> {
                    n[0]++;
                    c.notifyAllWaiters();
                    return null;
                })))
                .then(v -> t[0])
                .then(v -> null));
        assertEquals(List.of("saw 2, locked=true"), trace);
    }
}
