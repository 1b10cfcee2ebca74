package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.AsyncGenerator;
import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.GeneratorExit;
import io.jasyncio.Runner;
import io.jasyncio.StopAsyncIteration;
import io.jasyncio.Task;
import io.jasyncio.Yield;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Async generators ({@code async def} with {@code yield}): an {@code @Async} method returning
 * {@link AsyncGenerator}, consumed with one await per value. Every expectation comes from the
 * Python program in the comment beside the test, run with python3 3.11.7 and 3.12.1 (same
 * output).
 */
class AsyncGeneratorsIT {
    private static final List<String> TRACE = new ArrayList<>();

    private static void log(String s) {
        TRACE.add(s);
    }

    @Async
    static AsyncGenerator<Integer, String> gen() {
        try {
            log("start");
            await(sleep(0));
            String x = Yield.value(1);
            log("got " + x);
            try {
                Yield.value(2);
            } catch (IllegalArgumentException e) {
                log("caught " + e.getMessage());
                Yield.value(3);
            }
            Yield.value(4);
        } finally {
            log("finally");
            await(sleep(0));
            log("finally after await");
        }
        return Yield.end();
    }

    @Async
    static Coroutine<Void> protocol() {
        AsyncGenerator<Integer, String> g = gen();
        try {
            await(g.asend("x"));
        } catch (IllegalArgumentException e) {
            log("IAE " + e.getMessage());
        }
        log("" + await(g.anext()));
        log("" + await(g.asend("hello")));
        log("" + await(g.athrow(new IllegalArgumentException("bad"))));
        log("" + await(g.aclose()));
        try {
            await(g.anext());
        } catch (StopAsyncIteration e) {
            log("SAI");
        }
        log("athrow after close " + await(g.athrow(new IllegalArgumentException("late"))));
        log("" + await(g.aclose()));
        return done();
    }

    /*
     * async def gen():
     *     try:
     *         print("start"); await asyncio.sleep(0)
     *         x = yield 1
     *         print("got", x)
     *         try: yield 2
     *         except ValueError as e: print("caught", e); yield 3
     *         yield 4
     *     finally:
     *         print("finally"); await asyncio.sleep(0); print("finally after await")
     * async def main():
     *     g = gen()
     *     try: await g.asend("x")
     *     except TypeError as e: print("TypeError", e)
     *     print(await g.__anext__()); print(await g.asend("hello"))
     *     print(await g.athrow(ValueError("bad"))); print(await g.aclose())
     *     try: await g.__anext__()
     *     except StopAsyncIteration: print("SAI")
     *     print("athrow after close", await g.athrow(ValueError("late"))); print(await g.aclose())
     * ->
     * TypeError can't send non-None value to a just-started async generator
     * start / 1 / got hello / 2 / caught bad / 3 / finally / finally after await / None / SAI
     * athrow after close None / None
     */
    @Test
    void anextAsendAthrowAndAcloseFollowPythonsOrder() {
        TRACE.clear();
        Asyncio.run(protocol());
        assertEquals(
                List.of(
                        "IAE can't send non-null value to a just-started async generator",
                        "start",
                        "1",
                        "got hello",
                        "2",
                        "caught bad",
                        "3",
                        "finally",
                        "finally after await",
                        "null",
                        "SAI",
                        "athrow after close null",
                        "null"),
                TRACE);
    }

    @Test
    void callingTheMethodRunsNoneOfTheBody() {
        TRACE.clear();
        AsyncGenerator<Integer, String> g = gen();
        assertEquals(List.of(), TRACE);
        assertFalse(g.isDone());
        assertFalse(g.isRunning());
        assertEquals("AsyncGeneratorsIT.gen", g.getName());
        assertTrue(g.toString().startsWith("<async_generator AsyncGeneratorsIT.gen() suspended"), g.toString());
    }

    @Async
    static Coroutine<Void> unstarted() {
        AsyncGenerator<Integer, String> g = gen();
        try {
            await(g.athrow(new IllegalArgumentException("early")));
        } catch (IllegalArgumentException e) {
            log("athrow unstarted " + e.getMessage());
        }
        try {
            await(g.anext());
        } catch (StopAsyncIteration e) {
            log("SAI2");
        }
        AsyncGenerator<Integer, String> g3 = gen();
        log("" + await(g3.aclose()));
        log("done " + g3.isDone());
        return done();
    }

