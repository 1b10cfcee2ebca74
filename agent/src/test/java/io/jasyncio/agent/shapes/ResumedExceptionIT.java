package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.fail;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shape 9: an exception thrown by an awaited coroutine after it suspended and was resumed
 * reaches the awaiting coroutine's handlers as the same object, with its type and stack.
 */
class ResumedExceptionIT {

    /** A checked exception of our own, so that its type cannot be confused with a wrapper. */
    static final class Boom extends Exception {
        private static final long serialVersionUID = 1L;

        Boom(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An Error of our own: must pass through catch (Exception) untouched. */
    static final class Fatal extends Error {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message);
        }
    }

    @Async
    static Coroutine<Integer> boomAfterResume(Boom b) throws Boom {
        log("callee awaited " + await(v(1)));
        log("callee resumed");
        throw b;
    }

    @Async
    static Coroutine<Integer> throwAfterResume(Throwable t) {
        for (int i = 0; i < 3; i++) {
            log("callee step " + await(v(i)));
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        throw (Error) t;
    }

    @Async
    static Coroutine<Integer> createsItsOwnException(StackTraceElement[][] seen) {
        int n = await(v(41));
        IllegalStateException e = new IllegalStateException("made after resume " + n);
        seen[0] = e.getStackTrace().clone();
        throw e;
    }

    @Async
    static Coroutine<Object> catchBoom(Boom b) {
        try {
            return done(await(boomAfterResume(b)));
        } catch (Boom caught) {
            log("caught " + caught.getMessage() + " " + await(v("then awaited again")));
            return done(caught);
        }
    }

    @Async
    static Coroutine<Integer> middle(Throwable t) {
        try {
            return done(await(throwAfterResume(t)) + 1);
        } catch (IllegalArgumentException notMine) {
            log("middle caught the wrong thing");
            return done(-1);
        } finally {
            log("middle finally " + await(v("m")));
        }
    }

    @Async
    static Coroutine<Object> top(Throwable t) {
        try {
            int r = await(middle(t));
            log("top got " + r);
            return done(r);
        } catch (Exception e) {
            log("top caught " + e.getMessage());
            return done(e);
        }
    }

    @Async
    static Coroutine<Object> rethrowsWhatItCaught(RuntimeException e) {
        try {
            await(throwAfterResume(e));
            return done("no");
        } catch (RuntimeException caught) {
            log("rethrowing " + caught.getMessage());
            throw caught;
        }
    }

    @Async
    static Coroutine<String> calleeIsDoneWhenItsFailureArrives(RuntimeException e) {
        Coroutine<Integer> callee = throwAfterResume(e);
        try {
            await(callee);
            return done("no");
        } catch (RuntimeException caught) {
            return done("done=" + callee.isDone() + " same=" + (caught == e));
        }
    }

    @Async
    static Coroutine<Object> throughATask(RuntimeException e) {
        Task<Integer> task = createTask(throwAfterResume(e));
        try {
            return done(await(task));
        } catch (RuntimeException caught) {
            return done(caught);
        }
    }

    @Async
    static Coroutine<Object> stackOfAnExceptionMadeAfterResume(StackTraceElement[][] seen) {
        try {
            return done(await(createsItsOwnException(seen)));
        } catch (IllegalStateException e) {
            return done(e);
        }
    }

    @Async
    static Coroutine<Object> catchFromAFutureFailedLater(RuntimeException e) {
        log("before " + await(v(0)));
        try {
            return done(await(fail(e)));
        } catch (RuntimeException caught) {
            return done(caught);
        }
    }

    @Test
    void checkedExceptionAfterResumeIsCaughtAsTheSameObject() {
        Boom[] made = new Boom[1];
        Awaited.Outcome o = runBoth(() -> catchBoom(made[0] = new Boom("boom", null)));
        assertSame(made[0], o.value());
        assertEquals(List.of("callee awaited 1", "callee resumed", "caught boom then awaited again"), o.trace());
        assertEquals(2, o.suspensions());
    }

    @Test
    void handlersTwoLevelsUpSeeTheSameExceptionAndTheMiddleFinallyRuns() {
        Throwable cause = new ArithmeticException("root");
        IllegalStateException[] made = new IllegalStateException[1];
        Awaited.Outcome o = runBoth(() -> top(made[0] = new IllegalStateException("deep", cause)));
        assertSame(made[0], o.value());
        assertSame(cause, made[0].getCause());
        assertEquals(
                List.of("callee step 0", "callee step 1", "callee step 2", "middle finally m", "top caught deep"),
                o.trace());
        assertEquals(4, o.suspensions());
    }

    @Test
    void anErrorPassesThroughCatchOfExceptionUntouched() {
        Fatal[] made = new Fatal[1];
        Awaited.Outcome o = runBoth(() -> top(made[0] = new Fatal("fatal")));
        assertSame(made[0], o.error());
        assertEquals(List.of("callee step 0", "callee step 1", "callee step 2", "middle finally m"), o.trace());
    }

    @Test
    void anUncaughtExceptionLeavesRunAsTheSameObject() {
        IllegalStateException[] made = new IllegalStateException[1];
        Awaited.Outcome o = runBoth(() -> middle(made[0] = new IllegalStateException("escapes")));
        assertSame(made[0], o.error());
        assertEquals("middle finally m", o.trace().get(o.trace().size() - 1));
    }

    @Test
    void rethrowFromAHandlerKeepsIdentity() {
        UnsupportedOperationException[] made = new UnsupportedOperationException[1];
        Awaited.Outcome o = runBoth(() -> rethrowsWhatItCaught(made[0] = new UnsupportedOperationException("again")));
        assertSame(made[0], o.error());
        assertEquals("rethrowing again", o.trace().get(o.trace().size() - 1));
    }

    @Test
    void theFailedCalleeIsDoneWhenTheHandlerRuns() {
        assertEquals(
                "done=true same=true",
                runBoth(() -> calleeIsDoneWhenItsFailureArrives(new IllegalStateException("x")))
                        .value());
    }

    @Test
    void aTaskFailingAfterResumeGivesItsExceptionToTheAwaiter() {
        IllegalStateException[] made = new IllegalStateException[1];
        Awaited.Outcome o = runBoth(() -> throughATask(made[0] = new IllegalStateException("task")));
        assertSame(made[0], o.value());
    }

    @Test
    void theStackTraceRecordedAtConstructionIsUnchanged() {
        StackTraceElement[][] seen = new StackTraceElement[1][];
        Awaited.Outcome o = runBoth(() -> stackOfAnExceptionMadeAfterResume(seen));
        IllegalStateException e = (IllegalStateException) o.value();
        assertEquals("made after resume 41", e.getMessage());
        assertNotNull(seen[0]);
        // Crossing a resume adds only marked await elements (issue 8), one per suspended
        // caller the exception rippled through; the frames recorded at construction stay.
        List<StackTraceElement> real = new ArrayList<>();
        for (StackTraceElement el : e.getStackTrace()) {
            if ("await".equals(el.getClassLoaderName())) {
                assertEquals("stackOfAnExceptionMadeAfterResume", el.getMethodName(), el.toString());
            } else {
                real.add(el);
            }
        }
        assertArrayEquals(seen[0], real.toArray(new StackTraceElement[0]));
    }

    @Test
    void aFutureFailedLaterIsCaughtAsTheSameObject() {
        IllegalStateException[] made = new IllegalStateException[1];
        Awaited.Outcome o = runBoth(() -> catchFromAFutureFailedLater(made[0] = new IllegalStateException("f")));
        assertSame(made[0], o.value());
        assertEquals(2, o.suspensions());
    }
}
