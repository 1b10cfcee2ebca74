package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.ArrayList;
import java.util.List;

/**
 * The class W7 instruments over and over: a few coroutines of the usual shapes (a loop around an
 * await, an await inside try/catch, several live locals of different kinds, a gather, a plain
 * method beside them). Its bytes are read as a resource and never loaded, so the benchmark sees
 * the class as javac wrote it.
 */
final class W7Fixture {
    private W7Fixture() {}

    @Async
    static Coroutine<Integer> countdown(int n) {
        int total = 0;
        for (int i = n; i > 0; i--) {
            await(sleep(0));
            total += i;
        }
        return done(total);
    }

    @Async
    static Coroutine<String> guarded(String name, long deadline) {
        StringBuilder sb = new StringBuilder(name);
        try {
            int v = await(countdown(3));
            sb.append(v);
        } catch (IllegalStateException e) {
            sb.append("failed: ").append(e.getMessage());
        } finally {
            sb.append(deadline);
        }
        return done(sb.toString());
    }

    @Async
    static Coroutine<List<String>> many(List<String> names, double pause) {
        List<String> out = new ArrayList<>();
        long started = System.nanoTime();
        for (String n : names) {
            out.add(await(guarded(n, started)));
            await(sleep(pause));
        }
        List<Object> both = await(gather(countdown(2), guarded("x", 1L)));
        out.add(String.valueOf(both.size()));
        return done(out);
    }

    @Async
    static Coroutine<Double> mixed(int a, long b, float c, double d, Object e) {
        double x = a + b + c + d;
        String s = String.valueOf(e);
        await(sleep(0));
        int r = await(countdown(a));
        return done(x + r + s.length());
    }

    static int plain(int x) {
        return x * 31 + 7;
    }
}