    /*
     * g2 = gen()
     * try: await g2.athrow(ValueError("early"))
     * except ValueError as e: print("athrow unstarted", e)
     * try: await g2.__anext__()
     * except StopAsyncIteration: print("SAI2")
     * g3 = gen(); print(await g3.aclose())
     * -> athrow unstarted early / SAI2 / None   (no "start", no "finally": none of the body runs)
     */
    @Test
    void athrowAndAcloseOnAnUnstartedGeneratorRunNoneOfItsBody() {
        TRACE.clear();
        Asyncio.run(unstarted());
        assertEquals(List.of("athrow unstarted early", "SAI2", "null", "done true"), TRACE);
    }

    @Async
    static AsyncGenerator<Integer, Void> slow(Future<Void> gate) {
        await(gate);
        Yield.value(1);
        return Yield.end();
    }

    @Async
    static Coroutine<Void> overlap() {
        Future<Void> gate = getRunningLoop().createFuture();
        AsyncGenerator<Integer, Void> g = slow(gate);
        Task<Integer> first = createTask(g.anext());
        await(sleep(0));
        assertTrue(g.isRunning(), "the first anext is suspended inside the generator");
        for (Coroutine<?> second :
                List.<Coroutine<?>>of(g.anext(), g.aclose(), g.athrow(new IllegalArgumentException()), g.asend(null))) {
            try {
                await(second);
            } catch (IllegalStateException e) {
                log(e.getMessage());
            }
        }
        gate.setResult(null);
        log("first " + await(first));
        return done();
    }

    /*
     * async def slow(): await asyncio.sleep(0.01); yield 1
     * g4 = slow(); t = asyncio.create_task(g4.__anext__()); await asyncio.sleep(0)
     * then each of g4.__anext__(), g4.aclose(), g4.athrow(ValueError()), g4.asend(None):
     * -> anext(): asynchronous generator is already running
     *    aclose(): asynchronous generator is already running
     *    athrow(): asynchronous generator is already running
     *    anext(): asynchronous generator is already running
     * print(await t) -> 1
     */
    @Test
    void twoOverlappingStepsAreAnError() {
        TRACE.clear();
        Asyncio.run(overlap());
        assertEquals(
                List.of(
                        "anext(): asynchronous generator is already running",
                        "aclose(): asynchronous generator is already running",
                        "athrow(): asynchronous generator is already running",
                        "anext(): asynchronous generator is already running",
                        "first 1"),
                TRACE);
    }

    @Async
    static AsyncGenerator<Integer, Void> waits(Future<Integer> fut) {
        log("gen before await");
        int v = await(fut);
        log("gen got " + v);
        Yield.value(v);
        return Yield.end();
    }

    @Async
    static Coroutine<Void> other(Future<Integer> fut) {
        log("other runs while consumer suspended");
        fut.setResult(5);
        return done();
    }

    @Async
    static Coroutine<Void> awaitSuspendsConsumer() {
        Future<Integer> fut = getRunningLoop().createFuture();
        AsyncGenerator<Integer, Void> g = waits(fut);
        createTask(other(fut));
        log("consumer " + await(g.anext()));
        return done();
    }

    /*
     * async def waits(fut):
     *     trace.append("gen before await"); v = await fut; trace.append(f"gen got {v}"); yield v
     * async def other(fut): trace.append("other runs while consumer suspended"); fut.set_result(5)
     * fut = loop.create_future(); g = waits(fut); asyncio.create_task(other(fut))
     * trace.append(f"consumer {await g.__anext__()}")
     * -> ['gen before await', 'other runs while consumer suspended', 'gen got 5', 'consumer 5']
     */
    @Test
    void anAwaitInsideTheGeneratorSuspendsTheConsumingTask() {
        TRACE.clear();
        Asyncio.run(awaitSuspendsConsumer());
        assertEquals(
                List.of("gen before await", "other runs while consumer suspended", "gen got 5", "consumer 5"), TRACE);
    }

