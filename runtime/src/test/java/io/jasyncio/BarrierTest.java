package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Barrier}: indices, reuse, a cancelled party leaves, abort, bad parties. */
class BarrierTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();
    private final Barrier b = new Barrier(3);

    @AfterEach
    void close() {
        loop.close();
    }

    private Task<?> party(String n) {
        return Asyncio.createTask(
                new Scripted<Void>(n).then(v -> b.waitParties()).then(v -> {
                    trace.add(n + " index " + v);
                    return null;
                }));
    }

    /**
     * <pre>
     * async def w(n):
     *     i = await b.wait(); trace.append(f'{n} index {i}')
     * await asyncio.gather(*(w(n) for n in 'abc'))
     * trace.append(f'n_waiting={b.n_waiting} broken={b.broken}')
     * t = [asyncio.create_task(w(n)) for n in 'de']
     * await asyncio.sleep(0)
     * t[0].cancel(); await asyncio.sleep(0)
     * trace.append(f'after cancel n_waiting={b.n_waiting}')
     * await b.abort()
     * r = await asyncio.gather(*t, return_exceptions=True); trace.append(repr(r))
     * # ['c index 2', 'a index 0', 'b index 1', 'n_waiting=0 broken=False',
     * #  'after cancel n_waiting=1',
     * #  "[CancelledError(''), BrokenBarrierError('Abort or reset of barrier')]"]
     * </pre>
     */
    @Test
    void thePartiesAreReleasedTogetherAndACancelledPartyLeavesTheBarrier() {
        Task<?>[] t = new Task<?>[2];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> Asyncio.gather(party("a"), party("b"), party("c")))
                .then(v -> {
                    trace.add("n_waiting=" + b.nWaiting() + " broken=" + b.broken());
                    t[0] = party("d");
                    t[1] = party("e");
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    t[0].cancel();
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    trace.add("after cancel n_waiting=" + b.nWaiting());
                    return b.abort();
                })
                .then(v -> Asyncio.gather(true, t))
                .then(v -> null));
        assertEquals(
                List.of("c index 2", "a index 0", "b index 1", "n_waiting=0 broken=false", "after cancel n_waiting=1"),
                trace);
        assertTrue(t[0].cancelled());
        BrokenBarrierError e = assertInstanceOf(BrokenBarrierError.class, t[1].exception());
        assertEquals("Abort or reset of barrier", e.getMessage());
        assertTrue(b.broken());
        assertEquals(
                "<io.jasyncio.Barrier object at 0x" + Integer.toHexString(System.identityHashCode(b)) + " [broken]>",
                b.toString());
    }

    /** {@code asyncio.Barrier(0)}: {@code ValueError('parties must be > 0')}. */
    @Test
    void aBarrierNeedsAtLeastOneParty() {
        assertEquals(
                "parties must be > 0",
                assertThrows(IllegalArgumentException.class, () -> new Barrier(0))
                        .getMessage());
    }
}
