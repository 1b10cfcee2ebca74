package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#asCompleted}: results in completion order, failures at their place, a timeout
 * for the rest. Expectations from the quoted Python 3.11 program ({@code slow}, {@code fail} as
 * in {@link TaskGroupTest}).
 */
class AsCompletedTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    /**
     * <pre>
     * cs = [slow(trace, 'a', 0.3, 'A'), fail(trace, 'b', 0.1, ValueError('b')), slow(trace, 'c', 0.2, 'C'),
     *       slow(trace, 'd', 2, 'D')]
     * for f in asyncio.as_completed(cs, timeout=1):
     *     try: trace.append(f'got {await f!r} at {round(loop.time()-t0, 2)}')
     *     except Exception as e: trace.append(f'raised {e!r} at {round(loop.time()-t0, 2)}')
     * # ['b raises', "raised ValueError('b') at 0.1", 'c done', "got 'C' at 0.2", 'a done', "got 'A' at 0.3",
     * #  'raised TimeoutError() at 1.0']
     * </pre>
     */
    @Test
    void resultsComeInCompletionOrderThenTimeoutErrorForTheRest() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    List<Coroutine<Object>> cs = Asyncio.asCompleted(
                            List.of(
                                    TimeoutTest.slow(trace, "a", 0.3, "A"),
                                    new Scripted<>("b")
                                            .then(x -> Asyncio.sleep(0.1))
                                            .then(x -> {
                                                trace.add("b raises");
                                                throw new IllegalArgumentException("b");
                                            }),
                                    TimeoutTest.slow(trace, "c", 0.2, "C"),
                                    TimeoutTest.slow(trace, "d", 2, "D")),
                            1);
                    // for f in cs: try: await f ... (each step records one await and asks for the next)
                    Scripted<Object> loopBody = new Scripted<>("for").then(x -> cs.get(0));
                    for (int i = 0; i < cs.size(); i++) {
                        int next = i + 1;
                        loopBody.thenCatching((x, e) -> {
                            trace.add(
                                    e == null
                                            ? "got '" + x + "' at " + loop.time()
                                            : "raised " + e.getClass().getSimpleName() + "("
                                                    + (e.getMessage() == null ? "" : "'" + e.getMessage() + "'")
                                                    + ") at " + loop.time());
                            return next < cs.size() ? cs.get(next) : Scripted.value(null);
                        });
                    }
                    return loopBody;
                })
                .then(v -> null));
        assertEquals(
                List.of(
                        "b raises",
                        "raised IllegalArgumentException('b') at 0.1",
                        "c done",
                        "got 'C' at 0.2",
                        "a done",
                        "got 'A' at 0.3",
                        "raised TimeoutError() at 1.0"),
                trace);
    }

    /**
     * <pre>
     * a = create_task(sleep(1, "a")); b = create_task(sleep(2, "b"))
     * async def consumer():
     *     for c in asyncio.as_completed([a, b]): return await c
     * t = create_task(consumer()); await sleep(0.5); t.cancel()
     * # t ends cancelled; a.cancelled(), b.cancelled() -> False False; await a, await b -> 'a' 'b'
     * </pre>
     */
    @Test
    void cancellingTheConsumerLeavesTheAwaitablesRunning() {
        Object[] out = new Object[4];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    Task<String> a = Asyncio.createTask(Asyncio.sleep(1, "a"));
                    Task<String> b = Asyncio.createTask(Asyncio.sleep(2, "b"));
                    out[0] = a;
                    out[1] = b;
                    Task<Object> consumer = Asyncio.createTask(new Scripted<>("consumer")
                            .then(x -> Asyncio.asCompleted(List.of(a, b)).get(0))
                            .then(x -> x));
                    out[2] = consumer;
                    return Asyncio.sleep(0.5);
                })
                .then(v -> {
                    ((Task<?>) out[2]).cancel();
                    return Asyncio.gather(true, (Task<?>) out[2]);
                })
                .then(v -> {
                    out[3] = v;
                    return Asyncio.gather((Task<?>) out[0], (Task<?>) out[1]);
                })
                .then(v -> {
                    trace.add(String.valueOf(v));
                    return null;
                }));
        assertTrue(((Task<?>) out[2]).cancelled(), "the consumer ends cancelled");
        assertFalse(((Task<?>) out[0]).cancelled());
        assertFalse(((Task<?>) out[1]).cancelled());
        assertEquals(List.of("[a, b]"), trace);
    }
}