    @Async
    static AsyncGenerator<Integer, Void> stubborn() {
        while (true) {
            try {
                Yield.value(1);
            } catch (GeneratorExit e) {
                log("ignored");
            }
        }
    }

    @Async
    static AsyncGenerator<Integer, Void> raisesStop() {
        Yield.value(1);
        throw new StopAsyncIteration();
    }

    @Async
    static AsyncGenerator<Integer, Void> finallyRaises() {
        try {
            Yield.value(1);
        } finally {
            raiseK();
        }
        return Yield.end();
    }

    private static void raiseK() {
        throw new IllegalArgumentException("k");
    }

    @Async
    static AsyncGenerator<Integer, Void> catchesAndReturns() {
        try {
            Yield.value(1);
        } catch (IllegalArgumentException e) {
            log("caught, returning");
        }
        return Yield.end();
    }

    @Async
    static Coroutine<Void> errors() {
        AsyncGenerator<Integer, Void> s = stubborn();
        await(s.anext());
        try {
            await(s.aclose());
        } catch (IllegalStateException e) {
            log("aclose " + e.getMessage());
        }
        AsyncGenerator<Integer, Void> r = raisesStop();
        await(r.anext());
        try {
            await(r.anext());
        } catch (IllegalStateException e) {
            log("RE " + e.getMessage());
        }
        AsyncGenerator<Integer, String> g7 = gen();
        Coroutine<Integer> a = g7.anext();
        await(a);
        try {
            await(a);
        } catch (IllegalStateException e) {
            log("reuse");
        }
        await(g7.aclose());
        AsyncGenerator<Integer, Void> c = catchesAndReturns();
        await(c.anext());
        try {
            await(c.athrow(new IllegalArgumentException()));
        } catch (StopAsyncIteration e) {
            log("athrow->SAI");
        }
        AsyncGenerator<Integer, Void> b = finallyRaises();
        await(b.anext());
        try {
            await(b.aclose());
        } catch (IllegalArgumentException e) {
            log("aclose raised " + e.getMessage());
        }
        return done();
    }

    /*
     * async def stubborn():
     *     while True:
     *         try: yield 1
     *         except GeneratorExit: print("ignored")
     * -> aclose: ignored / aclose async generator ignored GeneratorExit
     * async def sai(): yield 1; raise StopAsyncIteration
     * -> RE async generator raised StopAsyncIteration
     * a = g7.__anext__(); await a; await a -> RuntimeError: cannot reuse already awaited __anext__()/asend()
     * async def ret():
     *     try: yield 1
     *     except ValueError: print("caught, returning")
     * athrow -> caught, returning / StopAsyncIteration
     * async def bad():
     *     try: yield 1
     *     finally: raise KeyError("k")
     * aclose -> raises KeyError('k')
     */
    @Test
    void errorsFollowPython() {
        TRACE.clear();
        Asyncio.run(errors());
        assertEquals(
                List.of(
                        "ignored",
                        "aclose async generator ignored GeneratorExit",
                        "RE async generator raised" + " StopAsyncIteration",
                        "start",
                        "reuse",
                        "finally",
                        "finally after await",
                        "caught, returning",
                        "athrow->SAI",
                        "aclose raised k",
                        // asyncio.run's shutdown_asyncgens closes the stubborn one again, which ignores it again
                        "ignored"),
                TRACE);
    }

    @Async
    static AsyncGenerator<Integer, Void> counter(int n) {
        for (int i = 0; i < n; i++) {
            await(sleep(0));
            Yield.value(i);
        }
        return Yield.end();
    }

    @Async
    static Coroutine<List<Object>> forms() {
        List<Object> out = new ArrayList<>();
        AsyncGenerator<Integer, Void> c = counter(3);
        while (await(c.advance())) {
            out.add(c.current());
        }
        out.add(await(counter(4).toList()));
        List<Integer> seen = new ArrayList<>();
        await(counter(2).forEach(i -> {
            seen.add(i);
            return sleep(0);
        }));
        out.add(seen);
        AsyncGenerator<Integer, Void> one = counter(1);
        out.add(await(one.anext(-1)));
        out.add(await(one.anext(-1)));
        return done(out);
    }

