package right;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.gatherAll;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.taskGroup;
import static io.jasyncio.Asyncio.timeout;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Lock;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** await in every place the agent rewrites, and returns it accepts: the checker must say nothing. */
public class EveryLegalAwait {
    private final Object lock = new Object();
    private int base = 1;

    @Async
    static Coroutine<Integer> fetch(int n) {
        return done(n);
    }

    @Async
    static <T> Coroutine<T> generic(T value) {
        await(sleep(0));
        return done(value);
    }

    @Async
    Coroutine<Integer> instance() {
        return done(base + await(fetch(1)));
    }

    @Async
    static Coroutine<Void> voidCoroutine() {
        await(sleep(0));
        return done();
    }

    @Async
    static Coroutine<String> stage(CompletableFuture<String> f) {
        return done(await(f));
    }

    @Async
    static Coroutine<Integer> controlFlow(int n) throws Exception {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(fetch(i));
        }
        while (sum > 100) {
            sum -= await(fetch(10));
        }
        try {
            sum += await(fetch(1));
        } catch (IllegalStateException e) {
            sum += await(fetch(2));
        } finally {
            await(sleep(0));
        }
        switch (n) {
            case 1:
                sum += await(fetch(1));
                break;
            default:
                sum += n > 0 ? await(fetch(n)) : await(fetch(-n));
        }
        int picked = switch (n) {
            case 0 -> await(fetch(0));
            default -> {
                int v = await(fetch(n));
                yield v * 2;
            }
        };
        StringBuilder sb = new StringBuilder(await(generic("x")));
        List<Integer> list = new ArrayList<>(List.of(await(fetch(1)), await(fetch(2))));
        Object o = await(generic((Object) "s"));
        if (o instanceof String s && !s.isEmpty()) {
            sum += await(fetch(s.length()));
        }
        return done(sum + picked + sb.length() + list.size());
    }

    @Async
    Coroutine<Integer> lockExpressionIsEvaluatedBeforeTheMonitorIsHeld(Coroutine<Object> lockOf) {
        synchronized (await(lockOf)) {
            base++;
        }
        return done(base);
    }

    @Async
    Coroutine<Integer> lambdasCreatedInsideSynchronizedAreTheirOwnMethods() {
        Supplier<Coroutine<Integer>> later;
        synchronized (lock) {
            later = () -> done(await(fetch(base)));
        }
        return done(await(later.get()));
    }

    @Async
    static Coroutine<Integer> returns(boolean b, int n) {
        if (b) {
            return b && n > 0 ? done(1) : done(2);
        }
        Coroutine<Integer> r = done(3);
        if (n > 5) {
            r = done(4);
        }
        if (n > 10) {
            return r;
        }
        return switch (n) {
            case 1 -> done(5);
            default -> {
                int v = await(fetch(n));
                yield done(v);
            }
        };
    }

    @Async
    static Coroutine<List<Object>> coroutineLambdas() {
        Supplier<Coroutine<Integer>> s = () -> done(await(fetch(1)));
        Function<Integer, Coroutine<Integer>> f = x -> {
            int v = await(fetch(x));
            return done(v + 1);
        };
        IntFunction<Coroutine<Integer>> g = x -> done(x);
        Supplier<Coroutine<Integer>> plain = () -> fetch(2);
        Lock l = new Lock();
        int locked = await(l.withLock(() -> done(await(fetch(3)))));
        int timed = await(timeout(1.0, () -> generic(4)));
        Integer grouped = await(taskGroup(tg -> {
            Task<Integer> t = tg.createTask(fetch(5));
            return done(await(t));
        }));
        List<Coroutine<Integer>> many = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            many.add(fetch(i));
        }
        List<Integer> all = await(gatherAll(many));
        List<Object> out = new ArrayList<>(await(gather(s.get(), f.apply(1), g.apply(2), plain.get())));
        out.add(locked + timed + grouped + all.size());
        out.add(await(mapAll(EveryLegalAwait::fetch, 1, 2)));
        createTask(fetch(9));
        return done(out);
    }

    @Async
    static Coroutine<List<Integer>> mapAll(IntFunction<Coroutine<Integer>> fn, int... args) {
        List<Integer> out = new ArrayList<>();
        for (int a : args) {
            out.add(await(fn.apply(a)));
        }
        return done(out);
    }

    interface Service {
        @Async
        Coroutine<Integer> call(int n);

        @Async
        default Coroutine<Integer> twice(int n) {
            return done(2 * await(call(n)));
        }
    }

    static final class Nested {
        @Async
        Coroutine<Integer> inANestedClass() {
            Service anonymous = new Service() {
                @Async
                @Override
                public Coroutine<Integer> call(int n) {
                    return done(await(fetch(n)));
                }
            };
            return done(await(anonymous.twice(3)));
        }
    }
}
