package io.jasyncio.agent.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import io.jasyncio.Generator;
import io.jasyncio.GeneratorExit;
import io.jasyncio.StopIteration;
import io.jasyncio.Yield;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Plain generators and {@code Yield.from} (PEP 380), rewritten by the agent onto the coroutine
 * engine. Every expectation comes from the Python program in each test's comment, run with
 * python3 3.11 (close()'s return value is 3.13's, from its documentation).
 */
class GeneratorsIT {
    private static final List<String> TRACE = new ArrayList<>();

    static Generator<Integer, Void, String> countdown(int n) {
        TRACE.add("start");
        while (n > 0) {
            Yield.value(n);
            n--;
        }
        return Yield.result("liftoff");
    }

    /*
     * def countdown(n):
     *     trace.append("start")
     *     while n > 0: yield n; n -= 1
     *     return "liftoff"
     * g = countdown(3)          -> trace == [] (lazy)
     * next() x3 -> 3, 2, 1; then StopIteration.value == "liftoff"; trace == ["start"]
     */
    @Test
    void aGeneratorIsLazyYieldsInOrderAndDeliversItsReturnValue() {
        TRACE.clear();
        Generator<Integer, Void, String> g = countdown(3);
        assertEquals(List.of(), TRACE, "no body code runs before the first next()");
        assertEquals(3, g.next());
        assertEquals(2, g.next());
        assertEquals(1, g.next());
        StopIteration end = assertThrows(StopIteration.class, g::next);
        assertEquals("liftoff", end.value());
        assertEquals(List.of("start"), TRACE);
    }

    @Test
    void generatorsWorkInForLoopsAndAsStreams() {
        List<Integer> seen = new ArrayList<>();
        for (int i : countdown(4)) {
            seen.add(i);
        }
        assertEquals(List.of(4, 3, 2, 1), seen);
        assertEquals("3,2,1", countdown(3).stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    static Generator<String, String, Integer> echo() {
        int n = 0;
        String got = Yield.value("ready");
        while (got != null) {
            n++;
            got = Yield.value("echo " + got);
        }
        return Yield.result(n);
    }

    /*
     * def echo():
     *     n = 0; got = yield "ready"
     *     while got is not None: n += 1; got = yield "echo " + got
     *     return n
     * echo().send("x")  -> TypeError: can't send non-None value to a just-started generator
     * g = echo(); next(g), g.send("a"), g.send("b") -> 'ready', 'echo a', 'echo b'
     * g.send(None) -> StopIteration(2)
     */
    @Test
    void sendDeliversValuesToThePendingYieldAndTheFirstSendMustCarryNone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> echo().send("x"));
        assertEquals("can't send non-null value to a just-started generator", e.getMessage());
        Generator<String, String, Integer> g = echo();
        assertEquals("ready", g.next());
        assertEquals("echo a", g.send("a"));
        assertEquals("echo b", g.send("b"));
        assertEquals(2, assertThrows(StopIteration.class, () -> g.send(null)).value());
    }

    static Generator<String, Void, Void> catcher() {
        try {
            Yield.value("1");
        } catch (IllegalArgumentException e) {
            Yield.value("caught " + e.getMessage());
        }
        Yield.value("3");
        return Yield.done();
    }

    /*
     * def catcher():
     *     try: yield 1
     *     except ValueError as e: yield "caught " + str(e)
     *     yield 3
     * g = catcher(); next(g); g.throw(ValueError("bad")), next(g) -> 'caught bad', 3
     */
    @Test
    void throwIntoRaisesAtThePendingYieldWhereTheGeneratorCanCatchIt() {
        Generator<String, Void, Void> g = catcher();
        g.next();
        assertEquals("caught bad", g.throwInto(new IllegalArgumentException("bad")));
        assertEquals("3", g.next());
        IllegalStateException uncaught = new IllegalStateException("not caught");
        assertSame(uncaught, assertThrows(IllegalStateException.class, () -> g.throwInto(uncaught)));
    }

    static Generator<Integer, Void, String> closing(boolean returnOnExit) {
        try {
            Yield.value(1);
            Yield.value(2);
        } catch (GeneratorExit exit) {
            if (returnOnExit) {
                return Yield.result("returned on exit");
            }
            throw exit;
        } finally {
            TRACE.add("finally");
        }
        return Yield.result("end");
    }

    /*
     * def closing():
     *     try: yield 1; yield 2
     *     finally: trace.append("finally")
     * g = closing(); next(g); g.close() -> None, trace == ['finally']
     * (3.13: close() returns the value a generator returns on GeneratorExit)
     */
    @Test
    void closeRaisesGeneratorExitSoFinallyBlocksRun() {
        TRACE.clear();
        Generator<Integer, Void, String> g = closing(false);
        g.next();
        assertNull(g.close());
        assertEquals(List.of("finally"), TRACE);
        assertThrows(StopIteration.class, g::next, "a closed generator is exhausted");
        assertNull(g.close(), "closing twice does nothing");

        Generator<Integer, Void, String> r = closing(true);
        r.next();
        assertEquals("returned on exit", r.close());
    }