    /*
     * async def counter(n):
     *     for i in range(n): await asyncio.sleep(0); yield i
     * out = []
     * async for x in counter(3): out.append(x)
     * print(out, [x async for x in counter(4)])  -> [0, 1, 2] [0, 1, 2, 3]
     * g8 = counter(1); print(await anext(g8, -1), await anext(g8, -1))  -> 0 -1
     */
    @Test
    void advanceToListForEachAndAnextWithADefaultLoopOverTheValues() {
        assertEquals(List.of(0, 1, 2, List.of(0, 1, 2, 3), List.of(0, 1), 0, -1), Asyncio.run(forms()));
    }

    @Async
    static AsyncGenerator<Integer, Void> sleepy() {
        try {
            log("sleepy sleeps");
            await(sleep(10));
            Yield.value(1);
        } finally {
            log("sleepy finally");
        }
        return Yield.end();
    }

    @Async
    static Coroutine<Void> consume(AsyncGenerator<Integer, Void> g) {
        try {
            await(g.anext());
        } catch (CancelledError e) {
            log("consumer cancelled");
            throw e;
        }
        return done();
    }

    @Async
    static Coroutine<Void> cancelInside() {
        AsyncGenerator<Integer, Void> g = sleepy();
        Task<Void> t = createTask(consume(g));
        await(sleep(0));
        t.cancel();
        try {
            await(t);
        } catch (CancelledError e) {
            log("task cancelled");
        }
        log("anext after -> " + await(g.anext(-1)));
        return done();
    }

    /*
     * async def sleepy():
     *     try: trace.append("sleepy sleeps"); await asyncio.sleep(10); yield 1
     *     finally: trace.append("sleepy finally")
     * t = create_task(consume(g)); await asyncio.sleep(0); t.cancel(); await t
     * trace.append(f"anext after -> {await anext(g, 'end')}")
     * -> ['sleepy sleeps', 'sleepy finally', 'consumer cancelled', 'task cancelled', 'anext after -> end']
     */
    @Test
    void cancellingTheConsumerRaisesCancelledErrorInsideTheGenerator() {
        TRACE.clear();
        Runner runner = Runner.virtualTime();
        try (runner) {
            runner.run(cancelInside());
        }
        assertEquals(
                List.of("sleepy sleeps", "sleepy finally", "consumer cancelled", "task cancelled", "anext after -> -1"),
                TRACE);
    }

    private static final List<AsyncGenerator<?, ?>> KEEP = new ArrayList<>();

    @Async
    static AsyncGenerator<Integer, Void> ticker() {
        try {
            for (int i = 0; i < 10; i++) {
                log("tick " + i);
                Yield.value(i);
            }
        } finally {
            log("ticker finally");
            await(sleep(0));
            log("ticker finally after await");
        }
        return Yield.end();
    }

    @Async
    static AsyncGenerator<Integer, Void> neverStarted() {
        try {
            Yield.value(1);
        } finally {
            log("never started finally");
        }
        return Yield.end();
    }

    @Async
    static Coroutine<String> mainAbandons() {
        AsyncGenerator<Integer, Void> g = ticker();
        KEEP.add(g);
        KEEP.add(neverStarted());
        log("main got " + await(g.anext()));
        log("main got " + await(g.anext()));
        log("main returns");
        return done("result");
    }

    /*
     * keep = []
     * async def ticker():
     *     try:
     *         for i in range(10): trace.append(f"tick {i}"); yield i
     *     finally:
     *         trace.append("ticker finally"); await asyncio.sleep(0); trace.append("ticker finally after await")
     * async def never_started():
     *     try: yield 1
     *     finally: trace.append("never started finally")
     * async def main_abandons():
     *     g = ticker(); keep.append(g); keep.append(never_started())
     *     trace.append(f"main got {await g.__anext__()}") (twice); trace.append("main returns"); return "result"
     * print(asyncio.run(main_abandons()), trace)
     * -> result ['tick 0', 'main got 0', 'tick 1', 'main got 1', 'main returns', 'ticker finally',
     *            'ticker finally after await']
     */
    @Test
    void asyncioRunClosesUnfinishedGeneratorsSoTheirFinallyBlocksRun() {
        TRACE.clear();
        KEEP.clear();
        assertEquals("result", Asyncio.run(mainAbandons()));
        assertEquals(
                List.of(
                        "tick 0",
                        "main got 0",
                        "tick 1",
                        "main got 1",
                        "main returns",
                        "ticker finally",
                        "ticker finally after await"),
                TRACE);
        assertTrue(KEEP.get(0).isDone());
        assertFalse(KEEP.get(1).isDone(), "a generator that never started is not tracked, as in Python");
        KEEP.clear();
    }

