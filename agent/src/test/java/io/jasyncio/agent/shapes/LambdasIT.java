package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Shape 13: lambdas that await are coroutines; method references to @Async methods are coroutine functions. */
class LambdasIT {
    private final int base = 100;

    @Async
    static Coroutine<Integer> twice(int n) {
        return done(2 * (int) await(v(n)));
    }

    @Async
    Coroutine<Integer> plusBase(int n) {
        return done(base + (int) await(v(n)));
    }

    /** Runs a coroutine function for each argument, as a TaskGroup body or a server handler would. */
    @Async
    static Coroutine<List<Integer>> mapAll(IntFunction<Coroutine<Integer>> fn, int... args) {
        List<Integer> out = new ArrayList<>();
        for (int a : args) {
            out.add(await(fn.apply(a)));
        }
        return done(out);
    }

    @Async
    static Coroutine<Integer> lambdaCapturingLocalsLiveAcrossAwaits() {
        int a = await(v(3));
        String tag = "t";
        Supplier<Coroutine<Integer>> inner = () -> {
            int b = await(v(4));
            log(tag + b);
            return done(a * 10 + b);
        };
        int first = await(inner.get());
        int second = await(inner.get());
        return done(first + second + a);
    }

    @Async
    Coroutine<List<Integer>> methodReferences() {
        List<Integer> statics = await(mapAll(LambdasIT::twice, 1, 2, 3));
        List<Integer> bound = await(mapAll(this::plusBase, 1, 2));
        List<Integer> all = new ArrayList<>(statics);
        all.addAll(bound);
        return done(all);
    }

    @Async
    static Coroutine<List<Object>> lambdasAsTasks() {
        Function<String, Coroutine<String>> shout = s -> done(await(v(s)).toUpperCase());
        Task<String> a = createTask(shout.apply("a"));
        Task<String> b = createTask(shout.apply("b"));
        return done(await(gather(a, b)));
    }

    @Test
    void aLambdaThatAwaitsIsACoroutineWithItsCapturedValues() {
        Awaited.Outcome o = Awaited.runBoth(LambdasIT::lambdaCapturingLocalsLiveAcrossAwaits);
        assertEquals(34 + 34 + 3, o.value());
        assertEquals(List.of("t4", "t4"), o.trace());
    }

    @Test
    void callingALambdaCoroutineRunsNoneOfItsBody() {
        Supplier<Coroutine<Integer>> lazy = () -> {
            log("ran");
            return done(1);
        };
        Coroutine<Integer> c = lazy.get();
        assertFalse(c.isStarted());
    }

    @Test
    void methodReferencesToStaticAndInstanceAsyncMethods() {
        assertEquals(List.of(2, 4, 6, 101, 102), valueOfBoth(() -> new LambdasIT().methodReferences()));
    }

    @Test
    void lambdaCoroutinesRunAsTasks() {
        assertEquals(List.of("A", "B"), valueOfBoth(LambdasIT::lambdasAsTasks));
    }
}
