package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#wait}: which futures land in {@code done} and {@code pending} for each
 * {@link ReturnWhen}, timeouts that cancel nothing, cancellation of the waiter. Expectations
 * come from the Python 3.11 programs quoted above each test ({@code slow} and {@code fail} as in
 * {@link TaskGroupTest}); Python's sets are printed sorted, jasyncio's {@code done} is in
 * completion order.
 */
class WaitTasksTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    private Scripted<Object> slow(String name, double d, Object v) {
        return TimeoutTest.slow(trace, name, d, v);
    }

    /**
     * <pre>
     * a = asyncio.create_task(slow(trace, 'a', 0.2, 1)); b = asyncio.create_task(slow(trace, 'b', 0.1, 2))
     * d, p = await asyncio.wait([a, b], return_when=asyncio.FIRST_COMPLETED)
     * print(trace, names(d), names(p), a.cancelled())     # ['b done'] ['b'] ['a'] False
     * </pre>
     */
    @Test
    void firstCompletedReturnsAsSoonAsOneIsDone() {
        Task<?>[] t = new Task<?>[2];
        DoneAndPending r = (DoneAndPending) loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    t[0] = Asyncio.createTask(slow("a", 0.2, 1));
                    t[1] = Asyncio.createTask(slow("b", 0.1, 2));
                    return Asyncio.waitTasks(List.of(t[0], t[1]), ReturnWhen.FIRST_COMPLETED);
                })
                .then(v -> v));
        assertEquals(List.of("b done"), trace);
        assertEquals(Set.of(t[1]), r.done());
        assertEquals(Set.of(t[0]), r.pending());
        assertFalse(t[0].cancelled());
    }

    /**
     * <pre>
     * a = create_task(slow(trace, 'a', 0.3, 1)); b = create_task(fail(trace, 'b', 0.2, ValueError('b')))
     * c = create_task(slow(trace, 'c', 0.1, 3))
     * d, p = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_EXCEPTION)
     * # ['c done', 'b raises'] ['b', 'c'] ['a'] ValueError('b')
     * </pre>
     */
    @Test
    void firstExceptionReturnsAtTheFirstFailure() {
        Task<?>[] t = new Task<?>[3];
        IllegalArgumentException b = new IllegalArgumentException("b");
        DoneAndPending r = (DoneAndPending) loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    t[0] = Asyncio.createTask(slow("a", 0.3, 1));
                    t[1] = Asyncio.createTask(
                            new Scripted<>("b").then(x -> Asyncio.sleep(0.2)).then(x -> {
                                trace.add("b raises");
                                throw b;
                            }));
                    t[2] = Asyncio.createTask(slow("c", 0.1, 3));
                    return Asyncio.waitTasks(List.of(t[0], t[1], t[2]), ReturnWhen.FIRST_EXCEPTION);
                })
                .then(v -> v));
        assertEquals(List.of("c done", "b raises"), trace);
        assertEquals(List.of(t[2], t[1]), new ArrayList<>(r.done()), "done, in completion order");
        assertEquals(Set.of(t[0]), r.pending());
        assertEquals(b, t[1].exception());
    }

    /**
     * <pre>
     * a = create_task(slow(trace, 'a', 1, 1)); b = create_task(slow(trace, 'b', 0.1, 2))
     * d, p = await asyncio.wait([a, b], timeout=0.5)
     * print(trace, names(d), names(p), round(loop.time()-t0, 2), a.cancelled())
     * # ['b done'] ['b'] ['a'] 0.5 False
     * await a                     # ['b done', 'a done']
     * </pre>
     */
    @Test
    void aTimeoutReturnsWhatIsDoneAndCancelsNothing() {
        Task<?>[] t = new Task<?>[2];
        DoneAndPending[] r = new DoneAndPending[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    t[0] = Asyncio.createTask(slow("a", 1, 1));
                    t[1] = Asyncio.createTask(slow("b", 0.1, 2));
                    return Asyncio.waitTasks(List.of(t[0], t[1]), 0.5, ReturnWhen.ALL_COMPLETED);
                })
                .then(v -> {
                    r[0] = (DoneAndPending) v;
                    assertEquals(0.5, loop.time(), 1e-9);
                    assertFalse(t[0].cancelled());
                    return t[0];
                })
                .then(v -> null));
        assertEquals(Set.of(t[1]), r[0].done());
        assertEquals(Set.of(t[0]), r[0].pending());
        assertEquals(List.of("b done", "a done"), trace);
    }

    /**
     * <pre>
     * a = asyncio.create_task(slow(trace, 'a', 1, 1))
     * w = asyncio.create_task(asyncio.wait([a]))
     * await asyncio.sleep(0.1); w.cancel()
     * try: await w
     * except asyncio.CancelledError: trace.append(f'wait cancelled, a.cancelled={a.cancelled()}')
     * await a      # ['wait cancelled, a.cancelled=False', 'a done']
     * </pre>
     */
    @Test
    void cancellingTheWaiterLeavesTheFuturesAlone() {
        Task<?>[] t = new Task<?>[2];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    t[0] = Asyncio.createTask(slow("a", 1, 1));
                    t[1] = Asyncio.createTask(Asyncio.waitTasks(List.of(t[0])));
                    return Asyncio.sleep(0.1);
                })
                .then(v -> {
                    t[1].cancel();
                    return t[1];
                })
                .thenCatching((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    trace.add("wait cancelled, a.cancelled=" + t[0].cancelled());
                    return t[0];
                })
                .then(v -> null));
        assertEquals(List.of("wait cancelled, a.cancelled=false", "a done"), trace);
    }

    /** Python: {@code ValueError('Set of Tasks/Futures is empty.')}. */
    @Test
    void anEmptyCollectionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Asyncio.waitTasks(List.of()));
        assertEquals("Set of Tasks/Futures is empty.", e.getMessage());
    }
}