    @Async
    static Coroutine<Void> startsStubborn() {
        AsyncGenerator<Integer, Void> g = stubborn();
        KEEP.add(g);
        await(g.anext());
        return done();
    }

    /*
     * def handler(loop, ctx): trace.append("handler: " + ctx["message"] ... + repr(ctx["exception"]))
     * with asyncio.Runner() as r:
     *     r.get_loop().set_exception_handler(handler); r.run(main_stubborn())
     * -> ['ignored', "handler: an error occurred during closing of asynchronous generator
     *     / RuntimeError('async generator ignored GeneratorExit')"]
     */
    @Test
    void runnerCloseReportsAGeneratorThatFailsToClose() {
        TRACE.clear();
        KEEP.clear();
        try (Runner runner = new Runner()) {
            runner.getLoop()
                    .setExceptionHandler((loop, ctx) -> log("handler: "
                            + ctx.message().substring(0, ctx.message().indexOf(" <")) + " / "
                            + ctx.exception().getMessage()));
            runner.run(startsStubborn());
        }
        assertEquals(
                List.of(
                        "ignored",
                        "handler: an error occurred during closing of asynchronous generator"
                                + " / async generator ignored GeneratorExit"),
                TRACE);
        KEEP.clear();
    }

    @Async
    static Coroutine<Void> abandonThenCollect() {
        startAndDrop();
        for (int i = 0; i < 200 && !TRACE.contains("ticker finally after await"); i++) {
            System.gc();
            await(sleep(0.01));
        }
        log("main returns");
        return done();
    }

    @Async
    static Coroutine<Void> startAndDropCoroutine() {
        AsyncGenerator<Integer, Void> g = ticker();
        await(g.anext());
        return done();
    }

    private static void startAndDrop() {
        createTask(startAndDropCoroutine());
    }

    /*
     * The finaliser hook: a generator that becomes garbage while its loop runs is closed in a
     * task on that loop (CPython does it at once through reference counting; the JVM when it
     * collects the handle).
     * async def main():
     *     async def drop(): g = ticker(); await g.__anext__()
     *     await asyncio.create_task(drop()); gc.collect(); await asyncio.sleep(0.01) ...
     *     trace.append("main returns")
     * -> ['tick 0', 'ticker finally', 'ticker finally after await', 'main returns']
     */
    @Test
    void anUnfinishedGeneratorCollectedWhileTheLoopRunsIsClosedOnTheLoop() {
        TRACE.clear();
        Asyncio.run(abandonThenCollect());
        assertEquals(List.of("tick 0", "ticker finally", "ticker finally after await", "main returns"), TRACE);
    }

    @Test
    void aGeneratorIsNotAnAwaitable() {
        AsyncGenerator<Integer, Void> g = counter(1);
        assertFalse(g instanceof Awaitable, "await(g) does not compile, and a cast fails");
        assertNull(g.current());
    }

    // ---- Asyncio.aclosing: contextlib.aclosing

    @Async
    static Coroutine<Integer> firstOver(AsyncGenerator<Integer, Void> g, int n) {
        while (await(g.advance())) {
            if (g.current() > n) {
                return done(g.current());
            }
        }
        return done(null);
    }

    @Async
    static AsyncGenerator<Integer, Void> sleepyTwice() {
        try {
            Yield.value(0);
            log("sleepy sleeps");
            await(sleep(10));
            Yield.value(1);
        } finally {
            log("sleepy finally");
        }
        return Yield.end();
    }

    static Coroutine<Void> closingConsumer() {
        return Asyncio.aclosing(sleepyTwice(), g -> twoNexts(g));
    }

    @Async
    static Coroutine<Void> twoNexts(AsyncGenerator<Integer, Void> g) {
        await(g.anext());
        await(g.anext());
        return done();
    }

