package io.jasyncio.agent.loaders;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.ArrayList;
import java.util.List;

/**
 * Coroutines of a class that the tests define as a hidden class, from its bytes: never loaded
 * by name, so the agent never sees it. Static and instance coroutines, a direct await of a
 * sibling, and static state (each hidden definition has its own).
 */
public class HiddenHost {
    static int calls;
    private final List<String> log = new ArrayList<>();
    private final int base;

    public HiddenHost(int base) {
        this.base = base;
    }

    @Async
    public static Coroutine<Integer> twice(int x) {
        int a = await(sleep(0, x)); // LINE-TWICE
        calls++;
        return done(a * 2 + calls * 1000);
    }

    @Async
    public Coroutine<String> plus(int x) {
        log.add("start " + x);
        int a = await(sleep(0.001, x));
        log.add("resumed " + a);
        int b = await(twice(a));
        return done(base + a + b + " " + log);
    }
}
