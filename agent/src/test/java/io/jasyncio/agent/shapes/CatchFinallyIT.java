package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.fail;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shape 7: awaits inside catch and inside finally; finally on normal exit, exception, return,
 * break and continue.
 */
class CatchFinallyIT {

    @Async
    static Coroutine<String> awaitInCatch(boolean failIt) {
        String r = "start";
        try {
            if (failIt) {
                await(fail(new IllegalStateException("boom")));
            }
            r += await(v("-ok"));
        } catch (IllegalStateException e) {
            r += "-" + e.getMessage() + await(v("-handled"));
            log("catch still sees " + e.getMessage());
        }
        return done(r);
    }

    @Async
    static Coroutine<Void> awaitInCatchThenRethrow(IllegalStateException e) {
        try {
            await(fail(e));
            log("not reached");
        } catch (IllegalStateException caught) {
            log("catch " + await(v(1)));
            throw caught;
        } finally {
            log("finally " + await(v(2)));
        }
        log("not reached either");
        return done();
    }

    @Async
    static Coroutine<Void> awaitInCatchFails(RuntimeException first, RuntimeException second) {
        try {
            await(fail(first));
        } catch (RuntimeException caught) {
            log("catch " + caught.getMessage());
            await(fail(second));
            log("not reached");
        } finally {
            log("finally " + await(v("f")));
        }
        return done();
    }

    @Async
    static Coroutine<String> finallyOnNormalExit() {
        try {
            log("body " + await(v(1)));
        } finally {
            log("finally " + await(v(2)));
        }
        log("after");
        return done("ok");
    }

    @Async
    static Coroutine<String> finallyOnException(RuntimeException e) {
        String local = "kept";
        try {
            log("body " + await(v(1)));
            await(fail(e));
            log("not reached");
        } finally {
            log("finally " + await(v(2)) + " " + local);
        }
        log("not after");
        return done("no");
    }

    @Async
    static Coroutine<String> finallyOnReturn() {
        try {
            return done("from try " + await(v(1)));
        } finally {
            log("finally " + await(v(2)));
        }
    }

    @Async
    static Coroutine<Void> finallyOnVoidReturn() {
        try {
            log("body " + await(v(1)));
            return done();
        } finally {
            log("finally " + await(v(2)));
        }
    }

    @Async
    static Coroutine<Integer> finallyOnBreak() {
        int i = 0;
        for (; ; i++) {
            try {
                if (await(v(i)) == 2) {
                    break;
                }
                log("body " + i);
            } finally {
                log("finally " + i + await(v("!")));
            }
        }
        log("after loop");
        return done(i);
    }

