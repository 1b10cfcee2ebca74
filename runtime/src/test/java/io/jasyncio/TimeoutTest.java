package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#timeout} and {@link Timeout}: deadlines, rescheduling, and the structured
 * cancellation rule (only the timeout's own cancel becomes a {@link TimeoutError}). Loop time is
 * virtual. Each test quotes the Python 3.11 program whose output it expects (3.11 and 3.12 agree
 * on {@code timeouts.py} for these programs); every program uses
 * <pre>
 * async def slow(trace, name, d, v):
 *     try:
 *         await asyncio.sleep(d); trace.append(f'{name} done'); return v
 *     except asyncio.CancelledError:
 *         trace.append(f'{name} cancelled'); raise
 * </pre>
 */
class TimeoutTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    static Scripted<Object> slow(List<String> trace, String name, double d, Object v) {
        return new Scripted<>(name).then(x -> Asyncio.sleep(d)).thenCatching((x, e) -> {
            if (e instanceof CancelledError) {
                trace.add(name + " cancelled");
            }
            if (e != null) {
                throw e;
            }
            trace.add(name + " done");
            return v;
        });
    }

    /**
     * <pre>
     * async with asyncio.timeout(1) as t:
     *     r = await slow(trace, 'body', 0.5, 'v')
     * print(trace, r, t.expired())      # ['body done'] v False
     * </pre>
     */
    @Test
    void aBodyThatFinishesInTimeGivesItsValue() {
        Timeout[] t = new Timeout[1];
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.timeout(1, tm -> {
                    t[0] = tm;
                    return slow(trace, "body", 0.5, "v");
                }))
                .then(v -> v));
        assertEquals(List.of("body done"), trace);
        assertEquals("v", r);
        assertFalse(t[0].expired());
        assertEquals(0.5, loop.time());
    }

    /**
     * <pre>
     * try:
     *     async with asyncio.timeout(0.1) as t:
     *         await slow(trace, 'body', 1, 'v')
     * except TimeoutError as e:
     *     trace.append(f'TimeoutError cause={type(e.__cause__).__name__} at {round(loop.time()-t0,2)}
     *                    expired={t.expired()} cancelling={asyncio.current_task().cancelling()}')
     * # ['body cancelled', 'TimeoutError cause=CancelledError at 0.1 expired=True cancelling=0']
     * </pre>
     */
    @Test
    void pastTheDeadlineTheBodyIsCancelledAndTimeoutErrorRaised() {
        Timeout[] t = new Timeout[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.timeout(0.1, tm -> {
                    t[0] = tm;
                    return slow(trace, "body", 1, "v");
                }))
                .thenCatching((v, e) -> {
                    assertInstanceOf(TimeoutError.class, e);
                    trace.add("TimeoutError cause=" + e.getCause().getClass().getSimpleName() + " at " + loop.time()
                            + " expired=" + t[0].expired() + " cancelling="
                            + Asyncio.currentTask().cancelling());
                    return null;
                }));
        assertEquals(
                List.of("body cancelled", "TimeoutError cause=CancelledError at 0.1 expired=true cancelling=0"), trace);
    }

    /**
     * <pre>
     * async with asyncio.timeout(0.1) as t:
     *     await asyncio.sleep(0.05)
     *     t.reschedule(loop.time() + 1)
     *     r = await slow(trace, 'body', 0.5, 'v')
     * print(trace, r, t.expired(), round(loop.time() - t0, 2), t.when() - t0)
     * # ['body done'] v False 0.55 1.05
     * </pre>
     */
    @Test
    void rescheduleMovesTheDeadline() {
        Timeout[] t = new Timeout[1];
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.timeout(0.1, tm -> {
                    t[0] = tm;
                    return new Scripted<>("body")
                            .then(x -> Asyncio.sleep(0.05))
                            .then(x -> {
                                tm.reschedule(loop.time() + 1);
                                return slow(trace, "body", 0.5, "v");
                            })
                            .then(x -> x);
                }))
                .then(v -> v));
        assertEquals(List.of("body done"), trace);
        assertEquals("v", r);
        assertFalse(t[0].expired());
        assertEquals(0.55, loop.time(), 1e-9);
        assertEquals(1.05, t[0].when(), 1e-9);
    }

    /**
     * <pre>
     * async def inner():
     *     async with asyncio.timeout(1):
     *         await slow(trace, 'body', 10, 'v')
     * task = asyncio.create_task(inner())
     * await asyncio.sleep(0.1)
     * task.cancel('stop')
     * try: await task
     * except asyncio.CancelledError as e: trace.append(f'outer got {e!r} cancelled={task.cancelled()}')
     * # ['body cancelled', "outer got CancelledError('stop') cancelled=True"]
     * </pre>
     */
    @Test
    void aCancelFromElsewhereIsNotTurnedIntoTimeoutError() {
        Task<?>[] task = new Task<?>[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    task[0] = Asyncio.createTask(Asyncio.timeout(1, () -> slow(trace, "body", 10, "v")));
                    return Asyncio.sleep(0.1);
                })
                .then(v -> {
                    task[0].cancel("stop");
                    return task[0];
                })
                .thenCatching((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    trace.add("outer got CancelledError('" + e.getMessage() + "') cancelled=" + task[0].cancelled());
                    return null;
                }));
        assertEquals(List.of("body cancelled", "outer got CancelledError('stop') cancelled=true"), trace);
    }

    /**
     * <pre>
     * try:
     *     async with asyncio.timeout(0.1) as outer:
     *         try:
     *             async with asyncio.timeout(1) as inner:
     *                 await slow(trace, 'body', 10, 'v')
     *         except TimeoutError:
     *             trace.append('inner TimeoutError')
     *         except asyncio.CancelledError:
     *             trace.append(f'inner let CancelledError through, inner.expired={inner.expired()}'); raise
     * except TimeoutError:
     *     trace.append(f'outer TimeoutError at {round(loop.time()-t0,2)} outer.expired={outer.expired()}')
     * # ['body cancelled', 'inner let CancelledError through, inner.expired=False',
     * #  'outer TimeoutError at 0.1 outer.expired=True']
     * </pre>
     */
    @Test
    void nestedTimeoutsOnlyTheExpiredOneRaisesTimeoutError() {
        Timeout[] inner = new Timeout[1];
        Timeout[] outer = new Timeout[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.timeout(0.1, o -> {
                    outer[0] = o;
                    return new Scripted<>("outerBody")
                            .then(x -> Asyncio.timeout(1, i -> {
                                inner[0] = i;
                                return slow(trace, "body", 10, "v");
                            }))
                            .thenCatching((x, e) -> {
                                if (e instanceof TimeoutError) {
                                    trace.add("inner TimeoutError");
                                    return null;
                                }
                                if (e instanceof CancelledError) {
                                    trace.add("inner let CancelledError through, inner.expired=" + inner[0].expired());
                                }
                                throw e;
                            });
                }))
                .thenCatching((v, e) -> {
                    assertInstanceOf(TimeoutError.class, e);
                    trace.add("outer TimeoutError at " + loop.time() + " outer.expired=" + outer[0].expired());
                    return null;
                }));
        assertEquals(
                List.of(
                        "body cancelled",
                        "inner let CancelledError through, inner.expired=false",
                        "outer TimeoutError at 0.1 outer.expired=true"),
                trace);
    }

    /**
     * <pre>
     * async def swallow():
     *     try:
     *         await asyncio.sleep(1)
     *     except asyncio.CancelledError:
     *         trace.append('swallowed'); return 'late'
     * async with asyncio.timeout(0.1) as t:
     *     r = await swallow()
     * print(trace, r, t.expired())      # ['swallowed'] late True
     * </pre>
     */
    @Test
    void aBodyThatSwallowsTheCancellationReturnsNormally() {
        Timeout[] t = new Timeout[1];
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.timeout(0.1, tm -> {
                    t[0] = tm;
                    return new Scripted<>("swallow").then(x -> Asyncio.sleep(1)).thenCatching((x, e) -> {
                        trace.add("swallowed");
                        return "late";
                    });
                }))
                .then(v -> v));
        assertEquals(List.of("swallowed"), trace);
        assertEquals("late", r);
        assertTrue(t[0].expired());
    }

    /**
     * <pre>
     * try:
     *     async with asyncio.timeout(1):
     *         await asyncio.sleep(0.1)
     *         raise ValueError('boom')
     * except ValueError as e:
     *     trace.append(repr(e))
     * t = asyncio.timeout(1)
     * try: t.reschedule(3)
     * except RuntimeError as e: trace.append(str(e))
     * # ["ValueError('boom')", 'Timeout has not been entered']
     * </pre>
     */
    @Test
    void aFailingBodyPropagatesItsExceptionAndAnUnenteredTimeoutCannotBeRescheduled() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.timeout(
                        1,
                        () -> new Scripted<>("body")
                                .then(x -> Asyncio.sleep(0.1))
                                .then(x -> {
                                    throw boom;
                                })))
                .thenCatching((v, e) -> e));
        assertEquals(boom, r);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Timeout(1.0).reschedule(3.0));
        assertEquals("Timeout has not been entered", e.getMessage());
    }

    /**
     * <pre>
     * def cb(): asyncio.timeout(1).__aenter__().send(None)
     * # in a callback: RuntimeError('Timeout should be used inside a task')
     * # with no loop:  RuntimeError('no running event loop')
     * </pre>
     */
    @Test
    void outsideATaskTheTimeoutRefusesToStart() {
        Throwable[] inCallback = new Throwable[1];
        loop.callSoon(() -> inCallback[0] = assertThrows(
                IllegalStateException.class,
                () -> Asyncio.timeoutAt(null, () -> Scripted.returning("body", 1))
                        .send(null)));
        TestLoops.runUntilIdle(loop);
        assertEquals("Timeout should be used inside a task", inCallback[0].getMessage());
        Coroutine<Object> c = Asyncio.timeoutAt(null, () -> Scripted.returning("body", 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.send(null));
        assertEquals("no running event loop", e.getMessage());
    }
}
