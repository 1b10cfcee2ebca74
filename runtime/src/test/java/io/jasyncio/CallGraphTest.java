package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
 * Call graphs ({@link Asyncio#captureCallGraph(Future)}) and the all-tasks dump: who awaits
 * whom through a task awaiting a task, a gather, and a task group. The shapes follow Python
 * 3.14's {@code asyncio.capture_call_graph}, where a gather's children are awaited by the gather
 * future, the gather by the task awaiting it, and a task group's tasks by the group's parent:
 *
 * <pre>
 * async def leaf(): await asyncio.sleep(10)
 * async def main():
 *     a = asyncio.create_task(leaf(), name='a'); b = asyncio.create_task(leaf(), name='b')
 *     await asyncio.gather(a, b)
 * # print_call_graph(a):
 * # * Task(name='a', id=0x...)
 * #   + Call stack:
 * #   |   File 'tasks.py', line 702, in async sleep()
 * #   |   File 'g.py', line 2, in async leaf()
 * #   + Awaited by:
 * #       * Future(id=0x...)
 * #         + Awaited by:
 * #             * Task(name='Task-1', id=0x...)
 * #               + Call stack:
 * #               |   File 'g.py', line 5, in async main()
 * </pre>
 */
class CallGraphTest {
    private final SelectorEventLoop loop = TestLoops.virtual();

    @AfterEach
    void close() {
        loop.close();
    }

    private static Scripted<Object> leaf(String name) {
        return new Scripted<>(name).then(v -> Asyncio.sleep(10)).then(v -> v);
    }

    @Test
    void gatherChildrenAreAwaitedByTheGatherAndItsAwaiter() {
        Task<?>[] kids = new Task<?>[2];
        Task<Object> main = loop.createTask(
                new Scripted<>("main")
                        .then(v -> {
                            kids[0] = Asyncio.createTask(leaf("leaf"), "a");
                            kids[1] = Asyncio.createTask(leaf("leaf"), "b");
                            return Asyncio.gather(kids[0], kids[1]);
                        })
                        .then(v -> v),
                "main");
        loop.step();
        loop.step();

        FutureCallGraph g = Asyncio.captureCallGraph(kids[0]);
        assertSame(kids[0], g.future());
        assertEquals(
                List.of("io.jasyncio.internal.Sleep.sleep", "io.jasyncio.Scripted.leaf"),
                methods(g.callStack()),
                "innermost first");
        assertEquals(1, g.awaitedBy().size());
        FutureCallGraph gather = g.awaitedBy().get(0);
        assertTrue(!(gather.future() instanceof Task), "the gather future: " + gather.future());
        assertEquals(List.of(), gather.callStack());
        assertEquals(1, gather.awaitedBy().size());
        assertSame(main, gather.awaitedBy().get(0).future());
        assertEquals(
                List.of("io.jasyncio.Scripted.main"),
                methods(gather.awaitedBy().get(0).callStack()));

        String text = Asyncio.formatCallGraph(g);
        String expected = "* Task(name='a', id=" + CallGraph.id(kids[0]) + ")\n"
                + "  + Call stack:\n"
                + "  |   File 'Sleep.java', in Sleep.sleep()\n"
                + "  |   File 'Scripted.java', line 1, in Scripted.leaf()\n"
                + "  + Awaited by:\n"
                + "    * Future(id=" + CallGraph.id(gather.future()) + ")\n"
                + "      + Awaited by:\n"
                + "        * Task(name='main', id=" + CallGraph.id(main) + ")\n"
                + "          + Call stack:\n"
                + "          |   File 'Scripted.java', line 1, in Scripted.main()\n";
        assertEquals(expected, text);

        String dump = Asyncio.formatAllTasks(loop);
        assertEquals(
                "Task<main> coro=<main() running at Scripted.java:1>\n"
                        + "    at io.jasyncio.Scripted.main(Scripted.java:1)\n"
                        + "Task<a> coro=<leaf() running at Scripted.java:1>\n"
                        + "    at io.jasyncio.internal.Sleep.sleep(Sleep.java)\n"
                        + "    at io.jasyncio.Scripted.leaf(Scripted.java:1)\n"
                        + "    awaited by Task<main>\n"
                        + "Task<b> coro=<leaf() running at Scripted.java:1>\n"
                        + "    at io.jasyncio.internal.Sleep.sleep(Sleep.java)\n"
                        + "    at io.jasyncio.Scripted.leaf(Scripted.java:1)\n"
                        + "    awaited by Task<main>\n",
                dump);
        main.cancel();
        TestLoops.runUntilIdle(loop);
    }

    @Test
    void aTaskAwaitingAnotherTaskIsItsAwaiter() {
        Task<Object> callee = loop.createTask(leaf("leaf"), "callee");
        Task<Object> caller = loop.createTask(Scripted.awaiting("caller", callee), "caller");
        loop.step();
        FutureCallGraph g = Asyncio.captureCallGraph(callee);
        assertEquals(1, g.awaitedBy().size());
        assertSame(caller, g.awaitedBy().get(0).future());
        assertEquals(List.of(), g.awaitedBy().get(0).awaitedBy());
        caller.cancel();
        TestLoops.runUntilIdle(loop);
    }

    @Test
    void taskGroupTasksAreAwaitedByTheGroupsParent() {
        List<Task<?>> kids = new ArrayList<>();
        Task<Object> main = loop.createTask(
                new Scripted<>("main")
                        .then(v -> Asyncio.taskGroup(tg -> {
                            kids.add(tg.createTask(leaf("leaf"), "k1"));
                            return Scripted.returning("body", null);
                        }))
                        .then(v -> v),
                "main");
        loop.step();
        loop.step();
        FutureCallGraph g = Asyncio.captureCallGraph(kids.get(0));
        assertEquals(1, g.awaitedBy().size());
        assertSame(main, g.awaitedBy().get(0).future());
        main.cancel();
        TestLoops.runUntilIdle(loop);
    }

    /** An await cycle (a awaits b awaits a) is cut, not followed forever. */
    @Test
    void anAwaitCycleEndsTheGraph() {
        Task<?>[] t = new Task<?>[2];
        t[0] = loop.createTask(new Scripted<>("x").then(v -> t[1]).then(v -> v), "a");
        t[1] = loop.createTask(new Scripted<>("y").then(v -> t[0]).then(v -> v), "b");
        loop.step();
        FutureCallGraph g = Asyncio.captureCallGraph(t[0]);
        assertSame(t[1], g.awaitedBy().get(0).future());
        assertEquals(List.of(), g.awaitedBy().get(0).awaitedBy());
        // Left pending: cancelling either task of a cycle recurses through the other, as in
        // Python (RecursionError there).
    }

    /** Inside a task, the graph of the current task reads its live stack. */
    @Test
    void currentTaskGraphShowsTheRunningCoroutine() {
        Future<Integer> f = loop.createFuture();
        List<FutureCallGraph> seen = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Scripted<Object> inner = new Scripted<>("inner").then(v -> f).then(v -> {
            seen.add(Asyncio.captureCallGraph());
            Asyncio.printCallGraph(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            return 1;
        });
        Task<Object> t = loop.createTask(Scripted.awaiting("outer", inner), "live");
        loop.step();
        f.setResult(1);
        TestLoops.runUntilIdle(loop);
        FutureCallGraph g = seen.get(0);
        assertSame(t, g.future());
        List<String> m = methods(g.callStack());
        // The running step's own Java frames first (the test lambda, Scripted.invoke), then the
        // suspended caller.
        assertEquals("io.jasyncio.Scripted.outer", m.get(m.size() - 1), m.toString());
        assertTrue(m.contains("io.jasyncio.Scripted.invoke"), m.toString());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("* Task(name='live'"), bytes.toString());
        assertNull(Asyncio.captureCallGraph() == null ? null : "outside a task");
    }

    private static List<String> methods(List<StackTraceElement> stack) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement e : stack) {
            out.add(e.getClassName() + "." + e.getMethodName());
        }
        return out;
    }
}
