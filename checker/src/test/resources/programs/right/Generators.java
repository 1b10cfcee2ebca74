package right;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.AsyncGenerator;
import io.jasyncio.Coroutine;
import io.jasyncio.Generator;
import io.jasyncio.GeneratorCoroutine;
import io.jasyncio.Yield;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Plain generators, async generators, generator-based coroutines and generator lambdas, written right. */
public class Generators {
    static Generator<String, String, Integer> echo() {
        int n = 0;
        String got = Yield.value("ready");
        while (got != null) {
            n++;
            got = Yield.value("echo " + got);
        }
        return Yield.result(n);
    }

    static Generator<Integer, Void, Void> upTo(int n) {
        for (int i = 0; i < n; i++) {
            Yield.value(i);
        }
        return Yield.done();
    }

    static Generator<Integer, Void, Integer> delegates() {
        int echoed = Yield.from(upTo(3)) == null ? 0 : 1;
        return Yield.result(echoed);
    }

    static Supplier<Generator<Integer, Void, Void>> generatorLambda() {
        return () -> {
            Yield.value(1);
            return Yield.done();
        };
    }

    @Async
    static AsyncGenerator<Integer, Void> ticker(int n) {
        for (int i = 0; i < n; i++) {
            await(sleep(0));
            Yield.value(i);
        }
        return Yield.end();
    }

    @Async
    static Coroutine<List<Integer>> consume() {
        List<Integer> out = new ArrayList<>();
        AsyncGenerator<Integer, Void> it = ticker(3);
        while (await(it.advance())) {
            out.add(it.current());
        }
        await(ticker(2).forEach(i -> {
            out.add(i);
            return sleep(0);
        }));
        out.addAll(await(ticker(2).toList()));
        for (int v : upTo(2)) {
            out.add(v);
        }
        return done(out);
    }

    @GeneratorCoroutine
    @SuppressWarnings("deprecation")
    static Coroutine<String> oldStyle() {
        String s = Yield.from(stuff());
        int n = await(sleep(0, 1));
        return done(s + n);
    }

    @Async
    static Coroutine<String> stuff() {
        return done("stuff");
    }
}
