package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Awaitables of a library's own types ({@link Awaitable#awaitTarget()}, Python's {@code
 * __await__}), awaited through the same {@code Intrinsics.await} that rewritten code calls.
 * The expected output comes from this CPython 3.11 program:
 * <pre>
 * class Job:
 *     def __init__(self, fut): self.fut = fut
 *     def __await__(self): return self.fut.__await__()
 * class Fetch:
 *     def __await__(self): return fetch().__await__()
 * async def fetch(): await asyncio.sleep(0.1); return 'fetched'
 * class Bad:
 *     def __await__(self): return None
 * async def main():
 *     loop = asyncio.get_running_loop()
 *     f = loop.create_future(); loop.call_later(0.5, f.set_result, 'job done')
 *     t0 = loop.time()
 *     print(await Job(f), await Fetch(), round(loop.time() - t0, 2))   # job done fetched 0.61
 *     print(await asyncio.gather(Fetch(), Job(f)))                    # ['fetched', 'job done']
 *     print(await asyncio.wait_for(Fetch(), 1))                       # fetched
 *     try: await Bad()
 *     except TypeError as e: print(e)     # __await__() returned non-iterator of type 'NoneType'
 * asyncio.run(main())
 * loop = asyncio.new_event_loop(); print(loop.run_until_complete(Fetch()))   # fetched
 * </pre>
 */
class UserAwaitableTest {
    private final SelectorEventLoop loop = TestLoops.virtual();

    @AfterEach
    void close() {
        loop.close();
    }

    /** Awaits a future it holds. */
    record Job(Future<String> future) implements Awaitable<String> {
        @Override
        public Awaitable<String> awaitTarget() {
            return future;
        }
    }

    /** Awaits a new coroutine each time. */
    static final class Fetch implements Awaitable<Object> {
        @Override
        public Awaitable<Object> awaitTarget() {
            return new Scripted<>("fetch").then(x -> Asyncio.sleep(0.1)).then(x -> "fetched");
        }
    }

    @Test
    void anAwaitOfALibraryTypeAwaitsWhatItNames() {
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(x -> {
                    Future<String> f = loop.createFuture();
                    loop.callLater(0.5, () -> f.setResult("job done"));
                    return new Scripted<>("inner")
                            .then(y -> new Job(f))
                            .then(y -> {
                                assertEquals("job done", y);
                                return new Fetch();
                            })
                            .then(y -> y + " " + Math.round(loop.time() * 100) / 100.0)
                            .then(y -> Scripted.value(y));
                })
                .then(x -> x));
        assertEquals("fetched 0.6", r);
    }

    @Test
    void gatherWaitForAndRunUntilCompleteTakeLibraryAwaitables() {
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(x -> {
                    Future<String> f = loop.createFuture();
                    f.setResult("job done");
                    return Asyncio.gather(new Fetch(), new Job(f));
                })
                .then(x -> {
                    assertEquals(List.of("fetched", "job done"), x);
                    return Asyncio.waitFor(new Fetch(), 1);
                })
                .then(x -> x));
        assertEquals("fetched", r);
        assertEquals("fetched", loop.runUntilComplete(new Fetch()));
    }

    @Test
    void aNullTargetIsRefusedNamingTheType() {
        Awaitable<Object> bad = () -> null;
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> loop.runUntilComplete(
                        new Scripted<>("main").then(x -> bad).thenCatching((x, err) -> {
                            throw err;
                        })));
        assertTrue(
                e.getMessage().endsWith(".awaitTarget() returned null: it must return a coroutine or a future"),
                e.getMessage());
    }

    @Test
    void coroutinesAndFuturesAreTheirOwnTargets() {
        Future<Object> f = loop.createFuture();
        Scripted<Object> c = Scripted.returning("c", 1);
        assertSame(f, f.awaitTarget());
        assertSame(c, c.awaitTarget());
        c.close();
    }
}
