package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jasyncio.internal.SelectorEventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#waitFor}: the value in time, {@link TimeoutError} after the inner awaitable has
 * finished cancelling, zero timeouts, cancellation from outside, failures. Loop time is virtual.
 * Expectations come from the Python 3.11 programs quoted above each test, which behave the
 * same under 3.12's timeout-based {@code wait_for} (the inner awaitables are tasks or finish
 * without being cancelled, the cases where the two implementations differ being a coroutine
 * that is cancelled: 3.11 wraps it in a task, 3.12 runs it in the caller's task). Programs use
 * <pre>
 * async def slow(trace, name, d, v, cleanup=0):
 *     try:
 *         await asyncio.sleep(d); trace.append(f'{name} done'); return v
 *     except asyncio.CancelledError:
 *         trace.append(f'{name} cancelled')
 *         if cleanup: await asyncio.sleep(cleanup); trace.append(f'{name} cleaned up')
 *         raise
 * </pre>
 */
class WaitForTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    private Scripted<Object> slow(String name, double d, Object v, double cleanup) {
        return new Scripted<>(name)
                .then(x -> Asyncio.sleep(d))
                .thenCatching((x, e) -> {
                    if (e instanceof CancelledError) {
                        trace.add(name + " cancelled");
                        if (cleanup > 0) {
                            return new Scripted<>("cleanup")
                                    .then(y -> Asyncio.sleep(cleanup))
                                    .then(y -> {
                                        trace.add(name + " cleaned up");
                                        throw e;
                                    });
                        }
                    }
                    if (e != null) {
                        throw e;
                    }
                    trace.add(name + " done");
                    return v;
                })
                .then(Scripted::value); // the value of the cleanup, or its exception
    }

    /**
     * <pre>
     * r = await asyncio.wait_for(slow(trace, 'inner', 0.1, 'v'), 1)
     * print(trace, r)        # ['inner done'] v
     * </pre>
     */
    @Test
    void aCoroutineThatFinishesInTimeGivesItsValue() {
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.waitFor(slow("inner", 0.1, "v", 0), 1))
                .then(v -> v));
        assertEquals(List.of("inner done"), trace);
        assertEquals("v", r);
    }

    /**
     * <pre>
     * inner = asyncio.create_task(slow(trace, 'inner', 1, 'v', cleanup=0.05))
     * try:
     *     await asyncio.wait_for(inner, 0.1)
     * except asyncio.TimeoutError as e:
     *     trace.append(f'TimeoutError at {round(loop.time()-t0,2)} inner.cancelled={inner.cancelled()}')
     * # ['inner cancelled', 'inner cleaned up', 'TimeoutError at 0.15 inner.cancelled=True']
     * </pre>
     */
    @Test
    void onTimeoutTheInnerIsCancelledAndWaitedForBeforeTimeoutError() {
        Task<?>[] inner = new Task<?>[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    inner[0] = Asyncio.createTask(slow("inner", 1, "v", 0.05));
                    return Asyncio.waitFor(inner[0], 0.1);
                })
                .thenCatching((v, e) -> {
                    assertInstanceOf(TimeoutError.class, e);
                    assertInstanceOf(CancelledError.class, e.getCause());
                    trace.add("TimeoutError at " + Math.round(loop.time() * 100) / 100.0 + " inner.cancelled="
                            + inner[0].cancelled());
                    return null;
                }));
        assertEquals(
                List.of("inner cancelled", "inner cleaned up", "TimeoutError at 0.15 inner.cancelled=true"), trace);
    }

    /**
     * <pre>
     * f = loop.create_future(); f.set_result(5)
     * trace.append(await asyncio.wait_for(f, 0))
     * inner = asyncio.create_task(slow(trace, 'inner', 1, 'v'))
     * try: await asyncio.wait_for(inner, 0)
     * except asyncio.TimeoutError: trace.append(f'TimeoutError inner.cancelled={inner.cancelled()}')
     * # [5, 'TimeoutError inner.cancelled=True']     (the task never started: no 'inner cancelled')
     * </pre>
     */
    @Test
    void aZeroTimeoutGivesADoneResultAndCancelsAPendingOne() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    Future<Integer> f = loop.createFuture();
                    f.setResult(5);
                    return Asyncio.waitFor(f, 0);
                })
                .then(v -> {
                    trace.add(String.valueOf(v));
                    Task<Object> inner = Asyncio.createTask(slow("inner", 1, "v", 0));
                    return new Scripted<>("try")
                            .then(x -> Asyncio.waitFor(inner, 0))
                            .thenCatching((x, e) -> {
                                assertInstanceOf(TimeoutError.class, e);
                                trace.add("TimeoutError inner.cancelled=" + inner.cancelled());
                                return null;
                            });
                })
                .then(v -> null));
        assertEquals(List.of("5", "TimeoutError inner.cancelled=true"), trace);
        assertEquals(0.0, loop.time());
    }

    /**
     * <pre>
     * inner = asyncio.create_task(slow(trace, 'inner', 1, 'v'))
     * outer = asyncio.create_task(asyncio.wait_for(inner, 10))
     * await asyncio.sleep(0.1)
     * outer.cancel('stop')
     * try: await outer
     * except asyncio.CancelledError as e: trace.append(f'outer {e!r} inner.cancelled={inner.cancelled()}')
     * # ['inner cancelled', "outer CancelledError('stop') inner.cancelled=True"]
     * </pre>
     */
    @Test
    void cancellingTheWaiterCancelsTheInnerAndRaisesCancelledError() {
        Task<?>[] inner = new Task<?>[1];
        Task<?>[] outer = new Task<?>[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    inner[0] = Asyncio.createTask(slow("inner", 1, "v", 0));
                    outer[0] = Asyncio.createTask(Asyncio.waitFor(inner[0], 10));
                    return Asyncio.sleep(0.1);
                })
                .then(v -> {
                    outer[0].cancel("stop");
                    return outer[0];
                })
                .thenCatching((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    trace.add("outer CancelledError('" + e.getMessage() + "') inner.cancelled=" + inner[0].cancelled());
                    return null;
                }));
        assertEquals(List.of("inner cancelled", "outer CancelledError('stop') inner.cancelled=true"), trace);
    }

    /**
     * <pre>
     * async def bad():
     *     await asyncio.sleep(0.1); raise ValueError('boom')
     * try: await asyncio.wait_for(bad(), 1)
     * except ValueError as e: trace.append(repr(e))
     * r = await asyncio.wait_for(slow(trace, 'inner', 100, 'v'), None)
     * print(trace, r)        # ["ValueError('boom')", 'inner done'] v
     * </pre>
     */
    @Test
    void aFailurePropagatesAndANullTimeoutWaitsForever() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> new Scripted<>("try")
                        .then(x -> Asyncio.waitFor(
                                new Scripted<>("bad")
                                        .then(y -> Asyncio.sleep(0.1))
                                        .then(y -> {
                                            throw boom;
                                        }),
                                1))
                        .thenCatching((x, e) -> {
                            assertEquals(boom, e);
                            trace.add("IllegalArgumentException('boom')");
                            return null;
                        }))
                .then(v -> Asyncio.waitFor(slow("inner", 100, "v", 0), (Duration) null))
                .then(v -> v));
        assertEquals(List.of("IllegalArgumentException('boom')", "inner done"), trace);
        assertEquals("v", r);
        assertEquals(100.1, loop.time(), 1e-9);
    }

    /**
     * Python 3.12 (derived from its {@code wait_for}, not run: only 3.11 is installed): a
     * coroutine is awaited inside {@code async with timeout(t)} in the caller's task, so it runs
     * with the caller as current task, and the timeout cancels the caller, which the timeout
     * then uncancels.
     * <pre>
     * async def who():
     *     trace.append(asyncio.current_task() is main_task)
     *     await asyncio.sleep(1)
     * try: await asyncio.wait_for(who(), 0.1)
     * except TimeoutError: trace.append(f'TimeoutError cancelling={main_task.cancelling()}')
     * # 3.12: [True, 'TimeoutError cancelling=0']   (3.11 prints False first)
     * </pre>
     */
    @Test
    void aCoroutineRunsInTheCallersTaskAsIn312() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    Task<?> main = Asyncio.currentTask();
                    return Asyncio.waitFor(
                            new Scripted<>("who")
                                    .then(x -> {
                                        trace.add(String.valueOf(Asyncio.currentTask() == main));
                                        return Asyncio.sleep(1);
                                    })
                                    .then(x -> null),
                            0.1);
                })
                .thenCatching((v, e) -> {
                    assertInstanceOf(TimeoutError.class, e);
                    trace.add("TimeoutError cancelling=" + Asyncio.currentTask().cancelling());
                    return null;
                }));
        assertEquals(List.of("true", "TimeoutError cancelling=0"), trace);
    }
}
