package io.jasyncio.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.AsyncGenerator;
import io.jasyncio.AsyncGensProbe;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.GeneratorExit;
import io.jasyncio.StopAsyncIteration;
import io.jasyncio.StopIteration;
import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The async generator engine without the agent: a generator frame written by hand in the shape
 * the agent generates, driven by hand and on a loop. The agent ITs ({@code AsyncGeneratorsIT})
 * check the same behaviour against Python programs with real {@code @Async} methods.
 */
class AsyncGeneratorFrameTest {

    /**
     * Hand-written twin of
     * <pre>{@code
     * @Async static AsyncGenerator<Integer, String> counter(int n, Future<String> gate) {
     *     try {
     *         for (int i = 0; i < n; i++) {
     *             String got = Yield.value(i);
     *             log("got " + got);
     *             if (i == 0 && gate != null) log("gate " + await(gate));
     *         }
     *     } finally {
     *         log("finally");
     *     }
     *     return Yield.end();
     * }
     * }</pre>
     */
    static class Counter extends AsyncGeneratorFrame<Integer, String> {
        final List<String> log;
        final int n;
        final Future<String> gate;
        int label;
        int i;

        Counter(List<String> log, int n, Future<String> gate) {
            this.log = log;
            this.n = n;
            this.gate = gate;
        }

        @Override
        protected Object invoke(Object value, Throwable error) {
            try {
                switch (label) {
                    case 0:
                        i = 0;
                        break;
                    case 1:
                        if (error != null) {
                            throw error;
                        }
                        log.add("got " + value);
                        if (i == 0 && gate != null) {
                            label = 2;
                            Object r = Intrinsics.await(gate, this);
                            if (r == SUSPENDED) {
                                return SUSPENDED;
                            }
                            log.add("gate " + r);
                        }
                        i++;
                        break;
                    case 2:
                        if (error != null) {
                            throw error;
                        }
                        log.add("gate " + value);
                        i++;
                        break;
                    default:
                        throw new AssertionError(label);
                }
                if (i < n) {
                    label = 1;
                    return Intrinsics.yieldValue(i, this);
                }
            } catch (Throwable t) {
                log.add("finally");
                throw Intrinsics.sneaky(t);
            }
            log.add("finally");
            return null;
        }

        @Override
        public String getName() {
            return "Test.counter";
        }

        @Override
        protected String sourceFile() {
            return "Test.java";
        }

        @Override
        protected int currentLine() {
            return 7;
        }
    }

    @SuppressWarnings("unchecked")
    private static AsyncGenerator<Integer, String> counter(List<String> log, int n, Future<String> gate) {
        return (AsyncGenerator<Integer, String>) AsyncGeneratorFrame.wrap(new Counter(log, n, gate));
    }

    /** Python: {@code g.__anext__().send(None)} raises StopIteration carrying the value. */
    private static Object drive(io.jasyncio.Coroutine<?> step) {
        return assertThrows(StopIteration.class, () -> step.send(null)).value();
    }

    /*
     * Driven by hand, with no loop: each step ends at once, its StopIteration carries the value.
     * async def counter(n): for i in range(n): got = yield i; print("got", got)  (finally: print)
     * g = counter(2); g.__anext__().send(None) -> StopIteration(0); g.asend("a").send(None) -> 1
     * g.asend("b").send(None) -> got b, finally, StopAsyncIteration
     */
    @Test
    void stepsDrivenByHandYieldSendAndEndWithStopAsyncIteration() {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer, String> g = counter(log, 2, null);
        assertEquals(0, drive(g.anext()));
        assertEquals(1, drive(g.asend("a")));
        assertThrows(StopAsyncIteration.class, () -> g.asend("b").send(null));
        assertEquals(List.of("got a", "got b", "finally"), log);
        assertTrue(g.isDone());
        assertThrows(StopAsyncIteration.class, () -> g.anext().send(null));
    }

