package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.coroutine;
import static io.jasyncio.Asyncio.done;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Generator;
import io.jasyncio.Yield;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Asyncio.coroutine(generator)}, Python's {@code types.coroutine}: a plain generator made
 * awaitable. Expected output from python3 3.11.7:
 * <pre>
 * @types.coroutine
 * def switch(): yield
 * @types.coroutine
 * def waits(fut):
 *     r = yield from fut
 *     return r * 2
 * @types.coroutine
 * def bad(): yield 1
 * async def main():
 *     async def other(): trace.append('other')
 *     asyncio.create_task(other())
 *     trace.append('before'); await switch(); trace.append('after')
 *     fut = loop.create_future(); loop.call_soon(fut.set_result, 21)
 *     print(await waits(fut), trace)          # 42 ['before', 'other', 'after']
 *     try: await bad()
 *     except RuntimeError as e: print(e)      # Task got bad yield: 1
 * </pre>
 */
class TypesCoroutineIT {
    private static final List<String> TRACE = new ArrayList<>();

    static Generator<Object, Object, Void> switchTasks() {
        Yield.value(null);
        return Yield.done();
    }

    static Generator<Object, Object, Integer> waits(Future<Integer> fut) {
        int r = Yield.value(fut);
        return Yield.result(r * 2);
    }

    static Generator<Object, Object, Void> bad() {
        Yield.value(1);
        return Yield.done();
    }

    @Async
    static Coroutine<Void> other() {
        TRACE.add("other");
        return done();
    }

    @Async
    static Coroutine<String> main() {
        EventLoop loop = Asyncio.getRunningLoop();
        Asyncio.createTask(other());
        TRACE.add("before");
        await(coroutine(switchTasks()));
        TRACE.add("after");
        Future<Integer> fut = loop.createFuture();
        loop.callSoon(() -> fut.setResult(21));
        String out = await(coroutine(waits(fut))) + " " + TRACE;
        try {
            await(coroutine(bad()));
        } catch (IllegalStateException e) {
            out += " / " + e.getMessage();
        }
        return done(out);
    }

    @Test
    void aGeneratorMadeAwaitableYieldsToTheLoopAndAwaitsWhatItYields() {
        TRACE.clear();
        assertEquals("42 [before, other, after] / Task got bad yield: 1", Asyncio.run(main()));
    }
}
