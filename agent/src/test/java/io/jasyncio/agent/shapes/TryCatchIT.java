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
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shape 6: an await inside try whose awaited coroutine throws, checked or unchecked, before or
 * after it first suspended, caught by the awaiting coroutine.
 */
class TryCatchIT {

    @Async
    static Coroutine<Integer> throwsChecked(boolean suspendFirst, IOException e) throws IOException {
        if (suspendFirst) {
            log("callee suspends " + await(v(1)));
        }
        log("callee throws");
        throw e;
    }

    @Async
    static Coroutine<Integer> throwsUnchecked(boolean suspendFirst, RuntimeException e) {
        if (suspendFirst) {
            log("callee suspends " + await(v(1)));
        }
        log("callee throws");
        throw e;
    }

    @Async
    static Coroutine<Object> catchChecked(boolean suspendFirst, IOException e) {
        int before = await(v(7));
        try {
            int x = await(throwsChecked(suspendFirst, e));
            log("not reached " + x);
            return done("no exception");
        } catch (IOException caught) {
            log("caught " + caught.getMessage() + " with " + before);
            return done(caught);
        }
    }

    @Async
    static Coroutine<Object> catchUnchecked(boolean suspendFirst, RuntimeException e) {
        String before = await(v("b"));
        try {
            int x = await(throwsUnchecked(suspendFirst, e));
            log("not reached " + x);
            return done("no exception");
        } catch (IllegalArgumentException caught) {
            log("caught " + caught.getMessage() + " with " + before);
            return done(caught);
        }
    }

    @Async
    static Coroutine<Object> catchBySupertypeThenGoOn(boolean suspendFirst, RuntimeException e) {
        Object caught = null;
        try {
            await(throwsUnchecked(suspendFirst, e));
        } catch (Exception any) {
            caught = any;
        }
        log("after try " + await(v("x")));
        return done(caught);
    }

    @Async
    static Coroutine<String> nonMatchingCatchLetsItThrough(boolean suspendFirst, RuntimeException e) {
        try {
            await(throwsUnchecked(suspendFirst, e));
        } catch (IllegalArgumentException notThisOne) {
            log("wrong handler");
        }
        log("not reached");
        return done("no");
    }

    @Async
    static Coroutine<Object> checkedThroughAFailedFuture(Exception e) {
        try {
            Integer never = await(fail(e));
            return done(never);
        } catch (Exception caught) {
            return done(caught);
        }
    }

    @Async
    static Coroutine<String> failureAfterTheAwaitInsideTry(int divisor) {
        int numerator = 10;
        try {
            int d = await(v(divisor));
            return done("q=" + numerator / d);
        } catch (ArithmeticException e) {
            return done(e.getMessage() + " " + numerator + " " + await(v("recovered")));
        }
    }

