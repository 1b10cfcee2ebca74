package io.jasyncio.agent.chains;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Await chains with real {@code @Async} code: a three-deep suspension (outer awaits middle
 * awaits inner awaits a future) seen through {@link Task#getStack()}, {@link Task#printStack},
 * the task's repr, and an exception thrown by inner after it resumed.
 *
 * <pre>
 * # Python 3.11, the same program (chain.py)
 * async def inner(f):
 *     v = await f                            # line 2
 *     if v &lt; 0: raise ValueError('negative')  # line 3
 *     return v
 * async def middle(f): return await inner(f) + 1   # line 5
 * async def outer(f): return await middle(f) + 1   # line 6
 * t = asyncio.create_task(outer(f), name='chain'); await asyncio.sleep(0)
 * print(t)   # &lt;Task pending name='chain' coro=&lt;outer() running at chain.py:6&gt; wait_for=...&gt;
 * f.set_result(-1)
 * # traceback.print_exception of what `await t` raises:
 * #   File "chain.py", line 6, in outer
 * #   File "chain.py", line 5, in middle
 * #   File "chain.py", line 3, in inner
 * # ValueError: negative
 * </pre>
 */
class AwaitChainsIT {
    /** Lines of outer's, middle's and inner's awaits, and of inner's throw, as they run. */
    private static final int[] LINE = new int[4];

    private final EventLoop loop = Asyncio.newEventLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    /** The line after the caller's: each marker sits on the line before the statement it names. */
    private static int nextLine() {
        return StackWalker.getInstance()
                        .walk(s -> s.skip(1).findFirst())
                        .orElseThrow()
                        .getLineNumber()
                + 1;
    }

    @Async
    static Coroutine<Integer> inner(Future<Integer> f) {
        LINE[2] = nextLine();
        int v = await(f);
        if (v < 0) {
            LINE[3] = nextLine();
            throw new IllegalStateException("negative");
        }
        return done(v);
    }

    @Async
    static Coroutine<Integer> middle(Future<Integer> f) {
        LINE[1] = nextLine();
        int v = await(inner(f));
        return done(v + 1);
    }

    @Async
    static Coroutine<Integer> outer(Future<Integer> f) {
        LINE[0] = nextLine();
        int v = await(middle(f));
        return done(v + 1);
    }

    private static final String CLASS = AwaitChainsIT.class.getName();

    private static String describe(List<StackTraceElement> stack) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement e : stack) {
            out.add(e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")");
        }
        return String.join(" ", out);
    }

    private Task<Integer> suspendedChain(Future<Integer> f) {
        Task<Integer> t = loop.createTask(outer(f), "chain");
        loop.runUntilComplete(Asyncio.sleep(0));
        return t;
    }

    @Test
    void aSuspendedChainShowsEveryFrameWithItsAwaitLine() {
        Future<Integer> f = loop.createFuture();
        Task<Integer> t = suspendedChain(f);
        assertEquals(
                CLASS + ".outer(AwaitChainsIT.java:" + LINE[0] + ") "
                        + CLASS + ".middle(AwaitChainsIT.java:" + LINE[1] + ") "
                        + CLASS + ".inner(AwaitChainsIT.java:" + LINE[2] + ")",
                describe(t.getStack()));
        assertEquals(
                "<Task pending name='chain' coro=<AwaitChainsIT.outer() running at AwaitChainsIT.java:" + LINE[0]
                        + "> wait_for=<Future pending cb=[Task.task_wakeup()]>>",
                t.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.printStack(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(
                "Stack for " + t + " (most recent call last):\n"
                        + "  File \"AwaitChainsIT.java\", line " + LINE[0] + ", in AwaitChainsIT.outer\n"
                        + "  File \"AwaitChainsIT.java\", line " + LINE[1] + ", in AwaitChainsIT.middle\n"
                        + "  File \"AwaitChainsIT.java\", line " + LINE[2] + ", in AwaitChainsIT.inner\n",
                bytes.toString(StandardCharsets.UTF_8));
        f.setResult(1);
        assertEquals(3, loop.runUntilComplete(t));
        assertEquals(
                "<Task finished name='chain' coro=<AwaitChainsIT.outer() done, defined at AwaitChainsIT.java>"
                        + " result=3>",
                t.toString());
    }

    @Test
    void anExceptionAfterAResumeNamesTheSuspendedCallers() {
        Future<Integer> f = loop.createFuture();
        Task<Integer> t = suspendedChain(f);
        f.setResult(-1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
        StackTraceElement[] trace = e.getStackTrace();
        assertEquals(
                CLASS + ".inner(AwaitChainsIT.java:" + LINE[3] + ")",
                trace[0].toString(),
                "the thrower is on the Java stack");
        List<String> awaits = new ArrayList<>();
        for (StackTraceElement el : trace) {
            if ("await".equals(el.getClassLoaderName())) {
                awaits.add(el.toString());
            }
        }
        assertEquals(
                List.of(
                        "await//" + CLASS + ".middle(AwaitChainsIT.java:" + LINE[1] + ")",
                        "await//" + CLASS + ".outer(AwaitChainsIT.java:" + LINE[0] + ")"),
                awaits);
        assertEquals(
                CLASS + ".outer(AwaitChainsIT.java:" + LINE[0] + ") "
                        + CLASS + ".middle(AwaitChainsIT.java:" + LINE[1] + ") "
                        + CLASS + ".inner(AwaitChainsIT.java:" + LINE[3] + ")",
                describe(t.getStack()),
                "the failed task's traceback, oldest first");
        assertTrue(t.toString().endsWith(" exception=IllegalStateException('negative')>"), t.toString());
    }

    @Async
    static Coroutine<String> dump(EventLoop loop) {
        await(Asyncio.sleep(0));
        return done(Asyncio.formatAllTasks(loop));
    }

    @Test
    void theTaskDumpListsEachTaskWithItsChain() {
        Future<Integer> f = loop.createFuture();
        suspendedChain(f);
        String dump = loop.runUntilComplete(dump(loop));
        assertTrue(
                dump.contains("Task<chain> coro=<AwaitChainsIT.outer() running at AwaitChainsIT.java:" + LINE[0] + ">\n"
                        + "    at " + CLASS + ".inner(AwaitChainsIT.java:" + LINE[2] + ")\n"
                        + "    at " + CLASS + ".middle(AwaitChainsIT.java:" + LINE[1] + ")\n"
                        + "    at " + CLASS + ".outer(AwaitChainsIT.java:" + LINE[0] + ")\n"),
                dump);
        f.setResult(0);
        loop.runUntilComplete(Asyncio.sleep(0));
    }
}
