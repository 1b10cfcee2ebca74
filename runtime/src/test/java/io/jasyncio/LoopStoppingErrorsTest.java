package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} other than {@link CancelledError} and {@link GeneratorExit} stands for
 * Python's {@code SystemExit}/{@code KeyboardInterrupt}: raised by a task, the main coroutine, a
 * callback or an exception handler, it stops the loop and {@code run()} raises it at once. Each
 * test quotes the Python 3.11 program (same behaviour in 3.12 and 3.13) whose output it expects.
 */
class LoopStoppingErrorsTest {
    /** The stand-in for {@code SystemExit(code)}. */
    static final class Exit extends Error {
        Exit(String code) {
            super(code);
        }
    }

    private final List<String> trace = new ArrayList<>();

    private Scripted<Object> raising(String name, Error error) {
        return new Scripted<>(name).then(v -> {
            trace.add(name + " raises");
            throw error;
        });
    }

    /**
     * <pre>
     * async def child(trace):
     *     trace.append('child raises'); raise SystemExit(3)
     * async def main(trace):
     *     try:
     *         async with asyncio.TaskGroup() as tg:
     *             tg.create_task(child(trace))
     *             await asyncio.sleep(1)
     *     except SystemExit:
     *         trace.append('main caught'); return 'swallowed'
     *     return 'normal'
     * try: print(asyncio.run(main(trace)))
     * except SystemExit as e: print('run raised SystemExit', e.code)
     * print(trace)
     * # run raised SystemExit 3
     * # ['child raises', 'main caught']      (main catches it while run() shuts down)
     * </pre>
     */
    @Test
    void anErrorRaisedInATaskGroupsTaskIsRaisedByRunNotSwallowedByTheBody() {
        Exit exit = new Exit("3");
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> Asyncio.taskGroup(tg -> {
                    tg.createTask(raising("child", exit));
                    return Asyncio.sleep(1);
                }))
                .thenCatching((v, e) -> {
                    if (e instanceof Exit) {
                        trace.add("main caught");
                        return "swallowed";
                    }
                    return "normal";
                });
        assertSame(exit, assertThrows(Exit.class, () -> Asyncio.run(main)));
        assertEquals(List.of("child raises", "main caught"), trace);
    }

    /**
     * <pre>
     * async def main2():
     *     asyncio.create_task(child([]))
     *     await asyncio.sleep(1)
     *     return 'normal'
     * # run raised SystemExit 3
     * </pre>
     */
    @Test
    void anErrorRaisedInAPlainTaskIsRaisedByRun() {
        Exit exit = new Exit("3");
        Task<?>[] child = new Task<?>[1];
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> {
                    child[0] = Asyncio.createTask(raising("child", exit));
                    return Asyncio.sleep(1);
                })
                .then(v -> "normal");
        assertSame(exit, assertThrows(Exit.class, () -> Asyncio.run(main)));
        assertTrue(child[0].done());
        assertSame(exit, child[0].exception(), "the task stores it too, as Task.__step does");
    }

    /**
     * <pre>
     * async def main3():
     *     await asyncio.sleep(0); raise SystemExit(4)
     * # run raised SystemExit 4
     * </pre>
     */
    @Test
    void anErrorRaisedByTheMainCoroutineIsRaisedByRun() {
        Exit exit = new Exit("4");
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> Asyncio.sleep(0))
                .then(v -> {
                    throw exit;
                });
        assertSame(exit, assertThrows(Exit.class, () -> Asyncio.run(main)));
    }

    /**
     * <pre>
     * async def main4():
     *     asyncio.get_running_loop().call_soon(lambda: (_ for _ in ()).throw(SystemExit(5)))
     *     await asyncio.sleep(1)
     *     return 'normal'
     * # run raised SystemExit 5
     * </pre>
     */
    @Test
    void anErrorRaisedByACallbackIsRaisedByRun() {
        Exit exit = new Exit("5");
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> {
                    Asyncio.getRunningLoop().callSoon(() -> {
                        throw exit;
                    });
                    return Asyncio.sleep(1);
                })
                .then(v -> "normal");
        assertSame(exit, assertThrows(Exit.class, () -> Asyncio.run(main)));
    }

    /**
     * <pre>
     * def handler(loop, ctx): raise SystemExit(6)
     * async def main6():
     *     loop = asyncio.get_running_loop(); loop.set_exception_handler(handler)
     *     loop.call_soon(lambda: 1 / 0)
     *     await asyncio.sleep(1)
     * # run raised SystemExit 6
     * </pre>
     */
    @Test
    void anErrorRaisedByTheExceptionHandlerIsRaisedByRun() {
        Exit exit = new Exit("6");
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> {
                    EventLoop loop = Asyncio.getRunningLoop();
                    loop.setExceptionHandler((l, ctx) -> {
                        throw exit;
                    });
                    loop.callSoon(() -> {
                        throw new ArithmeticException("/ by zero");
                    });
                    return Asyncio.sleep(1);
                })
                .then(v -> "normal");
        assertSame(exit, assertThrows(Exit.class, () -> Asyncio.run(main)));
    }

    /**
     * <pre>
     * async def main5():
     *     asyncio.get_running_loop().call_soon(
     *         lambda: (_ for _ in ()).throw(asyncio.CancelledError()))
     *     await asyncio.sleep(0.01)
     *     return 'normal'
     * # Exception in callback main5.&lt;locals&gt;.&lt;lambda&gt;() at t2.py:40 ... CancelledError
     * # normal
     * </pre>
     */
    @Test
    void aCancelledErrorOrGeneratorExitRaisedByACallbackIsReportedAndTheLoopGoesOn() {
        List<Throwable> reported = new ArrayList<>();
        CancelledError cancelled = new CancelledError();
        GeneratorExit exit = new GeneratorExit();
        Object r = Asyncio.run(new Scripted<>("main")
                .then(v -> {
                    EventLoop loop = Asyncio.getRunningLoop();
                    loop.setExceptionHandler((l, ctx) -> reported.add(ctx.exception()));
                    loop.callSoon(() -> {
                        throw cancelled;
                    });
                    loop.callSoon(() -> {
                        throw exit;
                    });
                    return Asyncio.sleep(0.01);
                })
                .then(v -> "normal"));
        assertEquals("normal", r);
        assertEquals(List.of(cancelled, exit), reported);
    }

    @Test
    void onlyErrorsOtherThanCancelledErrorAndGeneratorExitStopTheLoop() {
        assertTrue(EventLoop.stopsTheLoop(new Exit("1")));
        assertTrue(EventLoop.stopsTheLoop(new AssertionError("assert")));
        assertFalse(EventLoop.stopsTheLoop(new StackOverflowError()), "Python's RecursionError is an Exception");
        assertFalse(EventLoop.stopsTheLoop(new OutOfMemoryError()), "Python's MemoryError is an Exception");
        assertFalse(EventLoop.stopsTheLoop(new CancelledError()));
        assertFalse(EventLoop.stopsTheLoop(new GeneratorExit()));
        assertFalse(EventLoop.stopsTheLoop(new RuntimeException()));
        assertFalse(EventLoop.stopsTheLoop(new Exception()));
    }
}
