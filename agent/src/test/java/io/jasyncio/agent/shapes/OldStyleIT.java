package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.agent.shapes.Awaited.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.GeneratorCoroutine;
import io.jasyncio.StopIteration;
import io.jasyncio.Task;
import io.jasyncio.Yield;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Generator-based coroutines ({@code @asyncio.coroutine} with {@code yield from}) and native
 * ones interoperate both ways, and driving a coroutine by hand ends with close().
 */
@SuppressWarnings("deprecation")
class OldStyleIT {
    private static final List<String> TRACE = new ArrayList<>();

    @Async
    static Coroutine<Integer> nativeTwice(int x) {
        return done(2 * (int) await(v(x)));
    }

    @GeneratorCoroutine
    static Coroutine<Integer> oldStyle(int x) {
        int a = Yield.from(nativeTwice(x)); // yield from a native coroutine
        int b = Yield.from(v(10)); // yield from a future
        Task<Integer> t = createTask(nativeTwice(1));
        int c = Yield.from(t); // yield from a task
        return done(a + b + c);
    }

    @Async
    static Coroutine<Integer> nativeAwaitsOldStyle() {
        return done(await(oldStyle(5)) + 1000);
    }

    @Async
    static Coroutine<List<Object>> gatheredWithATask() {
        Task<Integer> t = createTask(oldStyle(1));
        return done(await(gather(t, oldStyle(2))));
    }

    @Test
    void aNativeCoroutineAwaitsAGeneratorBasedOneThatAwaitsEveryKind() {
        // 2*5 + 10 + 2*1 = 22, plus 1000
        assertEquals(1022, Awaited.valueOfBoth(OldStyleIT::nativeAwaitsOldStyle));
    }

    @Test
    void runCreateTaskAndGatherAcceptGeneratorBasedCoroutines() {
        assertEquals(22, Asyncio.run(oldStyle(5)));
        assertEquals(List.of(14, 16), Awaited.valueOfBoth(OldStyleIT::gatheredWithATask));
    }

    @GeneratorCoroutine
    static Coroutine<Void> warnsOnce() {
        return done();
    }

    /** The line of {@code warnsOnce}'s first statement, which its stub carries. */
    private static final int WARNS_ONCE_LINE = 77;

    /*
     * Python 3.8 to 3.10, once per decorated function, with the file and line of its definition:
     * t.py:3: DeprecationWarning: "@coroutine" decorator is deprecated since Python 3.8, use "async def" instead
     */
    @Test
    void usingTheStyleWarnsOncePerMethodThroughSystemLogger() {
        List<String> warnings = new ArrayList<>();
        Logger jul = Logger.getLogger("io.jasyncio");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(capture);
        try {
            Asyncio.run(warnsOnce());
            Asyncio.run(warnsOnce());
        } finally {
            jul.removeHandler(capture);
        }
        assertEquals(
                List.of("WARNING OldStyleIT.java:" + WARNS_ONCE_LINE
                        + ": DeprecationWarning: \"@GeneratorCoroutine\" (OldStyleIT.warnsOnce) is deprecated, as"
                        + " \"@coroutine\" decorator is deprecated since Python 3.8, use \"@Async\" instead"),
                warnings);
    }

    @Async
    static Coroutine<String> cleansUp(Future<String> gate) {
        try {
            return done(await(gate));
        } finally {
            TRACE.add("finally");
        }
    }

    /*
     * async def cleans_up(gate):
     *     try: return await gate
     *     finally: trace.append("finally")
     * c = cleans_up(fut); c.send(None) -> fut; c.close() -> None, trace == ['finally']
     * c2 = cleans_up(fut); c2.close() -> nothing runs
     */
    @Test
    void aCoroutineDrivenByHandRunsItsFinallyBlocksWhenClosed() {
        EventLoop loop = Asyncio.newEventLoop();
        Future<String> gate = loop.createFuture();
        TRACE.clear();
        Coroutine<String> c = cleansUp(gate);
        assertEquals(gate, c.send(null), "send hands out what the coroutine waits on");
        assertNull(c.close());
        assertTrue(c.isDone());
        assertEquals(List.of("finally"), TRACE);
        Coroutine<String> fresh = cleansUp(gate);
        assertNull(fresh.close());
        assertEquals(List.of("finally"), TRACE, "closing a coroutine that never started runs none of it");
        assertThrows(IllegalStateException.class, () -> fresh.send(null));
        loop.close();
    }

    @Test
    void sendingIntoACoroutineByHandReachesStopIterationWithTheValue() {
        EventLoop loop = Asyncio.newEventLoop();
        Future<String> gate = loop.createFuture();
        Coroutine<String> c = cleansUp(gate);
        assertFalse(c.isStarted());
        c.send(null);
        gate.setResult("opened");
        StopIteration end = assertThrows(StopIteration.class, () -> c.send("opened"));
        assertEquals("opened", end.value());
        loop.close();
    }
}
