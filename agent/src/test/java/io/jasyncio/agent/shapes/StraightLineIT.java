package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 1: straight-line code with one, two and many awaits, first and last. */
class StraightLineIT {

    @Async
    static Coroutine<Integer> one() {
        int a = await(v(1));
        return done(a + 1);
    }

    @Async
    static Coroutine<Integer> two() {
        int a = await(v(1));
        int b = await(v(2));
        return done(a * 10 + b);
    }

    @Async
    static Coroutine<String> many() {
        String s = "";
        for (String part : new String[] {"a", "b", "c"}) {
            s += part;
        }
        s += await(v("d"));
        s += await(v("e"));
        s += await(v("f"));
        s += await(v("g"));
        s += await(v("h"));
        s += await(v("i"));
        s += await(v("j"));
        s += await(v("k"));
        return done(s);
    }

    @Async
    static Coroutine<Integer> awaitFirstAndLast() {
        await(v(0));
        log("between");
        return done(await(v(7)));
    }

    @Async
    static Coroutine<Integer> noAwaitAtAll() {
        log("ran");
        return done(5);
    }

    @Async
    static Coroutine<Integer> awaitsOtherCoroutines() {
        return done(await(one()) + await(two()));
    }

    @Test
    void oneAwaitGivesTheAwaitedValue() {
        assertEquals(2, valueOfBoth(StraightLineIT::one));
    }

    @Test
    void twoAwaitsKeepTheirOrder() {
        assertEquals(12, valueOfBoth(StraightLineIT::two));
    }

    @Test
    void manyAwaitsAccumulateIntoOneLocal() {
        assertEquals("abcdefghijk", valueOfBoth(StraightLineIT::many));
    }

    @Test
    void awaitAsFirstAndAsLastStatement() {
        Awaited.Outcome o = Awaited.runBoth(StraightLineIT::awaitFirstAndLast);
        assertEquals(7, o.value());
        assertEquals(List.of("between"), o.trace());
    }

    @Test
    void aCoroutineWithoutAwaitStillRunsOnlyWhenAwaited() {
        Coroutine<Integer> c = noAwaitAtAll();
        assertEquals(false, c.isStarted(), "calling an @Async method must not run its body");
        assertEquals(5, Awaited.runBoth(StraightLineIT::noAwaitAtAll).value());
    }

    @Test
    void awaitingCoroutinesRunsThemInline() {
        assertEquals(14, valueOfBoth(StraightLineIT::awaitsOtherCoroutines));
    }
}