    @Async
    static Coroutine<Void> failAfterOne(AsyncGenerator<Integer, Void> g) {
        await(g.anext());
        throw new IllegalArgumentException("boom");
    }

    @Async
    static Coroutine<Void> aclosingMain() {
        int r = await(Asyncio.aclosing(ticker(), g -> firstOver(g, 1)));
        log("result " + r);
        try {
            await(Asyncio.aclosing(ticker(), g -> failAfterOne(g)));
        } catch (IllegalArgumentException e) {
            log("caught " + e.getMessage());
        }
        Task<Void> t = createTask(closingConsumer());
        await(sleep(0));
        t.cancel();
        try {
            await(t);
        } catch (CancelledError e) {
            log("consumer cancelled");
        }
        return done();
    }

    /*
     * (ticker as above)
     * async def first_over(g, n):
     *     async for v in g:
     *         if v > n: return v
     * async def sleepy():
     *     try: yield 0; trace.append("sleepy sleeps"); await asyncio.sleep(10); yield 1
     *     finally: trace.append("sleepy finally")
     * async def consumer():
     *     async with contextlib.aclosing(sleepy()) as g: await anext(g); await anext(g)
     * async def main():
     *     async with contextlib.aclosing(ticker()) as g: r = await first_over(g, 1)
     *     trace.append(f"result {r}")
     *     try:
     *         async with contextlib.aclosing(ticker()) as g: await anext(g); raise ValueError("boom")
     *     except ValueError as e: trace.append(f"caught {e}")
     *     t = asyncio.create_task(consumer()); await asyncio.sleep(0); t.cancel()
     *     try: await t
     *     except asyncio.CancelledError: trace.append("consumer cancelled")
     * -> ['tick 0', 'tick 1', 'tick 2', 'ticker finally', 'ticker finally after await', 'result 2',
     *     'tick 0', 'ticker finally', 'ticker finally after await', 'caught boom',
     *     'sleepy sleeps', 'sleepy finally', 'consumer cancelled']
     */
    @Test
    void aclosingClosesTheGeneratorWhenTheBodyReturnsEarlyFailsOrIsCancelled() {
        TRACE.clear();
        Runner runner = Runner.virtualTime();
        try (runner) {
            runner.run(aclosingMain());
        }
        assertEquals(
                List.of(
                        "tick 0",
                        "tick 1",
                        "tick 2",
                        "ticker finally",
                        "ticker finally after await",
                        "result 2",
                        "tick 0",
                        "ticker finally",
                        "ticker finally after await",
                        "caught boom",
                        "sleepy sleeps",
                        "sleepy finally",
                        "consumer cancelled"),
                TRACE);
    }

    @Async
    static AsyncGenerator<Integer, Void> failsToClose() {
        try {
            Yield.value(0);
        } finally {
            throw new IllegalStateException("close failed");
        }
    }

    @Async
    static Coroutine<Integer> bodyReturnsSeven(AsyncGenerator<Integer, Void> g) {
        await(g.anext());
        return done(7);
    }

    @Test
    void aclosingKeepsTheBodysErrorAndAddsTheClosesErrorAsSuppressed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Asyncio.run(Asyncio.aclosing(failsToClose(), g -> failAfterOne(g))));
        assertEquals("boom", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals("close failed", e.getSuppressed()[0].getMessage());
        // With a body that succeeds, the close's error is the result, as in Python.
        IllegalStateException c = assertThrows(
                IllegalStateException.class,
                () -> Asyncio.run(Asyncio.aclosing(failsToClose(), g -> bodyReturnsSeven(g))));
        assertEquals("close failed", c.getMessage());
    }

    @Test
    void aclosingRejectsABodyThatReturnsNullAndStillCloses() {
        AsyncGenerator<Integer, Void> t = ticker();
        NullPointerException e =
                assertThrows(NullPointerException.class, () -> Asyncio.run(Asyncio.aclosing(t, g -> null)));
        assertTrue(e.getMessage().contains("aclosing"), e.getMessage());
        assertTrue(t.isDone(), "closed although the body was never run");
        assertThrows(NullPointerException.class, () -> Asyncio.aclosing(null, g -> null));
    }
}