    @Async
    static Coroutine<Integer> finallyOnContinue() {
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            try {
                if (await(v(i)) % 2 == 0) {
                    continue;
                }
                sum += 100;
            } finally {
                sum += await(v(i));
                log("finally " + i + " sum " + sum);
            }
        }
        return done(sum);
    }

    @Async
    static Coroutine<Void> exceptionInFinallyReplacesTheOriginal(RuntimeException first, RuntimeException second) {
        try {
            await(fail(first));
        } finally {
            log("finally " + await(v(1)));
            if (second != null) {
                throw second;
            }
        }
        return done();
    }

    @Async
    static Coroutine<String> tryCatchInsideFinally() {
        String r = "";
        try {
            r += await(v("t"));
        } finally {
            try {
                await(fail(new IllegalArgumentException("inner")));
            } catch (IllegalArgumentException e) {
                r += "+" + e.getMessage() + await(v("+c"));
            } finally {
                r += await(v("+f"));
            }
        }
        return done(r);
    }

    @Test
    void awaitInsideCatchKeepsTheCaughtException() {
        Awaited.Outcome caught = runBoth(() -> awaitInCatch(true));
        assertEquals("start-boom-handled", caught.value());
        assertEquals(List.of("catch still sees boom"), caught.trace());
        assertEquals(2, caught.suspensions());
        Awaited.Outcome ok = runBoth(() -> awaitInCatch(false));
        assertEquals("start-ok", ok.value());
        assertEquals(List.of(), ok.trace());
    }

    @Test
    void rethrowFromACatchThatAwaitedRunsTheAwaitingFinally() {
        IllegalStateException[] made = new IllegalStateException[1];
        Awaited.Outcome o = runBoth(() -> awaitInCatchThenRethrow(made[0] = new IllegalStateException("x")));
        assertSame(made[0], o.error());
        assertEquals(List.of("catch 1", "finally 2"), o.trace());
        assertEquals(3, o.suspensions());
    }

    @Test
    void aFailedAwaitInsideCatchPropagatesItsOwnException() {
        RuntimeException first = new IllegalStateException("first");
        RuntimeException[] second = new RuntimeException[1];
        Awaited.Outcome o =
                runBoth(() -> awaitInCatchFails(first, second[0] = new UnsupportedOperationException("2nd")));
        assertSame(second[0], o.error());
        assertEquals(List.of("catch first", "finally f"), o.trace());
    }

    @Test
    void finallyRunsOnNormalExit() {
        Awaited.Outcome o = runBoth(CatchFinallyIT::finallyOnNormalExit);
        assertEquals("ok", o.value());
        assertEquals(List.of("body 1", "finally 2", "after"), o.trace());
        assertEquals(2, o.suspensions());
    }

    @Test
    void finallyRunsOnExceptionAndTheExceptionStaysTheSame() {
        IllegalStateException[] made = new IllegalStateException[1];
        Awaited.Outcome o = runBoth(() -> finallyOnException(made[0] = new IllegalStateException("e")));
        assertSame(made[0], o.error());
        assertEquals(List.of("body 1", "finally 2 kept"), o.trace());
        assertEquals(3, o.suspensions());
    }

    @Test
    void finallyRunsOnReturnAndTheValueIsKept() {
        Awaited.Outcome o = runBoth(CatchFinallyIT::finallyOnReturn);
        assertEquals("from try 1", o.value());
        assertEquals(List.of("finally 2"), o.trace());
    }

    @Test
    void finallyRunsOnReturnFromAVoidCoroutine() {
        Awaited.Outcome o = runBoth(CatchFinallyIT::finallyOnVoidReturn);
        assertNull(o.error());
        assertEquals(List.of("body 1", "finally 2"), o.trace());
    }

    @Test
    void finallyRunsOnBreak() {
        Awaited.Outcome o = runBoth(CatchFinallyIT::finallyOnBreak);
        assertEquals(2, o.value());
        assertEquals(List.of("body 0", "finally 0!", "body 1", "finally 1!", "finally 2!", "after loop"), o.trace());
        assertEquals(6, o.suspensions());
    }

    @Test
    void finallyRunsOnContinue() {
        Awaited.Outcome o = runBoth(CatchFinallyIT::finallyOnContinue);
        assertEquals(103, o.value());
        assertEquals(List.of("finally 0 sum 0", "finally 1 sum 101", "finally 2 sum 103"), o.trace());
    }

    @Test
    void anExceptionThrownInFinallyReplacesThePendingOne() {
        RuntimeException first = new IllegalStateException("first");
        RuntimeException[] second = new RuntimeException[1];
        Awaited.Outcome replaced = runBoth(
                () -> exceptionInFinallyReplacesTheOriginal(first, second[0] = new IllegalArgumentException("second")));
        assertSame(second[0], replaced.error());
        assertEquals(List.of("finally 1"), replaced.trace());
        Awaited.Outcome kept = runBoth(() -> exceptionInFinallyReplacesTheOriginal(first, null));
        assertSame(first, kept.error());
    }

    @Test
    void tryCatchFinallyInsideAFinally() {
        assertEquals("t+inner+c+f", valueOfBoth(CatchFinallyIT::tryCatchInsideFinally));
    }
}
