package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.abi.GeneratorFrame;
import io.jasyncio.abi.Intrinsics;
import io.jasyncio.internal.SelectorEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A plain generator is no {@link Awaitable} to the compiler ({@link Generator} does not extend
 * it), but its frame is a {@link Coroutine} at run time, as it shares the engine. Where a cast or
 * a raw type lets one through, it is refused where it is given, with Python 3.12's texts,
 * instead of failing later inside a task with "Task got bad awaitable: YIELDED" (now "Task got bad yield", as asyncio says).
 *
 * <pre>
 * def g(): yield 1
 * async def main():
 *     try: asyncio.create_task(g())
 *     except TypeError as e: print('create_task:', e)
 *     try: asyncio.ensure_future(g())
 *     except TypeError as e: print('ensure_future:', e)
 *     try: await g()
 *     except TypeError as e: print('await:', e)
 * asyncio.run(main())
 * try: asyncio.run(g())
 * except ValueError as e: print('run:', e)
 * # Python 3.12 and 3.13 (3.11 still wraps a generator in a task: "Task got bad yield: 1"):
 * # create_task: a coroutine was expected, got &lt;generator object g at 0x...&gt;
 * # ensure_future: An asyncio.Future, a coroutine or an awaitable is required
 * # await: object generator can't be used in 'await' expression
 * # run: a coroutine was expected, got &lt;generator object g at 0x...&gt;
 * </pre>
 */
class GeneratorNotAwaitableTest {
    private final SelectorEventLoop loop = TestLoops.virtual();

    @AfterEach
    void close() {
        loop.close();
    }

    /** {@code def g(): yield 1}, written by hand as the agent would rewrite it. */
    static final class G extends GeneratorFrame<Integer, Void, Void> {
        private int label;

        @Override
        protected Object invoke(Object value, Throwable error) {
            if (error != null) {
                throw Sneaky.sneaky(error);
            }
            if (label++ == 0) {
                return Intrinsics.yieldValue(1, this);
            }
            return null;
        }

        @Override
        public String getName() {
            return "g";
        }

        @Override
        protected String sourceFile() {
            return "G.java";
        }

        @Override
        protected int currentLine() {
            return 1;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Coroutine<Object> asCoroutine(Generator<?, ?, ?> g) {
        return (Coroutine) g;
    }

    @Test
    void theCompilerAlreadyRefusesAGeneratorAsAnAwaitable() {
        assertFalse(Awaitable.class.isAssignableFrom(Generator.class));
        assertTrue(Awaitable.class.isAssignableFrom(G.class), "at run time it is one");
    }

    @Test
    void aTaskRefusesAGeneratorWhereItIsCreated() {
        G g = new G();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> loop.createTask(asCoroutine(g)));
        assertEquals("a coroutine was expected, got " + g, e.getMessage());
        assertEquals(1, g.next(), "the refused generator is untouched and still usable");
    }

    @Test
    void ensureFutureAndGatherRefuseAGenerator() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Asyncio.ensureFuture(asCoroutine(new G()), loop));
        assertEquals("An asyncio.Future, a coroutine or an awaitable is required", e.getMessage());
        Object r = loop.runUntilComplete(new Scripted<>("main").then(v -> {
            try {
                Asyncio.gather(asCoroutine(new G()));
                return "accepted";
            } catch (IllegalArgumentException refused) {
                return refused.getMessage();
            }
        }));
        assertEquals("An asyncio.Future, a coroutine or an awaitable is required", r);
    }

    @Test
    void runRefusesAGenerator() {
        G g = new G();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Asyncio.run(asCoroutine(g)));
        assertEquals("a coroutine was expected, got " + g, e.getMessage());
    }

    @Test
    void awaitingAGeneratorFailsWhereItIsAwaited() {
        Object r =
                loop.runUntilComplete(new Scripted<>("main").then(v -> new G()).thenCatching((v, e) -> e));
        assertEquals("object generator can't be used in 'await' expression", ((Throwable) r).getMessage());
    }
}