    @Async
    static Coroutine<String> catchInEveryIteration() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            try {
                sb.append(await(throwsUnchecked(i % 2 == 0, new IllegalArgumentException("e" + i))));
            } catch (IllegalArgumentException e) {
                sb.append(e.getMessage()).append(await(v(i))).append(' ');
            }
        }
        return done(sb.toString());
    }

    @Async
    static Coroutine<Integer> handledInsideTheCallee(boolean suspendFirst) {
        try {
            return done(await(throwsUnchecked(suspendFirst, new IllegalArgumentException("inner"))));
        } catch (IllegalArgumentException e) {
            return done(-1);
        }
    }

    @Async
    static Coroutine<Integer> callerOfAHandlingCallee() {
        int a = await(handledInsideTheCallee(true));
        int b = await(handledInsideTheCallee(false));
        return done(a + b + await(v(100)));
    }

    @Async
    static Coroutine<String> valuesOnTheStackUnderAThrowingAwait(boolean suspendFirst) {
        long big = Long.MAX_VALUE;
        String s = "s";
        try {
            return done(s + big + (10 + await(throwsUnchecked(suspendFirst, new IllegalArgumentException("x")))));
        } catch (IllegalArgumentException e) {
            return done(s + big + e.getMessage() + await(v("!")));
        }
    }

    @Test
    void anAwaitThatThrowsWithValuesUnderneathOnTheStack() {
        assertEquals("s9223372036854775807x!", valueOfBoth(() -> valuesOnTheStackUnderAThrowingAwait(true)));
        assertEquals("s9223372036854775807x!", valueOfBoth(() -> valuesOnTheStackUnderAThrowingAwait(false)));
    }

    @Test
    void checkedExceptionThrownAfterTheCalleeSuspendedIsCaught() {
        IOException[] made = new IOException[1];
        Awaited.Outcome o = runBoth(() -> catchChecked(true, made[0] = new IOException("disk")));
        assertSame(made[0], o.value());
        assertEquals(List.of("callee suspends 1", "callee throws", "caught disk with 7"), o.trace());
        assertEquals(2, o.suspensions());
    }

    @Test
    void checkedExceptionThrownBeforeTheCalleeSuspendedIsCaught() {
        IOException[] made = new IOException[1];
        Awaited.Outcome o = runBoth(() -> catchChecked(false, made[0] = new IOException("early")));
        assertSame(made[0], o.value());
        assertEquals(List.of("callee throws", "caught early with 7"), o.trace());
        assertEquals(1, o.suspensions());
    }

    @Test
    void uncheckedExceptionThrownAfterTheCalleeSuspendedIsCaught() {
        IllegalArgumentException[] made = new IllegalArgumentException[1];
        Awaited.Outcome o = runBoth(() -> catchUnchecked(true, made[0] = new IllegalArgumentException("late")));
        assertSame(made[0], o.value());
        assertEquals(List.of("callee suspends 1", "callee throws", "caught late with b"), o.trace());
    }

    @Test
    void uncheckedExceptionThrownBeforeTheCalleeSuspendedIsCaught() {
        IllegalArgumentException[] made = new IllegalArgumentException[1];
        Awaited.Outcome o = runBoth(() -> catchUnchecked(false, made[0] = new IllegalArgumentException("soon")));
        assertSame(made[0], o.value());
        assertEquals(List.of("callee throws", "caught soon with b"), o.trace());
    }

    @Test
    void catchBySupertypeAndCarryOnAwaiting() {
        for (boolean suspendFirst : new boolean[] {true, false}) {
            UnsupportedOperationException[] made = new UnsupportedOperationException[1];
            Awaited.Outcome o = runBoth(
                    () -> catchBySupertypeThenGoOn(suspendFirst, made[0] = new UnsupportedOperationException("u")));
            assertSame(made[0], o.value());
            assertEquals("after try x", o.trace().get(o.trace().size() - 1));
        }
    }

    @Test
    void aCatchOfAnotherTypeDoesNotCatch() {
        for (boolean suspendFirst : new boolean[] {true, false}) {
            IllegalStateException[] made = new IllegalStateException[1];
            Awaited.Outcome o = runBoth(
                    () -> nonMatchingCatchLetsItThrough(suspendFirst, made[0] = new IllegalStateException("through")));
            assertSame(made[0], o.error());
            assertNull(o.value());
            assertEquals("callee throws", o.trace().get(o.trace().size() - 1));
        }
    }

    @Test
    void checkedExceptionOfAFailedFutureIsCaught() {
        IOException[] made = new IOException[1];
        Awaited.Outcome o = runBoth(() -> checkedThroughAFailedFuture(made[0] = new IOException("future")));
        assertSame(made[0], o.value());
        assertEquals(1, o.suspensions());
    }

    @Test
    void exceptionFromPlainCodeAfterTheAwaitIsCaught() {
        assertEquals("q=5", valueOfBoth(() -> failureAfterTheAwaitInsideTry(2)));
        assertEquals("/ by zero 10 recovered", valueOfBoth(() -> failureAfterTheAwaitInsideTry(0)));
    }

    @Test
    void catchingInEveryIterationOfALoop() {
        Awaited.Outcome o = runBoth(TryCatchIT::catchInEveryIteration);
        assertEquals("e00 e11 e22 e33 ", o.value());
        assertEquals(6, o.suspensions());
    }

    @Test
    void aCalleeThatCatchesItsOwnExceptionReturnsNormally() {
        assertEquals(98, valueOfBoth(TryCatchIT::callerOfAHandlingCallee));
    }
}