    @Test
    void acloseRaisesGeneratorExitAtTheYield() {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer, String> g = counter(log, 5, null);
        assertEquals(0, drive(g.anext()));
        assertEquals(null, drive(g.aclose()));
        assertEquals(List.of("finally"), log);
        assertTrue(g.isDone());
    }

    @Test
    void anAwaitInsideSuspendsTheStepUntilTheFutureIsDone() {
        List<String> log = new ArrayList<>();
        try (SelectorEventLoop loop = new SelectorEventLoop()) {
            Future<String> gate = loop.createFuture();
            AsyncGenerator<Integer, String> g = counter(log, 3, gate);
            assertEquals(0, loop.runUntilComplete(g.anext()));
            io.jasyncio.Task<Integer> next = loop.createTask(g.asend("a"));
            loop.runUntilComplete(Asyncio.sleep(0));
            assertFalse(next.done(), "the consuming task waits for the gate");
            assertTrue(g.isRunning());
            IllegalStateException busy =
                    assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(g.anext()));
            assertEquals("anext(): asynchronous generator is already running", busy.getMessage());
            gate.setResult("open");
            assertEquals(1, loop.runUntilComplete(next));
            assertEquals(List.of("got a", "gate open"), log);
        }
    }

    @Test
    void shutdownAsyncgensClosesTheUnfinishedOnesThatStarted() {
        List<String> started = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        try (SelectorEventLoop loop = new SelectorEventLoop()) {
            AsyncGenerator<Integer, String> a = counter(started, 5, null);
            AsyncGenerator<Integer, String> b = counter(fresh, 5, null);
            AsyncGenerator<Integer, String> c = counter(finished, 1, null);
            loop.runUntilComplete(a.anext());
            loop.runUntilComplete(c.anext());
            assertThrows(StopAsyncIteration.class, () -> loop.runUntilComplete(c.anext()));
            assertEquals(1, AsyncGensProbe.tracked(loop), "a finished generator is forgotten at once");
            loop.runUntilComplete(loop.shutdownAsyncgens());
            assertEquals(List.of("finally"), started);
            assertEquals(List.of(), fresh, "never started, never tracked: nothing to close");
            assertEquals(List.of("got null", "finally"), finished, "finished before the shutdown, not closed again");
            assertTrue(a.isDone());
            assertFalse(b.isDone());
            assertEquals(0, AsyncGensProbe.tracked(loop));
        }
    }

    /** The handle is dropped in a separate frame, so nothing on the test's stack keeps it. */
    private static void startAndDrop(EventLoop loop, List<String> log) {
        AsyncGenerator<Integer, String> g = counter(log, 5, null);
        loop.runUntilComplete(g.anext());
    }

    @Test
    void aCollectedUnfinishedGeneratorIsClosedInATaskOnItsLoop() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (SelectorEventLoop loop = new SelectorEventLoop()) {
            startAndDrop(loop, log);
            for (int i = 0; i < 200 && !log.contains("finally"); i++) {
                System.gc();
                loop.runUntilComplete(Asyncio.sleep(0.01));
            }
            assertEquals(List.of("finally"), log);
            assertEquals(0, AsyncGensProbe.tracked(loop));
        }
    }

    @Test
    void aGeneratorThatYieldsOnGeneratorExitMakesAcloseFail() {
        List<String> log = new ArrayList<>();
        Counter stubborn = new Counter(log, 5, null) {
            @Override
            protected Object invoke(Object value, Throwable error) {
                if (error instanceof GeneratorExit) {
                    label = 1;
                    return Intrinsics.yieldValue(-1, this);
                }
                return super.invoke(value, error);
            }
        };
        @SuppressWarnings("unchecked")
        AsyncGenerator<Integer, String> g = (AsyncGenerator<Integer, String>) AsyncGeneratorFrame.wrap(stubborn);
        assertEquals(0, drive(g.anext()));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> g.aclose().send(null));
        assertEquals("async generator ignored GeneratorExit", e.getMessage());
        assertFalse(g.isDone());
    }
}
