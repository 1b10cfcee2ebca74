package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#shield}: the outer future's cancellation does not reach the inner one, the
 * inner one's cancellation and failure reach the outer one. Expectations from the quoted Python
 * 3.11 program ({@code slow} as in {@link TimeoutTest}).
 */
class ShieldTest {
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
     * inner = asyncio.create_task(slow(trace, 'inner', 0.2, 'v'))
     * async def waiter():
     *     return await asyncio.shield(inner)
     * w = asyncio.create_task(waiter())
     * await asyncio.sleep(0.1); w.cancel()
     * try: await w
     * except asyncio.CancelledError: trace.append(f'waiter cancelled, inner.cancelled={inner.cancelled()}')
     * trace.append(f'inner gives {await inner}')
     * # ['waiter cancelled, inner.cancelled=False', 'inner done', 'inner gives v']
     * </pre>
     */
    @Test
    void cancellingTheAwaiterDoesNotCancelTheShieldedTask() {
        Task<?>[] t = new Task<?>[2];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    t[0] = Asyncio.createTask(TimeoutTest.slow(trace, "inner", 0.2, "v"));
                    t[1] = Asyncio.createTask(new Scripted<>("waiter")
                            .then(x -> Asyncio.shield(t[0]))
                            .then(x -> x));
                    return Asyncio.sleep(0.1);
                })
                .then(v -> {
                    t[1].cancel();
                    return t[1];
                })
                .thenCatching((v, e) -> {
                    assertInstanceOf(CancelledError.class, e);
                    trace.add("waiter cancelled, inner.cancelled=" + t[0].cancelled());
                    return t[0];
                })
                .then(v -> {
                    trace.add("inner gives " + v);
                    return null;
                }));
        assertEquals(List.of("waiter cancelled, inner.cancelled=false", "inner done", "inner gives v"), trace);
    }

    /**
     * <pre>
     * f = loop.create_future(); s = asyncio.shield(f); f.cancel(); await asyncio.sleep(0)
     * trace.append(f'inner cancelled -> outer cancelled={s.cancelled()}')
     * g = loop.create_future(); s2 = asyncio.shield(g); g.set_exception(ValueError('x'))
     * try: await s2
     * except ValueError as e: trace.append(repr(e))
     * # ['inner cancelled -> outer cancelled=True', "ValueError('x')"]
     * </pre>
     */
    @Test
    void theInnersCancellationAndFailureReachTheOuter() {
        IllegalArgumentException x = new IllegalArgumentException("x");
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    Future<Object> f = loop.createFuture();
                    Future<Object> s = Asyncio.shield(f);
                    f.cancel();
                    return new Scripted<>("check").then(y -> Asyncio.sleep(0)).then(y -> {
                        trace.add("inner cancelled -> outer cancelled=" + s.cancelled());
                        return null;
                    });
                })
                .then(v -> {
                    Future<Object> g = loop.createFuture();
                    Future<Object> s2 = Asyncio.shield(g);
                    g.setException(x);
                    return s2;
                })
                .thenCatching((v, e) -> {
                    assertEquals(x, e);
                    trace.add("IllegalArgumentException('x')");
                    return null;
                }));
        assertEquals(List.of("inner cancelled -> outer cancelled=true", "IllegalArgumentException('x')"), trace);
    }
}
