package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.fail;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Awaits whose awaitable is a direct call of a static {@code @Async} method of the same class:
 * the agent runs the callee's body by a static call (no {@code Frame.step}) and links the callee
 * to its caller only when it suspends. These must behave as every other await: values, a callee
 * that suspends, throws before or after suspending, and the chain's links while suspended.
 * {@code CoroutineTransformerTest} checks which of these awaits take the direct form.
 */
class DirectAwaitIT {

    @Async
    static Coroutine<Integer> leaf(int n) {
        return done(await(v(n)) + 1);
    }

    @Async
    static Coroutine<Integer> direct(int n) {
        return done(await(leaf(n)) * 2);
    }

    /** Both arms reach the await through a jump: not the direct form. */
    @Async
    static Coroutine<Integer> conditional(boolean first) {
        return done(await(first ? leaf(1) : leaf(2)));
    }

    /** The coroutine object is a local before the await: not the direct form. */
    @Async
    static Coroutine<Integer> viaLocal(int n) {
        Coroutine<Integer> c = leaf(n);
        return done(await(c));
    }

    @Async
    static Coroutine<Integer> thrower(boolean early, RuntimeException boom) {
        try {
            if (early) {
                throw boom;
            }
            return done(await(fail(boom)));
        } finally {
            log("thrower finally");
        }
    }

    @Async
    static Coroutine<Integer> catches(boolean early, RuntimeException boom) {
        try {
            return done(await(thrower(early, boom)));
        } catch (IllegalStateException e) {
            log("caught " + e.getMessage());
            return done(-1);
        }
    }

    @Async
    static Coroutine<Integer> inner(Future<Integer> gate) {
        return done(await(gate) + 1);
    }

    @Async
    static Coroutine<Integer> middle(Future<Integer> gate) {
        return done(await(inner(gate)) + 10);
    }

    @Async
    static Coroutine<Integer> outer(Future<Integer> gate) {
        return done(await(middle(gate)) + 100);
    }

    /** Starts outer(gate) as a task, looks at its chain while it waits on the gate, then opens it. */
    @Async
    static Coroutine<List<Object>> inspectSuspendedChain() {
        Future<Integer> gate = Asyncio.getRunningLoop().createFuture();
        Task<Integer> task = Asyncio.createTask(outer(gate));
        await(Asyncio.sleep(0));
        Coroutine<?> o = task.getCoro();
        Coroutine<?> m = o.awaitedCoroutine();
        Coroutine<?> i = m.awaitedCoroutine();
        List<Object> seen = List.of(
                o,
                m.awaitingCoroutine(),
                m,
                i.awaitingCoroutine(),
                m.getName(),
                i.getName(),
                i.isDone(),
                o.awaitingCoroutine() == null);
        gate.setResult(1);
        return done(List.of(seen, await(task)));
    }

    @Test
    void aDirectAwaitGivesTheCalleesResult() {
        Awaited.Outcome o = runBoth(() -> direct(20));
        assertNull(o.error());
        assertEquals(42, o.value());
        assertEquals(1, o.suspensions());
        assertEquals(2, runBoth(() -> conditional(true)).value());
        assertEquals(3, runBoth(() -> conditional(false)).value());
        assertEquals(8, runBoth(() -> viaLocal(7)).value());
    }

    @Test
    void aDirectCalleeThatThrowsAtOnceOrAfterSuspendingThrowsAtTheAwait() {
        for (boolean early : new boolean[] {true, false}) {
            Awaited.Outcome o = runBoth(() -> catches(early, new IllegalStateException("boom")));
            assertNull(o.error());
            assertEquals(-1, o.value());
            assertEquals(List.of("thrower finally", "caught boom"), o.trace());
        }
    }

    @Test
    void aSuspendedDirectCalleeIsLinkedToItsCaller() {
        List<?> r = Asyncio.run(inspectSuspendedChain());
        List<?> seen = (List<?>) r.get(0);
        assertSame(seen.get(0), seen.get(1), "middle's caller is outer");
        assertSame(seen.get(2), seen.get(3), "inner's caller is middle");
        assertEquals("DirectAwaitIT.middle", seen.get(4));
        assertEquals("DirectAwaitIT.inner", seen.get(5));
        assertEquals(false, seen.get(6));
        assertEquals(true, seen.get(7), "the task's own coroutine has no caller");
        assertEquals(112, r.get(1));
    }
}