    @Test
    void closingAGeneratorThatNeverStartedRunsNoneOfIt() {
        TRACE.clear();
        Generator<Integer, Void, String> g = closing(false);
        assertNull(g.close());
        assertEquals(List.of(), TRACE);
        assertThrows(StopIteration.class, g::next);
    }

    static Generator<Integer, Void, Void> stubborn() {
        while (true) {
            try {
                Yield.value(1);
            } catch (GeneratorExit ignored) {
                TRACE.add("ignored exit");
            }
        }
    }

    /* def stubborn(): while True: try: yield 1 except GeneratorExit: pass
     * g.close() -> RuntimeError: generator ignored GeneratorExit */
    @Test
    void aGeneratorThatYieldsWhileClosingIsAnError() {
        Generator<Integer, Void, Void> g = stubborn();
        g.next();
        assertEquals(
                "generator ignored GeneratorExit",
                assertThrows(IllegalStateException.class, g::close).getMessage());
    }

    static Generator<Integer, Void, Void> raisesStop() {
        Yield.value(1);
        throw new StopIteration("oops");
    }

    /* def raises_stop(): yield 1; raise StopIteration("oops")
     * next(g) twice -> RuntimeError: generator raised StopIteration (PEP 479) */
    @Test
    void aStopIterationEscapingTheBodyBecomesAnErrorAsPep479Says() {
        Generator<Integer, Void, Void> g = raisesStop();
        g.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
        assertEquals("generator raised StopIteration", e.getMessage());
        assertTrue(e.getCause() instanceof StopIteration);
    }

    static Generator<String, String, String> inner() {
        try {
            String x = Yield.value("i1");
            TRACE.add("inner got " + x);
            String y = Yield.value("i2");
            return Yield.result("inner result " + y);
        } finally {
            TRACE.add("inner finally");
        }
    }

    static Generator<String, String, Void> outer() {
        try {
            String r = Yield.from(inner());
            TRACE.add(r);
            Yield.value("o1");
        } finally {
            TRACE.add("outer finally");
        }
        return Yield.done();
    }

    /*
     * def inner(): try: x = yield "i1"; trace.append("inner got " + x); y = yield "i2"
     *                   return "inner result " + y
     *              finally: trace.append("inner finally")
     * def outer(): try: r = yield from inner(); trace.append(r); yield "o1"
     *              finally: trace.append("outer finally")
     * g = outer(); next(g), g.send("A"), g.send("B") -> 'i1', 'i2', 'o1'
     * trace == ['inner got A', 'inner finally', 'inner result B']
     * g = outer(); next(g); g.close() -> trace == ['inner finally', 'outer finally']
     */
    @Test
    void yieldFromPassesSendsThroughAndReturnsTheInnerResult() {
        TRACE.clear();
        Generator<String, String, Void> g = outer();
        assertEquals("i1", g.next());
        assertEquals("i2", g.send("A"));
        assertEquals("o1", g.send("B"));
        assertEquals(List.of("inner got A", "inner finally", "inner result B"), TRACE);
    }

    @Test
    void closingTheDelegatingGeneratorClosesTheInnerOneFirst() {
        TRACE.clear();
        Generator<String, String, Void> g = outer();
        g.next();
        g.close();
        assertEquals(List.of("inner finally", "outer finally"), TRACE);
    }

    static Generator<String, Void, Void> innerCatch() {
        try {
            Yield.value("c1");
        } catch (IllegalArgumentException e) {
            Yield.value("inner caught");
        }
        return Yield.done();
    }

    static Generator<String, Void, Void> outerOfCatch() {
        Yield.from(innerCatch());
        Yield.value("after");
        return Yield.done();
    }

    /* def outer2(): v = yield from inner_catch(); yield "after"
     * g = outer2(); next(g); g.throw(KeyError("k")), next(g) -> 'inner caught', 'after' */
    @Test
    void anExceptionThrownIntoTheDelegatorReachesTheInnerGenerator() {
        Generator<String, Void, Void> g = outerOfCatch();
        g.next();
        assertEquals("inner caught", g.throwInto(new IllegalArgumentException("k")));
        assertEquals("after", g.next());
    }

    @Test
    void aGeneratorCannotBeAwaitedByACoroutine() {
        Awaited.Outcome o = Awaited.runOnce(GeneratorsIT::awaitsAGenerator, false);
        assertTrue(o.error() instanceof IllegalArgumentException, String.valueOf(o.error()));
        // asyncio's TypeError text, exactly; the stack trace names where the await is.
        assertEquals(
                "object generator can't be used in 'await' expression",
                o.error().getMessage());
        assertTrue(
                java.util.Arrays.stream(o.error().getStackTrace())
                        .anyMatch(e -> e.getMethodName().equals("awaitsAGenerator")),
                java.util.Arrays.toString(o.error().getStackTrace()));
    }

    @Async
    @SuppressWarnings("unchecked")
    static Coroutine<Object> awaitsAGenerator() {
        Object g = countdown(1);
        return Asyncio.done(Asyncio.await((Awaitable<Object>) g));
    }
}
