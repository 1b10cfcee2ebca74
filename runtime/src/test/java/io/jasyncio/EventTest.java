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

/** {@link Event}: set wakes every waiter in order, cancellation, the fast path. */
class EventTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();
    private final Event ev = new Event();

    @AfterEach
    void close() {
        loop.close();
    }

    /**
     * <pre>
     * async def w(n):
     *     try:
     *         await ev.wait(); trace.append(f'{n} woke, set={ev.is_set()}')
     *     except asyncio.CancelledError:
     *         trace.append(f'{n} cancelled'); raise
     * ts = [asyncio.create_task(w(n)) for n in 'abc']
     * await asyncio.sleep(0)
     * ts[1].cancel()
     * ev.set(); ev.clear()
     * await asyncio.gather(*ts, return_exceptions=True)
     * trace.append(f'set={ev.is_set()}')
     * # ['b cancelled', 'a woke, set=False', 'c woke, set=False', 'set=False']
     * </pre>
     */
    @Test
    void setWakesEveryWaiterInOrderEvenIfClearedAtOnceAndACancelledOneIsSkipped() {
        Task<?>[] ts = new Task<?>[3];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    String[] names = {"a", "b", "c"};
                    for (int i = 0; i < 3; i++) {
                        String n = names[i];
                        ts[i] = Asyncio.createTask(new Scripted<Void>(n)
                                .then(x -> ev.waitSet())
                                .thenCatching((x, e) -> {
                                    if (e != null) {
                                        trace.add(n + " cancelled");
                                        throw e;
                                    }
                                    trace.add(n + " woke, set=" + ev.isSet());
                                    return null;
                                }));
                    }
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    ts[1].cancel();
                    ev.set();
                    ev.clear();
                    return Asyncio.gather(true, ts);
                })
                .then(v -> {
                    trace.add("set=" + ev.isSet());
                    return null;
                }));
        assertEquals(List.of("b cancelled", "a woke, set=false", "c woke, set=false", "set=false"), trace);
        assertEquals(
                "<io.jasyncio.Event object at 0x" + Integer.toHexString(System.identityHashCode(ev)) + " [unset]>",
                ev.toString());
    }

    /** A set event does not suspend its waiter; a cleared one needs a loop to wait. */
    @Test
    void waitingOnASetEventReturnsAtOnce() {
        ev.set();
        StopIteration r = assertThrows(StopIteration.class, () -> ev.waitSet().send(null));
        assertEquals(Boolean.TRUE, r.value());
        ev.set();
        assertTrue(ev.isSet());
        ev.clear();
        assertFalse(ev.isSet());
        assertThrows(IllegalStateException.class, () -> ev.waitSet().send(null));
    }
}
