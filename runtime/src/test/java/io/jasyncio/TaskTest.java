package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a {@link Task} drives its coroutine: when steps run, what is and is not a scheduling
 * point, cancellation, names and description. Coroutines are {@link Scripted} frames; the loop
 * runs on a virtual clock. Each ordering-sensitive test quotes the Python 3.11 program whose
 * output it expects.
 */
class TaskTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    /** Python's repr of an exception, e.g. {@code CancelledError('stop')}, for traces. */
    private static String repr(Throwable e) {
        if (e == null) {
            return "nothing";
        }
        return e.getClass().getSimpleName() + "(" + (e.getMessage() == null ? "" : "'" + e.getMessage() + "'") + ")";
    }

    // ---------------------------------------------------------------------------------------
    // When the body runs

    /**
     * <pre>
     * async def child():
     *     trace.append('child runs')
     * async def main():
     *     t = asyncio.create_task(child())
     *     trace.append('after create_task')
     *     await asyncio.sleep(0)
     *     trace.append('after sleep(0)')
     *     await t
     * asyncio.run(main())
     * # ['after create_task', 'child runs', 'after sleep(0)']
     * </pre>
     */
    @Test
    void createTaskRunsNoneOfTheBodyBeforeTheLoopIterates() {
        Scripted<Void> child = new Scripted<Void>("child").then(v -> {
            trace.add("child runs");
            return null;
        });
        Task<?>[] t = new Task<?>[1];
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> {
                    t[0] = Asyncio.createTask(child);
                    trace.add("after create_task");
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    trace.add("after sleep(0)");
                    return t[0];
                })
                .then(v -> null);
        loop.runUntilComplete(main);
        assertEquals(List.of("after create_task", "child runs", "after sleep(0)"), trace);

        // Likewise from outside a running loop: only an iteration starts the body.
        List<String> outside = new ArrayList<>();
        Task<Void> u = loop.createTask(new Scripted<Void>("u").then(v -> {
            outside.add("u runs");
            return null;
        }));
        assertEquals(List.of(), outside);
        assertFalse(u.done());
        loop.step();
        assertEquals(List.of("u runs"), outside);
        assertTrue(u.done());
    }

    /**
     * Awaiting a done future or a coroutine that does not suspend is not a scheduling point:
     * the callback queued before the awaits runs only at the bare yield.
     * <pre>
     * async def child():
     *     trace.append('child body')
     *     return 5
     * async def main():
     *     loop = asyncio.get_running_loop()
     *     f = loop.create_future(); f.set_result(1)
     *     loop.call_soon(lambda: trace.append('soon'))
     *     v = await f
     *     trace.append(f'after await done future: {v}')
     *     w = await child()
     *     trace.append(f'after await coroutine: {w}')
     *     await asyncio.sleep(0)
     *     trace.append('after sleep(0)')
     * asyncio.run(main())
     * # ['after await done future: 1', 'child body', 'after await coroutine: 5', 'soon',
     * #  'after sleep(0)']
     * </pre>
     */
    @Test
    void awaitingADoneFutureOrACoroutineDoesNotGoThroughTheLoop() {
        Scripted<Integer> child = new Scripted<Integer>("child").then(v -> {
            trace.add("child body");
            return 5;
        });
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> {
                    Future<Integer> f = loop.createFuture();
                    f.setResult(1);
                    loop.callSoon(() -> trace.add("soon"));
                    return f;
                })
                .then(v -> {
                    trace.add("after await done future: " + v);
                    return child;
                })
                .then(v -> {
                    trace.add("after await coroutine: " + v);
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    trace.add("after sleep(0)");
                    return null;
                });
        loop.runUntilComplete(main);
        assertEquals(
                List.of(
                        "after await done future: 1",
                        "child body",
                        "after await coroutine: 5",
                        "soon",
                        "after sleep(0)"),
                trace);
    }

    @Test
    void aTaskSuspendedOnAFutureResumesWithItsResult() {
        Future<Integer> f = loop.createFuture();
        Task<Integer> t = loop.createTask(new Scripted<Integer>("worker")
                .then(v -> {
                    trace.add("waiting");
                    return f;
                })
                .then(v -> (Integer) v + 1));
        loop.step();
        assertEquals(List.of("waiting"), trace);
        assertEquals(-1, loop.step(), "a task waiting on a future schedules nothing");
        assertFalse(t.done());

        f.setResult(41);
        assertFalse(t.done(), "the wake-up goes through the loop");
        assertEquals(42, loop.runUntilComplete(t));
    }

    /**
     * <pre>
     * async def body(f):
     *     try:
     *         await f
     *     except OSError as e:
     *         print('caught same:', e is E)   # True
     *         raise
     * E = OSError('disk')
     * async def main():
     *     f = asyncio.get_running_loop().create_future()
     *     t = asyncio.create_task(body(f))
     *     await asyncio.sleep(0)
     *     f.set_exception(E)
     *     try: await t
     *     except OSError as e: print('awaiter same:', e is E, t.exception() is E)  # True True
     * </pre>
     */
    @Test
    void aTaskSuspendedOnAFutureResumesWithItsException() {
        IOException disk = new IOException("disk");
        Future<Integer> f = loop.createFuture();
        Task<Integer> t =
                loop.createTask(new Scripted<Integer>("body").then(v -> f).thenCatching((v, e) -> {
                    trace.add("caught same: " + (e == disk));
                    throw e;
                }));
        loop.step();
        f.setException(disk);
        assertSame(disk, assertThrows(IOException.class, () -> loop.runUntilComplete(t)));
        assertSame(disk, t.exception());
        assertEquals(List.of("caught same: true"), trace);
    }

    /**
     * <pre>
     * async def worker(name):
     *     for i in range(3):
     *         trace.append(f'{name}{i}')
     *         await asyncio.sleep(0)
     * loop = asyncio.new_event_loop()
     * a = loop.create_task(worker('A')); b = loop.create_task(worker('B'))
     * loop.run_until_complete(asyncio.wait([a, b]))
     * # ['A0', 'B0', 'A1', 'B1', 'A2', 'B2']
     * </pre>
     */
    @Test
    void sleepZeroYieldsExactlyOnceSoTwoTasksAlternate() {
        Task<Void> a = loop.createTask(yieldingWorker("A"));
        Task<Void> b = loop.createTask(yieldingWorker("B"));
        TestLoops.runUntilIdle(loop);
        assertTrue(a.done() && b.done());
        assertEquals(List.of("A0", "B0", "A1", "B1", "A2", "B2"), trace);
    }

    private Scripted<Void> yieldingWorker(String name) {
        Scripted<Void> s = new Scripted<>(name);
        for (int i = 0; i < 3; i++) {
            String entry = name + i;
            s.then(v -> {
                trace.add(entry);
                return Asyncio.sleep(0);
            });
        }
        return s.then(v -> null);
    }

    // ---------------------------------------------------------------------------------------
    // Cancellation

    /**
     * <pre>
     * async def body():
     *     try:
     *         trace.append('start')
     *         await asyncio.sleep(0)
     *     finally:
     *         trace.append('finally')
     * async def main():
     *     t = asyncio.create_task(body())
     *     print(t.cancel(), t.cancelling())   # True 1
     *     try: await t
     *     except asyncio.CancelledError: trace.append('awaiter saw CancelledError')
     *     print(t.cancelled())                # True
     * asyncio.run(main()); print(trace)       # ['awaiter saw CancelledError']
     * </pre>
     */
    @Test
    void aTaskCancelledBeforeItsFirstStepRunsNoneOfItsBodyNotEvenFinally() {
        Scripted<Void> body = new Scripted<Void>("body")
                .then(v -> {
                    trace.add("start");
                    return Asyncio.sleep(0);
                })
                .thenCatching((v, e) -> {
                    trace.add("finally");
                    if (e != null) {
                        throw e;
                    }
                    return null;
                });
        Task<Void> t = loop.createTask(body);
        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled());
        assertEquals(List.of(), trace);
        assertTrue(body.isDone());
    }

    /**
     * <pre>
     * async def body(f):
     *     try:
     *         await f
     *         trace.append('not reached')
     *     except asyncio.CancelledError as e:
     *         trace.append(f'caught {e!r}')
     *         raise
     * async def main():
     *     loop = asyncio.get_running_loop()
     *     f = loop.create_future()
     *     t = asyncio.create_task(body(f))
     *     await asyncio.sleep(0)
     *     trace.append(f'cancel -> {t.cancel("stop")}')
     *     trace.append(f'future cancelled: {f.cancelled()}')
     *     try: await t
     *     except asyncio.CancelledError as e: trace.append(f'awaiter saw {e!r}')
     *     trace.append(f'task cancelled: {t.cancelled()}')
     * # ['cancel -> True', 'future cancelled: True', "caught CancelledError('stop')",
     * #  "awaiter saw CancelledError('stop')", 'task cancelled: True']
     * </pre>
     */
    @Test
    void cancelWhileWaitingCancelsTheFutureAndRaisesCancelledErrorAtTheAwait() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(new Scripted<>("body").then(v -> f).thenCatching((v, e) -> {
            if (e == null) {
                trace.add("not reached");
                return null;
            }
            trace.add("caught " + repr(e));
            throw e;
        }));
        loop.step();
        trace.add("cancel -> " + t.cancel("stop"));
        trace.add("future cancelled: " + f.cancelled());
        CancelledError seen = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        trace.add("awaiter saw " + repr(seen));
        trace.add("task cancelled: " + t.cancelled());
        assertEquals(
                List.of(
                        "cancel -> true",
                        "future cancelled: true",
                        "caught CancelledError('stop')",
                        "awaiter saw CancelledError('stop')",
                        "task cancelled: true"),
                trace);
    }

    /**
     * <pre>
     * async def body(f):
     *     try:
     *         await f
     *         trace.append('got result')
     *     except asyncio.CancelledError:
     *         trace.append('cancelled at the await')
     *         raise
     * async def main():
     *     f = asyncio.get_running_loop().create_future()
     *     t = asyncio.create_task(body(f))
     *     await asyncio.sleep(0)
     *     f.set_result(1)
     *     trace.append(f'cancel -> {t.cancel()}')
     *     try: await t
     *     except asyncio.CancelledError: trace.append(f'task cancelled: {t.cancelled()}')
     * # ['cancel -> True', 'cancelled at the await', 'task cancelled: True']
     * </pre>
     */
    @Test
    void aCancelWinsOverAFutureThatCompletedBeforeTheTaskResumed() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(new Scripted<>("body").then(v -> f).thenCatching((v, e) -> {
            if (e == null) {
                trace.add("got result");
                return v;
            }
            trace.add("cancelled at the await");
            throw e;
        }));
        loop.step();
        f.setResult(1);
        trace.add("cancel -> " + t.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        trace.add("task cancelled: " + t.cancelled());
        assertEquals(List.of("cancel -> true", "cancelled at the await", "task cancelled: true"), trace);
    }

    /**
     * Python 3.11+: a task whose coroutine swallows the cancellation and returns is not
     * cancelled; it has that result.
     * <pre>
     * async def body(f):
     *     try:
     *         await f
     *     except asyncio.CancelledError:
     *         return 'recovered'
     * async def main():
     *     f = asyncio.get_running_loop().create_future()
     *     t = asyncio.create_task(body(f))
     *     await asyncio.sleep(0)
     *     t.cancel(); t.cancel()
     *     r = await t
     *     print(r, t.cancelled(), t.done(), t.result(), t.cancelling())
     * # recovered False True recovered 2
     * </pre>
     */
    @Test
    void aCoroutineThatCatchesCancelledErrorAndReturnsFinishesNormally() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(new Scripted<>("body").then(v -> f).thenCatching((v, e) -> {
            if (e instanceof CancelledError) {
                return "recovered";
            }
            throw new AssertionError("expected CancelledError, got " + e);
        }));
        loop.step();
        assertTrue(t.cancel());
        assertTrue(t.cancel());
        assertEquals("recovered", loop.runUntilComplete(t));
        assertFalse(t.cancelled());
        assertTrue(t.done());
        assertEquals("recovered", t.result());
        assertEquals(2, t.cancelling());
    }

    /**
     * <pre>
     * async def body(f, g):
     *     try:
     *         await f
     *     except asyncio.CancelledError:
     *         trace.append('first CancelledError')
     *     await asyncio.sleep(0)
     *     v = await g
     *     trace.append(f'g gave {v}')
     *     return v
     * async def main():
     *     loop = asyncio.get_running_loop()
     *     f = loop.create_future(); g = loop.create_future()
     *     t = asyncio.create_task(body(f, g))
     *     await asyncio.sleep(0)
     *     print(t.cancel(), t.cancel(), t.cancel(), t.cancelling())   # True True True 3
     *     loop.call_later(0.01, g.set_result, 7)
     *     print(await t, t.cancelled(), t.cancelling())               # 7 False 3
     * asyncio.run(main()); print(trace)   # ['first CancelledError', 'g gave 7']
     * </pre>
     */
    @Test
    void manyCancelRequestsDeliverOneCancelledError() {
        Future<Integer> f = loop.createFuture();
        Future<Integer> g = loop.createFuture();
        Task<Object> t = loop.createTask(new Scripted<>("body")
                .then(v -> f)
                .thenCatching((v, e) -> {
                    if (!(e instanceof CancelledError)) {
                        throw new AssertionError("expected CancelledError, got " + e);
                    }
                    trace.add("first CancelledError");
                    return Asyncio.sleep(0);
                })
                .then(v -> g)
                .then(v -> {
                    trace.add("g gave " + v);
                    return v;
                }));
        loop.step();
        assertTrue(t.cancel());
        assertTrue(t.cancel());
        assertTrue(t.cancel());
        assertEquals(3, t.cancelling());
        loop.callLater(0.01, () -> g.setResult(7));
        assertEquals(7, loop.runUntilComplete(t));
        assertFalse(t.cancelled());
        assertEquals(3, t.cancelling());
        assertEquals(List.of("first CancelledError", "g gave 7"), trace);
    }

    /**
     * <pre>
     * (continuing the program above, t done with result 7 and cancelling() == 3)
     * print(t.uncancel(), t.uncancel(), t.uncancel(), t.uncancel())   # 2 1 0 0
     * print(t.cancel(), t.cancelling())                              # False 0
     * </pre>
     */
    @Test
    void cancellingCountsRequestsAndOnlyUncancelLowersIt() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t =
                loop.createTask(new Scripted<>("body").then(v -> f).thenCatching((v, e) -> "swallowed " + repr(e)));
        assertEquals(0, t.cancelling());
        loop.step();
        t.cancel();
        t.cancel("second");
        assertEquals(2, t.cancelling());
        loop.step();
        assertTrue(t.done());
        assertEquals(2, t.cancelling(), "finishing does not reset the count");
        assertEquals(1, t.uncancel());
        assertEquals(0, t.uncancel());
        assertEquals(0, t.uncancel());
        assertEquals(0, t.cancelling());
        assertFalse(t.cancel(), "a done task cannot be cancelled");
        assertEquals(0, t.cancelling(), "a refused cancel is not counted");
    }

    /**
     * The message of a cancel that arrives while the task runs reaches the future it then
     * awaits, and through it the coroutine.
     * <pre>
     * async def body():
     *     f = asyncio.get_running_loop().create_future()
     *     asyncio.current_task().cancel('bye')
     *     try:
     *         await f
     *     except asyncio.CancelledError as e:
     *         print('coroutine caught', repr(e), 'future cancelled:', f.cancelled())
     *         raise
     * async def body2():
     *     asyncio.current_task().cancel('bye2')
     *     return 1
     * async def main():
     *     t = asyncio.create_task(body())
     *     try: await t
     *     except asyncio.CancelledError as e: print('awaiter', repr(e), t.cancelled())
     *     t2 = asyncio.create_task(body2())
     *     try: await t2
     *     except asyncio.CancelledError as e: print('awaiter2', repr(e), t2.cancelled())
     * # coroutine caught CancelledError('bye') future cancelled: True
     * # awaiter CancelledError('bye') True
     * # awaiter2 CancelledError('bye2') True
     * </pre>
     */
    @Test
    void aTaskThatCancelsItselfPassesTheMessageToWhatItAwaitsNext() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(new Scripted<>("body")
                .then(v -> {
                    Asyncio.currentTask().cancel("bye");
                    return f;
                })
                .thenCatching((v, e) -> {
                    trace.add("coroutine caught " + repr(e) + " future cancelled: " + f.cancelled());
                    throw e;
                }));
        CancelledError seen = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        trace.add("awaiter " + repr(seen) + " " + t.cancelled());

        Task<Object> t2 = loop.createTask(new Scripted<>("body2").then(v -> {
            Asyncio.currentTask().cancel("bye2");
            return 1;
        }));
        CancelledError seen2 = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t2));
        trace.add("awaiter2 " + repr(seen2) + " " + t2.cancelled());

        assertEquals(
                List.of(
                        "coroutine caught CancelledError('bye') future cancelled: true",
                        "awaiter CancelledError('bye') true",
                        "awaiter2 CancelledError('bye2') true"),
                trace);
    }

    // ---------------------------------------------------------------------------------------
    // Names and description

    /**
     * <pre>
     * loop = asyncio.new_event_loop()
     * a = loop.create_task(one()); b = loop.create_task(one()); c = loop.create_task(one(), name='custom')
     * print(a.get_name(), b.get_name(), c.get_name())   # Task-1 Task-2 custom
     * a.set_name('renamed'); print(a.get_name())        # renamed
     * </pre>
     */
    @Test
    void tasksAreNamedTaskNInCreationOrderUnlessNamed() {
        Task<Integer> a = loop.createTask(Scripted.returning("one", 1));
        Task<Integer> b = loop.createTask(Scripted.returning("one", 1));
        Task<Integer> c = loop.createTask(Scripted.returning("one", 1), "custom");
        Matcher ma = Pattern.compile("Task-(\\d+)").matcher(a.getName());
        Matcher mb = Pattern.compile("Task-(\\d+)").matcher(b.getName());
        assertTrue(ma.matches(), a.getName());
        assertTrue(mb.matches(), b.getName());
        assertEquals(Integer.parseInt(ma.group(1)) + 1, Integer.parseInt(mb.group(1)));
        assertEquals("custom", c.getName());

        a.setName("renamed");
        assertEquals("renamed", a.getName());
        assertTrue(a.toString().contains("name='renamed'"), a.toString());
        assertThrows(NullPointerException.class, () -> a.setName(null));
        TestLoops.runUntilIdle(loop);
    }

    /**
     * <pre>
     * async def worker(f):
     *     return await f
     * t = asyncio.create_task(worker(f))
     * repr(t)   # <Task pending name='Task-2' coro=<worker() running at misc_task.py:2>>
     * await asyncio.sleep(0)
     * t.set_name('renamed')
     * repr(t)   # <Task pending name='renamed' coro=<worker() running at misc_task.py:3>
     *           #  wait_for=<Future pending cb=[Task.task_wakeup()]>>
     * f.set_result(42); await t
     * repr(t)   # <Task finished name='renamed' coro=<worker() done, defined at misc_task.py:2>
     *           #  result=42>
     * </pre>
     * jasyncio has no line before the first step, and no {@code wait_for} part.
     */
    @Test
    void toStringDescribesStateNameAndCoroutineAsAsyncioDoes() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(new Scripted<>("worker").then(v -> f).then(v -> v));
        String s = t.toString();
        assertTrue(s.matches("<Task pending name='Task-\\d+' coro=<worker\\(\\) running at Scripted\\.java>>"), s);

        loop.step();
        t.setName("renamed");
        s = t.toString();
        assertTrue(s.matches("<Task pending name='renamed' coro=<worker\\(\\) running at Scripted\\.java:1>.*>"), s);

        f.setResult(42);
        loop.runUntilComplete(t);
        s = t.toString();
        assertTrue(s.startsWith("<Task finished name='renamed' coro=<worker() done"), s);
        assertTrue(s.endsWith(" result=42>"), s);

        Task<Object> c = loop.createTask(new Scripted<>("victim").then(v -> f), "c");
        c.cancel();
        TestLoops.runUntilIdle(loop);
        s = c.toString();
        assertTrue(s.startsWith("<Task cancelled name='c' coro=<victim() "), s);
        assertFalse(s.contains("result="), s);
    }

    // ---------------------------------------------------------------------------------------
    // Invalid awaits

    /**
     * <pre>
     * async def selfawait():
     *     try:
     *         await asyncio.current_task()
     *     except RuntimeError as e:
     *         return f'RuntimeError: {e}'
     * print(await asyncio.create_task(selfawait()))
     * # RuntimeError: Task cannot await on itself: <Task pending name='Task-4'
     * #   coro=<selfawait() running at misc_task.py:6> cb=[Task.task_wakeup()]>
     * </pre>
     */
    @Test
    void aTaskAwaitingItselfFailsWithAClearError() {
        Throwable[] caught = new Throwable[1];
        Task<Object> t = loop.createTask(
                new Scripted<>("selfawait").then(v -> Asyncio.currentTask()).thenCatching((v, e) -> {
                    caught[0] = e;
                    return "recovered";
                }));
        assertEquals("recovered", loop.runUntilComplete(t));
        assertInstanceOf(IllegalStateException.class, caught[0]);
        String message = caught[0].getMessage();
        assertTrue(
                message.startsWith("Task cannot await on itself: <Task pending name='" + t.getName() + "'"), message);
    }

    /**
     * <pre>
     * async def child(): return 1
     * async def reuse():
     *     c = child()
     *     await c
     *     try:
     *         await c
     *     except RuntimeError as e:
     *         return f'RuntimeError: {e}'
     * # RuntimeError: cannot reuse already awaited coroutine
     * </pre>
     */
    @Test
    void awaitingACoroutineTwiceIsAnError() {
        Scripted<Integer> child = Scripted.returning("child", 1);
        Throwable[] caught = new Throwable[1];
        Task<Object> t = loop.createTask(new Scripted<>("reuse")
                .then(v -> child)
                .then(v -> {
                    trace.add("first await gave " + v);
                    return child;
                })
                .thenCatching((v, e) -> {
                    caught[0] = e;
                    return "recovered";
                }));
        assertEquals("recovered", loop.runUntilComplete(t));
        assertEquals(List.of("first await gave 1"), trace);
        assertInstanceOf(IllegalStateException.class, caught[0]);
        assertTrue(caught[0].getMessage().startsWith("cannot reuse already awaited coroutine"), caught[0].getMessage());
    }

    // ---------------------------------------------------------------------------------------
    // Deep chains

    /**
     * A chain of 10,000 coroutines, each awaiting the next inline, whose leaf suspends on a
     * future. Python needs {@code sys.setrecursionlimit} for it; jasyncio must neither build
     * the chain nor resume it on a stack that grows with its depth.
     * <pre>
     * async def link(n, f):
     *     if n == 0:
     *         return await f
     *     return await link(n - 1, f) + 1
     * async def main():
     *     f = asyncio.get_running_loop().create_future()
     *     asyncio.get_running_loop().call_later(0.01, f.set_result, 0)
     *     print(await link(10000, f))        # 10000
     * # and with f.set_exception(KeyError('leaf')) the KeyError reaches main
     * </pre>
     */
    @Test
    void aTenThousandDeepChainOfInlineAwaitsResumesWithoutStackOverflow() throws Throwable {
        Object result = onSmallStack(l -> {
            Future<Integer> f = l.createFuture();
            Task<Integer> t = l.createTask(link(10_000, f));
            boolean[] doneWhenFired = {true};
            l.callLater(1, () -> {
                doneWhenFired[0] = t.done();
                f.setResult(0);
            });
            Object r = l.runUntilComplete(t);
            assertFalse(doneWhenFired[0], "the chain must have been suspended on the leaf's future");
            return r;
        });
        assertEquals(10_000, result);
    }

    @Test
    void anExceptionPropagatesUpATenThousandDeepChain() throws Throwable {
        IllegalStateException leaf = new IllegalStateException("leaf");
        Object caught = onSmallStack(l -> {
            Future<Integer> f = l.createFuture();
            Task<Integer> t = l.createTask(link(10_000, f));
            l.callLater(1, () -> f.setException(leaf));
            try {
                l.runUntilComplete(t);
                return "no exception";
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertSame(leaf, caught);
    }

    private static Scripted<Integer> link(int n, Future<Integer> leafFuture) {
        if (n == 0) {
            return new Scripted<Integer>("leaf").then(v -> leafFuture).then(v -> v);
        }
        return new Scripted<Integer>("link").then(v -> link(n - 1, leafFuture)).then(v -> (Integer) v + 1);
    }

    private interface LoopBody {
        Object run(SelectorEventLoop loop) throws Throwable;
    }

    /** Runs {@code body} on a fresh virtual loop in a thread with a 256 KiB stack. */
    private static Object onSmallStack(LoopBody body) throws Throwable {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(
                null,
                () -> {
                    SelectorEventLoop l = TestLoops.virtual();
                    try {
                        result[0] = body.run(l);
                    } catch (Throwable e) {
                        failure[0] = e;
                    } finally {
                        l.close();
                    }
                },
                "small-stack",
                256 * 1024);
        thread.start();
        thread.join(60_000);
        assertFalse(thread.isAlive(), "the chain did not finish in 60 s");
        if (failure[0] != null) {
            throw failure[0];
        }
        assertNotNull(result[0]);
        return result[0];
    }

    /*
     * loop2 = asyncio.new_event_loop(); foreign = loop2.create_future()
     * async def main(): await foreign
     * asyncio.run(main())
     * -> RuntimeError: Task <Task pending name='Task-1' coro=<main() running at ...>> got Future
     *    <Future pending> attached to a different loop
     */
    @Test
    void awaitingAFutureOfAnotherLoopFailsTheTaskWithAClearError() {
        SelectorEventLoop other = TestLoops.virtual();
        Future<Object> foreign = other.createFuture();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Asyncio.run(Scripted.awaiting("main", foreign)));
        assertTrue(e.getMessage().startsWith("Task <Task pending name='"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got Future <Future pending> attached to a different loop"), e.getMessage());
        other.close();
    }

    @Test
    void catchingExceptionDoesNotSwallowACancellation() {
        assertFalse(
                Exception.class.isAssignableFrom(CancelledError.class),
                "CancelledError must not be an Exception, as it is a BaseException in Python");
        SelectorEventLoop loop = TestLoops.virtual();
        Future<Object> f = loop.createFuture();
        f.cancel("stop");
        List<String> trace = new ArrayList<>();
        Task<Object> t = loop.createTask(new Scripted<>("swallower").then(v -> {
            try {
                return Scripted.value(f.result());
            } catch (Exception swallowed) {
                trace.add("swallowed");
                return "swallowed";
            }
        }));
        TestLoops.runUntilIdle(loop);
        assertTrue(t.cancelled(), "the cancellation escaped catch (Exception e)");
        assertEquals(List.of(), trace);
        loop.close();
    }
}
