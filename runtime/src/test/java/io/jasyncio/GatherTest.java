package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#gather}: result order, failure and cancellation propagation, duplicates. The
 * loop runs on a virtual clock, so the child delays below are exact loop times. Each test quotes
 * the Python 3.11 program whose output it expects.
 */
class GatherTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    private static String repr(Throwable e) {
        return e.getClass().getSimpleName() + "(" + (e.getMessage() == null ? "" : "'" + e.getMessage() + "'") + ")";
    }

    /** {@code async def child(name, delay, value): await sleep(delay); trace.append(name); return value} */
    private Scripted<Object> child(String name, double delay, Object value) {
        return new Scripted<>(name).then(v -> Asyncio.sleep(delay)).then(v -> {
            trace.add(name);
            return value;
        });
    }

    /**
     * <pre>
     * async def child(name, delay, value):
     *     await asyncio.sleep(delay)
     *     trace.append(name)
     *     return value
     * async def main():
     *     r = await asyncio.gather(child('a', 0.03, 'A'), child('b', 0.01, 'B'), child('c', 0.02, 'C'))
     *     print(trace, r)
     * # ['b', 'c', 'a'] ['A', 'B', 'C']
     * </pre>
     */
    @Test
    void resultsComeInArgumentOrderWhateverOrderChildrenFinishIn() {
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.gather(child("a", 0.03, "A"), child("b", 0.01, "B"), child("c", 0.02, "C")))
                .then(v -> v));
        assertEquals(List.of("b", "c", "a"), trace);
        assertEquals(List.of("A", "B", "C"), r);
    }

    /**
     * <pre>
     * async def fail():
     *     await asyncio.sleep(0.01)
     *     raise ValueError('boom')
     * async def slow():
     *     await asyncio.sleep(0.03)
     *     trace.append('slow finished')
     *     return 2
     * async def main():
     *     loop = asyncio.get_running_loop(); t0 = loop.time()
     *     s = asyncio.ensure_future(slow())
     *     try:
     *         await asyncio.gather(fail(), s)
     *     except ValueError as e:
     *         trace.append(f'gather raised {e!r} at {round(loop.time()-t0, 2)}; slow done: {s.done()}')
     *     trace.append(f'slow result {await s} cancelled={s.cancelled()}')
     * # ["gather raised ValueError('boom') at 0.01; slow done: False", 'slow finished',
     * #  'slow result 2 cancelled=False']
     * </pre>
     */
    @Test
    void theFirstFailurePropagatesAtOnceWhileTheOtherChildrenKeepRunning() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Scripted<Object> fail = new Scripted<>("fail")
                .then(v -> Asyncio.sleep(0.01))
                .then(v -> {
                    throw boom;
                });
        Scripted<Object> slow = new Scripted<>("slow")
                .then(v -> Asyncio.sleep(0.03))
                .then(v -> {
                    trace.add("slow finished");
                    return 2;
                });
        Task<?>[] s = new Task<?>[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    s[0] = Asyncio.createTask(slow);
                    return Asyncio.gather(fail, s[0]);
                })
                .thenCatching((v, e) -> {
                    assertSame(boom, e);
                    trace.add("gather raised " + repr(e) + " at " + loop.time() + "; slow done: " + s[0].done());
                    return s[0];
                })
                .then(v -> {
                    trace.add("slow result " + v + " cancelled=" + s[0].cancelled());
                    return null;
                }));
        assertEquals(
                List.of(
                        "gather raised IllegalArgumentException('boom') at 0.01; slow done: false",
                        "slow finished",
                        "slow result 2 cancelled=false"),
                trace);
    }

    /**
     * <pre>
     * async def child(name, delay):
     *     try:
     *         await asyncio.sleep(delay)
     *         return name
     *     except asyncio.CancelledError:
     *         trace.append(f'{name} cancelled')
     *         raise
     * async def main():
     *     a = asyncio.ensure_future(child('a', 0.01)); b = asyncio.ensure_future(child('b', 1))
     *     c = asyncio.ensure_future(child('c', 1))
     *     g = asyncio.gather(a, b, c)
     *     await asyncio.sleep(0.02)
     *     trace.append(f'cancel -> {g.cancel("enough")}')
     *     try:
     *         await g
     *     except asyncio.CancelledError as e:
     *         trace.append(f'await gather raised {e!r}')
     *     trace.append(f'g.done={g.done()} g.cancelled={g.cancelled()}')
     *     trace.append(f'a={a.result()} b.cancelled={b.cancelled()} c.cancelled={c.cancelled()}')
     *     trace.append(f'g.exception() = {g.exception()!r}')
     * # cancel -> True
     * # b cancelled
     * # c cancelled
     * # await gather raised CancelledError('enough')
     * # g.done=True g.cancelled=False
     * # a=a b.cancelled=True c.cancelled=True
     * # g.exception() = CancelledError('enough')
     * </pre>
     * As in asyncio, the gather itself ends with a {@code CancelledError} as its exception, not
     * in the cancelled state; awaiting it raises {@code CancelledError}.
     */
    @Test
    void cancellingTheGatherCancelsEveryUnfinishedChild() {
        Task<?>[] kids = new Task<?>[3];
        @SuppressWarnings("unchecked")
        Future<List<Object>>[] g = new Future[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    kids[0] = Asyncio.createTask(cancellable("a", 0.01));
                    kids[1] = Asyncio.createTask(cancellable("b", 1));
                    kids[2] = Asyncio.createTask(cancellable("c", 1));
                    g[0] = Asyncio.gather(kids[0], kids[1], kids[2]);
                    return Asyncio.sleep(0.02);
                })
                .then(v -> {
                    trace.add("cancel -> " + g[0].cancel("enough"));
                    return g[0];
                })
                .thenCatching((v, e) -> {
                    trace.add(e == null ? "await gather gave " + v : "await gather raised " + repr(e));
                    return null;
                }));
        trace.add("g.done=" + g[0].done() + " g.cancelled=" + g[0].cancelled());
        trace.add("a=" + kids[0].result() + " b.cancelled=" + kids[1].cancelled() + " c.cancelled="
                + kids[2].cancelled());
        trace.add("g.exception() = " + repr(g[0].exception()));
        assertEquals(
                List.of(
                        "cancel -> true",
                        "b cancelled",
                        "c cancelled",
                        "await gather raised CancelledError('enough')",
                        "g.done=true g.cancelled=false",
                        "a=a b.cancelled=true c.cancelled=true",
                        "g.exception() = CancelledError('enough')"),
                trace);
    }

    private Scripted<Object> cancellable(String name, double delay) {
        return new Scripted<>(name).then(v -> Asyncio.sleep(delay)).thenCatching((v, e) -> {
            if (e instanceof CancelledError) {
                trace.add(name + " cancelled");
            }
            if (e != null) {
                throw e;
            }
            return name;
        });
    }

    /**
     * <pre>
     * a = asyncio.ensure_future(asyncio.sleep(1)); b = asyncio.ensure_future(asyncio.sleep(1))
     * async def waiter():
     *     return await asyncio.gather(a, b)
     * w = asyncio.create_task(waiter())
     * await asyncio.sleep(0)
     * w.cancel('w off')
     * try: await w
     * except asyncio.CancelledError as e: print('waiter', repr(e), w.cancelled(), a.cancelled(), b.cancelled())
     * # waiter CancelledError('w off') True True True
     * </pre>
     */
    @Test
    void cancellingTheTaskThatAwaitsAGatherCancelsTheChildren() {
        Task<Void> a = loop.createTask(Asyncio.sleep(1));
        Task<Void> b = loop.createTask(Asyncio.sleep(1));
        Task<Object> w = loop.createTask(
                new Scripted<>("waiter").then(v -> Asyncio.gather(a, b)).then(v -> v));
        loop.step();
        assertTrue(w.cancel("w off"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(w));
        assertEquals(
                "waiter CancelledError('w off') true true true",
                "waiter " + repr(e) + " " + w.cancelled() + " " + a.cancelled() + " " + b.cancelled());
        assertTrue(loop.time() < 1.0, "nobody waited for the sleeps");
    }

    /**
     * <pre>
     * async def child(name, delay):
     *     await asyncio.sleep(delay)
     *     trace.append(f'{name} finished')
     *     return name
     * async def main(return_exceptions):
     *     loop = asyncio.get_running_loop(); t0 = loop.time()
     *     a = asyncio.ensure_future(child('a', 0.01)); b = loop.create_future()
     *     c = asyncio.ensure_future(child('c', 0.03))
     *     g = asyncio.gather(a, b, c, return_exceptions=return_exceptions)
     *     loop.call_later(0.02, b.cancel, 'b off')
     *     try:
     *         r = await g
     *         trace.append(f'gather result {r!r}')
     *     except asyncio.CancelledError as e:
     *         trace.append(f'gather raised {e!r} at {round(loop.time() - t0, 2)}; c done: {c.done()}')
     *     trace.append(f'c result {await c}, g.cancelled={g.cancelled()}')
     * # False: ['a finished', "gather raised CancelledError('b off') at 0.02; c done: False",
     * #         'c finished', 'c result c, g.cancelled=False']
     * # True:  ['a finished', 'c finished', "gather result ['a', CancelledError('b off'), 'c']",
     * #         'c result c, g.cancelled=False']
     * </pre>
     */
    @Test
    void aCancelledChildFailsTheGatherWithCancelledError() {
        assertEquals(
                List.of(
                        "a finished",
                        "gather raised CancelledError('b off') at 0.02; c done: false",
                        "c finished",
                        "c result c, g.cancelled=false"),
                runWithACancelledChild(false));
    }

    /** The same program as {@link #aCancelledChildFailsTheGatherWithCancelledError()}. */
    @Test
    void withReturnExceptionsACancelledChildAppearsInTheResults() {
        assertEquals(
                List.of(
                        "a finished",
                        "c finished",
                        "gather result [a, CancelledError('b off'), c]",
                        "c result c, g.cancelled=false"),
                runWithACancelledChild(true));
    }

    private List<String> runWithACancelledChild(boolean returnExceptions) {
        Task<?>[] c = new Task<?>[1];
        @SuppressWarnings("unchecked")
        Future<List<Object>>[] g = new Future[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    Task<Object> a = Asyncio.createTask(finishing("a", 0.01));
                    Future<Object> b = loop.createFuture();
                    c[0] = Asyncio.createTask(finishing("c", 0.03));
                    g[0] = Asyncio.gather(returnExceptions, a, b, c[0]);
                    loop.callLater(0.02, () -> b.cancel("b off"));
                    return g[0];
                })
                .thenCatching((v, e) -> {
                    if (e instanceof CancelledError) {
                        trace.add("gather raised " + repr(e) + " at " + loop.time() + "; c done: " + c[0].done());
                    } else if (e != null) {
                        throw e;
                    } else {
                        List<String> shown = new ArrayList<>();
                        for (Object o : (List<?>) v) {
                            shown.add(o instanceof Throwable ? repr((Throwable) o) : String.valueOf(o));
                        }
                        trace.add("gather result " + shown);
                    }
                    return c[0];
                })
                .then(v -> {
                    trace.add("c result " + v + ", g.cancelled=" + g[0].cancelled());
                    return null;
                }));
        return trace;
    }

    private Scripted<Object> finishing(String name, double delay) {
        return new Scripted<>(name).then(v -> Asyncio.sleep(delay)).then(v -> {
            trace.add(name + " finished");
            return name;
        });
    }

    /**
     * <pre>
     * async def once():
     *     trace.append('once runs')
     *     await asyncio.sleep(0)
     *     return 'v'
     * async def bad(e):
     *     await asyncio.sleep(0)
     *     raise e
     * e1 = ValueError('x'); e2 = KeyError('y')
     * print(await asyncio.gather(bad(e1), once(), bad(e2), return_exceptions=True))
     * # [ValueError('x'), 'v', KeyError('y')]
     * </pre>
     */
    @Test
    void returnExceptionsPutsTheExceptionsInTheResultList() {
        IllegalArgumentException e1 = new IllegalArgumentException("x");
        IOException e2 = new IOException("y");
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.gather(true, bad(e1), once(), bad(e2)))
                .then(v -> v));
        List<?> results = (List<?>) r;
        assertEquals(3, results.size());
        assertSame(e1, results.get(0));
        assertEquals("v", results.get(1));
        assertSame(e2, results.get(2));
    }

    private Scripted<Object> bad(Throwable e) {
        return new Scripted<>("bad").then(v -> Asyncio.sleep(0)).then(v -> {
            throw e;
        });
    }

    private Scripted<Object> once() {
        return new Scripted<>("once")
                .then(v -> {
                    trace.add("once runs");
                    return Asyncio.sleep(0);
                })
                .then(v -> "v");
    }

    /**
     * <pre>
     * c = once()
     * print(await asyncio.gather(c, c, c), trace)   # ['v', 'v', 'v'] ['once runs']
     * f = loop.create_future()
     * g = asyncio.gather(f, f)
     * f.set_result(3)
     * print(await g)                                # [3, 3]
     * </pre>
     */
    @Test
    void theSameAwaitablePassedTwiceRunsOnce() {
        Scripted<Object> c = once();
        Future<Integer> f = loop.createFuture();
        List<Object> results = new ArrayList<>();
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.gather(c, c, c))
                .then(v -> {
                    results.add(v);
                    Future<List<Object>> g = Asyncio.gather(f, f);
                    f.setResult(3);
                    return g;
                })
                .then(v -> {
                    results.add(v);
                    return null;
                }));
        assertEquals(List.of(List.of("v", "v", "v"), List.of(3, 3)), results);
        assertEquals(List.of("once runs"), trace);
    }

    /**
     * <pre>
     * print(await asyncio.gather())   # []
     * </pre>
     */
    @Test
    void anEmptyGatherGivesAnEmptyList() {
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    Future<List<Object>> g = Asyncio.gather();
                    assertTrue(g.done(), "an empty gather is done at once");
                    return g;
                })
                .then(v -> v));
        assertInstanceOf(List.class, r);
        assertEquals(List.of(), r);
        assertFalse(loop.isRunning());
    }

    /**
     * <pre>
     * async def fail(d, e):
     *     await asyncio.sleep(d); raise e
     * async def main():
     *     t1 = asyncio.create_task(fail(0.01, ValueError('a')))
     *     t2 = asyncio.create_task(fail(0.02, KeyError('b')))
     *     try: await asyncio.gather(t1, t2)
     *     except ValueError as e: print(repr(e))
     *     await asyncio.sleep(0.05)
     *     print(t2.done(), t2._log_traceback)
     *     del t1, t2; gc.collect()
     * # ValueError('a')
     * # True False                   (and no "Task exception was never retrieved")
     * </pre>
     */
    @Test
    void aSecondFailingChildsExceptionIsMarkedRetrieved() {
        IllegalArgumentException a = new IllegalArgumentException("a");
        IllegalStateException b = new IllegalStateException("b");
        Task<?>[] ts = new Task<?>[2];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    ts[0] = Asyncio.createTask(failing("t1", 0.01, a));
                    ts[1] = Asyncio.createTask(failing("t2", 0.02, b));
                    return Asyncio.gather(ts[0], ts[1]);
                })
                .thenCatching((v, e) -> {
                    trace.add(repr(e));
                    return Asyncio.sleep(0.05);
                })
                .then(v -> null));
        assertEquals(List.of("IllegalArgumentException('a')"), trace);
        assertTrue(ts[1].done());
        assertFalse(ts[0].exceptionNeverRetrieved());
        assertFalse(ts[1].exceptionNeverRetrieved(), "the second failure must not be reported as never retrieved");
    }

    private static Scripted<Object> failing(String name, double delay, RuntimeException e) {
        return new Scripted<>(name).then(v -> Asyncio.sleep(delay)).then(v -> {
            throw e;
        });
    }
}
