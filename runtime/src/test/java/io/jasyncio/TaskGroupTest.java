package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#taskGroup} and {@link TaskGroup}: waiting for every task, the first failure
 * cancelling the rest and the body, {@link ExceptionGroup} contents and order, cancellation of
 * the parent. Loop time is virtual. Each test quotes the Python 3.11 program whose output it
 * expects; 3.12's {@code taskgroups.py} behaves the same for them. Programs use
 * <pre>
 * async def slow(trace, name, d, v):
 *     try:
 *         await asyncio.sleep(d); trace.append(f'{name} done'); return v
 *     except asyncio.CancelledError:
 *         trace.append(f'{name} cancelled'); raise
 * async def fail(trace, name, d, e):
 *     await asyncio.sleep(d); trace.append(f'{name} raises'); raise e
 * </pre>
 * Python's {@code ValueError}, {@code KeyError}, {@code TypeError} become
 * {@code IllegalArgumentException}, {@code IOException}, {@code IllegalStateException}.
 */
class TaskGroupTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    private Scripted<Object> slow(String name, double d, Object v) {
        return TimeoutTest.slow(trace, name, d, v);
    }

    private Scripted<Object> fail(String name, double d, Throwable e) {
        return new Scripted<>(name).then(x -> Asyncio.sleep(d)).then(x -> {
            trace.add(name + " raises");
            throw e;
        });
    }

    private static String repr(Throwable e) {
        return e.getClass().getSimpleName() + "('" + e.getMessage() + "')";
    }

    /**
     * <pre>
     * async with asyncio.TaskGroup() as tg:
     *     a = tg.create_task(slow(trace, 'a', 0.2, 1)); b = tg.create_task(slow(trace, 'b', 0.1, 2))
     *     trace.append('body end')
     * print(trace, a.result(), b.result())     # ['body end', 'b done', 'a done'] 1 2
     * </pre>
     */
    @Test
    void theGroupEndsWhenEveryTaskIsDone() {
        Task<?>[] t = new Task<?>[2];
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.taskGroup(tg -> {
                    t[0] = tg.createTask(slow("a", 0.2, 1));
                    t[1] = tg.createTask(slow("b", 0.1, 2));
                    trace.add("body end");
                    return Scripted.returning("body", "body value");
                }))
                .then(v -> v));
        assertEquals(List.of("body end", "b done", "a done"), trace);
        assertEquals(1, t[0].result());
        assertEquals(2, t[1].result());
        assertEquals("body value", r);
        assertEquals(0.2, loop.time(), 1e-9);
    }

    /**
     * <pre>
     * try:
     *     async with asyncio.TaskGroup() as tg:
     *         a = tg.create_task(slow(trace, 'a', 1, 1)); b = tg.create_task(fail(trace, 'b', 0.1, ValueError('x')))
     *         c = tg.create_task(slow(trace, 'c', 1, 1))
     *         await slow(trace, 'body', 1, 0)
     * except* ValueError as eg:
     *     trace.append(f'{eg.exceptions!r} {str(eg)!r} at {round(loop.time()-t0,2)}
     *                    cancelling={asyncio.current_task().cancelling()}')
     * # ['b raises', 'a cancelled', 'c cancelled', 'body cancelled',
     * #  "(ValueError('x'),) 'unhandled errors in a TaskGroup (1 sub-exception)' at 0.1 cancelling=0"]
     * </pre>
     */
    @Test
    void theFirstFailureCancelsTheOtherTasksAndTheBody() {
        IllegalArgumentException x = new IllegalArgumentException("x");
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.taskGroup(tg -> {
                    tg.createTask(slow("a", 1, 1));
                    tg.createTask(fail("b", 0.1, x));
                    tg.createTask(slow("c", 1, 1));
                    return slow("body", 1, 0);
                }))
                .thenCatching((v, e) -> {
                    ExceptionGroup eg = assertInstanceOf(ExceptionGroup.class, e);
                    assertEquals(List.of(x), eg.exceptions());
                    trace.add("[" + repr(eg.exceptions().get(0)) + "] '" + eg.getMessage() + "' at " + loop.time()
                            + " cancelling=" + Asyncio.currentTask().cancelling());
                    return null;
                }));
        assertEquals(
                List.of(
                        "b raises",
                        "a cancelled",
                        "c cancelled",
                        "body cancelled",
                        "[IllegalArgumentException('x')] 'unhandled errors in a TaskGroup (1 sub-exception)' at 0.1 cancelling=0"),
                trace);
    }

    /**
     * <pre>
     * async with asyncio.TaskGroup() as tg:
     *     tg.create_task(fail(trace, 'a', 0.1, ValueError('a'))); tg.create_task(fail(trace, 'b', 0.1, KeyError('b')))
     *     async def handler():
     *         try: await asyncio.sleep(1)
     *         except asyncio.CancelledError: raise TypeError('in cleanup')
     *     tg.create_task(handler())
     *     await asyncio.sleep(0.1); trace.append('body after sleep')
     * # ['body after sleep', 'a raises', 'b raises', "(ValueError('a'), KeyError('b'), TypeError('in cleanup'))
     * #  'unhandled errors in a TaskGroup (3 sub-exceptions)'"]
     * </pre>
     * The body's timer was set before the tasks started, so it fires first.
     */
    @Test
    void everyFailureIsCollectedInCompletionOrder() {
        IllegalArgumentException a = new IllegalArgumentException("a");
        IOException b = new IOException("b");
        IllegalStateException cleanup = new IllegalStateException("in cleanup");
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.taskGroup(tg -> {
                    tg.createTask(fail("a", 0.1, a));
                    tg.createTask(fail("b", 0.1, b));
                    tg.createTask(new Scripted<>("handler")
                            .then(y -> Asyncio.sleep(1))
                            .thenCatching((y, e) -> {
                                throw e instanceof CancelledError ? cleanup : e;
                            }));
                    return new Scripted<>("body").then(y -> Asyncio.sleep(0.1)).then(y -> {
                        trace.add("body after sleep");
                        return null;
                    });
                }))
                .thenCatching((v, e) -> {
                    ExceptionGroup eg = assertInstanceOf(ExceptionGroup.class, e);
                    assertEquals(List.of(a, b, cleanup), eg.exceptions());
                    trace.add(eg.getMessage());
                    return null;
                }));
        assertEquals(
                List.of(
                        "body after sleep",
                        "a raises",
                        "b raises",
                        "unhandled errors in a TaskGroup (3 sub-exceptions)"),
                trace);
    }

    /**
     * <pre>
     * async with asyncio.TaskGroup() as tg:
     *     tg.create_task(slow(trace, 'a', 1, 1))
     *     await asyncio.sleep(0.1)
     *     raise ValueError('body')
     * # ['a cancelled', "(ValueError('body'),)"]
     * </pre>
     */
    @Test
    void aFailingBodyCancelsTheTasksAndIsRaisedInTheGroup() {
        IllegalArgumentException body = new IllegalArgumentException("body");
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.taskGroup(tg -> {
                    tg.createTask(slow("a", 1, 1));
                    return new Scripted<>("body").then(y -> Asyncio.sleep(0.1)).then(y -> {
                        throw body;
                    });
                }))
                .thenCatching((v, e) -> {
                    ExceptionGroup eg = assertInstanceOf(ExceptionGroup.class, e);
                    assertEquals(List.of(body), eg.exceptions());
                    trace.add("[" + repr(body) + "]");
                    return null;
                }));
        assertEquals(List.of("a cancelled", "[IllegalArgumentException('body')]"), trace);
    }

    /**
     * <pre>
     * async def inner():
     *     async with asyncio.TaskGroup() as tg:
     *         tg.create_task(slow(trace, 'a', 1, 1))
     *         await slow(trace, 'body', 1, 0)          # g6: no await in the body
     * t = asyncio.create_task(inner())
     * await asyncio.sleep(0.1)
     * t.cancel()
     * try: await t
     * except asyncio.CancelledError as e: trace.append(f'CancelledError cancelled={t.cancelled()}')
     * # ['body cancelled', 'a cancelled', 'CancelledError cancelled=True']
     * # g6: ['a cancelled', 'CancelledError cancelled=True']
     * </pre>
     */
    @Test
    void cancellingTheParentCancelsTheBodyAndTheTasks() {
        assertEquals(List.of("body cancelled", "a cancelled", "CancelledError cancelled=true"), cancelParent(true));
    }

    /** The second program of {@link #cancellingTheParentCancelsTheBodyAndTheTasks()}. */
    @Test
    void cancellingTheParentWhileTheGroupWaitsCancelsTheTasks() {
        assertEquals(List.of("a cancelled", "CancelledError cancelled=true"), cancelParent(false));
    }

    private List<String> cancelParent(boolean bodyAwaits) {
        Task<?>[] t = new Task<?>[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    t[0] = Asyncio.createTask(new Scripted<>("inner")
                            .then(y -> Asyncio.taskGroup(tg -> {
                                tg.createTask(slow("a", 1, 1));
                                return bodyAwaits ? slow("body", 1, 0) : Scripted.returning("body", 0);
                            }))
                            .then(y -> {
                                trace.add("after group");
                                return null;
                            }));
                    return Asyncio.sleep(0.1);
                })
                .then(v -> {
                    t[0].cancel();
                    return t[0];
                })
                .thenCatching((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    trace.add("CancelledError cancelled=" + t[0].cancelled());
                    return null;
                }));
        return trace;
    }

    /** Python: {@code RuntimeError('TaskGroup <TaskGroup cancelling> is shutting down')}. */
    @Test
    void noTaskCanBeCreatedOnceTheGroupIsShuttingDown() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.taskGroup(tg -> new Scripted<>("body")
                        .then(y -> {
                            tg.createTask(fail("a", 0, new IllegalArgumentException("a")));
                            return Asyncio.sleep(1);
                        })
                        .thenCatching((y, e) -> {
                            IllegalStateException ise = null;
                            try {
                                tg.createTask(slow("late", 1, 1));
                            } catch (IllegalStateException x) {
                                ise = x;
                            }
                            trace.add(ise.getMessage());
                            throw e;
                        })))
                .thenCatching((v, e) -> {
                    assertInstanceOf(ExceptionGroup.class, e);
                    return null;
                }));
        assertEquals(List.of("a raises", "TaskGroup <TaskGroup errors=1 cancelling> is shutting down"), trace);
    }
}
