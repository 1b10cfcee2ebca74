package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Await chains: {@link Task#getStack()}, {@link Task#printStack}, the task's repr, and the
 * synthetic elements an exception gains as it ripples through suspended callers. The chain is
 * three hand-written coroutines deep: {@code outer} awaits {@code middle} awaits {@code inner}
 * awaits a future. {@link Scripted} reports "line" N after its N-th step, so each of the three
 * is suspended "at Scripted.java:1".
 *
 * <pre>
 * # Python 3.11, the same shape
 * async def inner(f): await f
 * async def middle(f): await inner(f)
 * async def outer(f): await middle(f)
 * t = asyncio.create_task(outer(f)); await asyncio.sleep(0)
 * t.get_stack()    # [<frame ... line 4, code outer>]   (asyncio sees only the outermost)
 * t.print_stack()
 * # Stack for <Task pending name='Task-2' coro=<outer() running at chain.py:4> ...> (most recent call last):
 * #   File "chain.py", line 4, in outer
 * f.set_exception(ValueError('boom')); await asyncio.sleep(0)
 * traceback.print_exception(t.exception())
 * # Traceback (most recent call last):
 * #   File "chain.py", line 4, in outer
 * #   File "chain.py", line 3, in middle
 * #   File "chain.py", line 2, in inner
 * # ValueError: boom
 * t.print_stack()  # Traceback for <Task finished ... exception=ValueError('boom')> (most recent call last): ...
 * print(t)         # <Task finished name='Task-2' coro=<outer() done, defined at chain.py:4> exception=ValueError('boom')>
 * </pre>
 */
class AwaitChainsTest {
    private final SelectorEventLoop loop = TestLoops.virtual();

    @AfterEach
    void close() {
        loop.close();
    }

    private static Scripted<Object> chain(Future<Integer> f) {
        Scripted<Object> inner = Scripted.awaiting("inner", f);
        Scripted<Object> middle = Scripted.awaiting("middle", inner);
        return Scripted.awaiting("outer", middle);
    }

    private static String names(List<StackTraceElement> stack) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement e : stack) {
            out.add(e.getClassName() + "." + e.getMethodName() + ":" + e.getLineNumber());
        }
        return String.join(" ", out);
    }

    @Test
    void getStackListsTheWholeSuspendedChainOutermostFirst() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(chain(f), "chain");
        loop.step();
        assertEquals(
                "io.jasyncio.Scripted.outer:1 io.jasyncio.Scripted.middle:1 io.jasyncio.Scripted.inner:1",
                names(t.getStack()));
        assertEquals("Scripted.java", t.getStack().get(0).getFileName());
        // asyncio: a stack's limit keeps the newest frames, still oldest first.
        assertEquals("io.jasyncio.Scripted.middle:1 io.jasyncio.Scripted.inner:1", names(t.getStack(2)));
        assertEquals("", names(t.getStack(0)));
        f.setResult(1);
        loop.runUntilComplete(t);
        assertEquals(List.of(), t.getStack(), "a finished task has no stack");
    }

    @Test
    void getStackOfAnUnstartedTaskIsItsCoroutine() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(chain(f));
        assertEquals("io.jasyncio.Scripted.outer:-1", names(t.getStack()));
        t.cancel();
        TestLoops.runUntilIdle(loop);
    }

    @Test
    void printStackUsesAsyncioLayout() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(chain(f), "chain");
        loop.step();
        String expected = "Stack for <Task pending name='chain' coro=<outer() running at Scripted.java:1>"
                + " wait_for=<Future pending cb=[Task.task_wakeup()]>>"
                + " (most recent call last):\n"
                + "  File \"Scripted.java\", line 1, in Scripted.outer\n"
                + "  File \"Scripted.java\", line 1, in Scripted.middle\n"
                + "  File \"Scripted.java\", line 1, in Scripted.inner\n";
        assertEquals(expected, print(t, Integer.MAX_VALUE));
        assertEquals(
                "Stack for <Task pending name='chain' coro=<outer() running at Scripted.java:1>"
                        + " wait_for=<Future pending cb=[Task.task_wakeup()]>>"
                        + " (most recent call last):\n"
                        + "  File \"Scripted.java\", line 1, in Scripted.inner\n",
                print(t, 1));
        t.cancel();
        TestLoops.runUntilIdle(loop);
        assertEquals(
                "No stack for <Task cancelled name='chain' coro=<outer() done, defined at Scripted.java>>\n",
                print(t, Integer.MAX_VALUE));
    }

    private static String print(Task<?> t, int limit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.printStack(limit, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exceptionCrossingAwaitsCarriesTheCallersInOrder() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(chain(f), "chain");
        loop.step();
        IllegalStateException boom = new IllegalStateException("boom");
        f.setException(boom);
        TestLoops.runUntilIdle(loop);
        assertTrue(t.exception() == boom);
        List<String> awaits = new ArrayList<>();
        for (StackTraceElement e : boom.getStackTrace()) {
            if (AwaitChains.isAwaitElement(e)) {
                awaits.add(e.getMethodName() + ":" + e.getLineNumber());
                assertEquals("await//io.jasyncio.Scripted." + e.getMethodName() + "(Scripted.java:1)", e.toString());
            }
        }
        // Innermost first, as Java prints a stack: where inner, then middle, then outer awaited.
        assertEquals(List.of("inner:1", "middle:1", "outer:1"), awaits);
        assertEquals(
                "io.jasyncio.Scripted.outer:1 io.jasyncio.Scripted.middle:1 io.jasyncio.Scripted.inner:1",
                names(t.getStack()),
                "a failed task's stack is its traceback, oldest first");
        String printed = print(t, Integer.MAX_VALUE);
        assertTrue(
                printed.startsWith("Traceback for <Task finished name='chain' coro=<outer() done, defined at"
                        + " Scripted.java> exception=IllegalStateException('boom')> (most recent call last):\n"
                        + "  File \"Scripted.java\", line 1, in Scripted.outer\n"),
                printed);
        assertTrue(printed.endsWith("java.lang.IllegalStateException: boom\n"), printed);
    }

    /**
     * An exception created inside a resumed coroutine keeps its real frames first; the
     * suspended callers come right after them, above the runtime's resume.
     */
    @Test
    void awaitElementsSitBetweenTheThrowerAndTheResume() {
        Future<Integer> f = loop.createFuture();
        Scripted<Object> inner = new Scripted<>("inner").then(v -> f).then(v -> {
            throw new IllegalArgumentException("thrown after resume");
        });
        Scripted<Object> middle = Scripted.awaiting("middle", inner);
        Task<Object> t = loop.createTask(Scripted.awaiting("outer", middle));
        loop.step();
        f.setResult(1);
        TestLoops.runUntilIdle(loop);
        StackTraceElement[] trace = t.exception().getStackTrace();
        int firstAwait = -1;
        int resume = -1;
        for (int i = 0; i < trace.length; i++) {
            if (firstAwait < 0 && AwaitChains.isAwaitElement(trace[i])) {
                firstAwait = i;
            }
            if (resume < 0
                    && trace[i].getClassName().equals("io.jasyncio.Coroutine")
                    && trace[i].getMethodName().equals("resume")) {
                resume = i;
            }
        }
        assertTrue(firstAwait > 0, "the throwing lambda's own frames come first");
        assertEquals("middle", trace[firstAwait].getMethodName());
        assertEquals("outer", trace[firstAwait + 1].getMethodName());
        assertEquals(firstAwait + 2, resume);
    }

    /** Python: the frame that catches an exception is in its traceback; the outer one is not. */
    @Test
    void aCallerThatCatchesSeesItselfButNotItsOwnCaller() {
        Future<Integer> f = loop.createFuture();
        List<String> seen = new ArrayList<>();
        Scripted<Object> inner = Scripted.awaiting("inner", f);
        Scripted<Object> middle = new Scripted<>("middle").then(v -> inner).thenCatching((v, e) -> {
            for (StackTraceElement el : e.getStackTrace()) {
                if (AwaitChains.isAwaitElement(el)) {
                    seen.add(el.getMethodName());
                }
            }
            return "handled";
        });
        Task<Object> t = loop.createTask(Scripted.awaiting("outer", middle));
        loop.step();
        f.setException(new IllegalStateException("boom"));
        assertEquals("handled", loop.runUntilComplete(t));
        assertEquals(List.of("inner", "middle"), seen);
    }

    @Test
    void taskReprFollowsAsyncio() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(chain(f), "r");
        assertEquals("<Task pending name='r' coro=<outer() running at Scripted.java>>", t.toString());
        loop.step();
        assertEquals(
                "<Task pending name='r' coro=<outer() running at Scripted.java:1>"
                        + " wait_for=<Future pending cb=[Task.task_wakeup()]>>",
                t.toString());
        f.setResult(7);
        loop.runUntilComplete(t);
        assertEquals("<Task finished name='r' coro=<outer() done, defined at Scripted.java> result=7>", t.toString());
        Task<Object> bad = loop.createTask(
                new Scripted<>("bad").then(v -> {
                    throw new IllegalStateException("x");
                }),
                "b");
        TestLoops.runUntilIdle(loop);
        assertEquals(
                "<Task finished name='b' coro=<bad() done, defined at Scripted.java>"
                        + " exception=IllegalStateException('x')>",
                bad.toString());
        // asyncio's repr reads _exception directly: describing a task (in a log line, a
        // slow-callback warning) must not silence its "never retrieved" report.
        assertTrue(bad.exceptionNeverRetrieved(), "toString() retrieved the exception");
        bad.exception();
    }

    /** Inside the running task, the stack is live: the running step's frames, then its callers. */
    @Test
    void getStackFromInsideTheTaskEndsWithTheRunningCode() {
        Future<Integer> f = loop.createFuture();
        List<List<StackTraceElement>> seen = new ArrayList<>();
        Task<?>[] self = new Task<?>[1];
        Scripted<Object> inner = new Scripted<>("inner").then(v -> f).then(v -> {
            seen.add(self[0].getStack());
            return 1;
        });
        self[0] = loop.createTask(Scripted.awaiting("outer", inner));
        loop.step();
        f.setResult(1);
        TestLoops.runUntilIdle(loop);
        List<StackTraceElement> stack = seen.get(0);
        assertEquals("io.jasyncio.Scripted.outer:1", names(stack.subList(0, 1)), "the suspended caller first");
        StackTraceElement last = stack.get(stack.size() - 1);
        assertEquals(AwaitChainsTest.class.getName(), last.getClassName(), "the running lambda last: " + stack);
    }
}
