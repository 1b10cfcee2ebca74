package wrong;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.AsyncGenerator;
import io.jasyncio.Coroutine;
import io.jasyncio.Yield;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/** Lambdas the agent leaves alone, because their functional interface does not return a coroutine. */
public class Lambdas {
    @Async
    static Coroutine<Integer> fetch() {
        return done(1);
    }

    @Async
    static Coroutine<Integer> inACoroutine() throws Exception {
        Supplier<Integer> later = () -> await(fetch()); // expect: error await-in-lambda | await() | Supplier | Integer
        Callable<Integer> block = () -> {
            int v = await(fetch()); // expect: error await-in-lambda | await() | Callable | Integer
            return v + 1;
        };
        return done(later.get() + block.call());
    }

    @Async
    static Coroutine<Void> overAnAsyncGenerator(AsyncGenerator<Integer, Void> it) {
        // forEach's body returns an Awaitable, not a Coroutine: the agent does not rewrite it.
        await(it.forEach(v -> {
            await(sleep(v)); // expect: error await-in-lambda | await() | Function | Awaitable
            return null;
        }));
        return done();
    }

    static Runnable yieldsInARunnable() {
        return () -> Yield.value(1); // expect: error yield-in-lambda | Yield.value() | Runnable | void
    }

    /** Its own class: the agent refuses a class at its first refusal, and checks no further. */
    static class AsyncGeneratorLambda {
        static Supplier<AsyncGenerator<Integer, Void>> asyncGeneratorLambda() {
            return () -> { // expect: error async-generator-lambda
                Yield.value(1);
                return Yield.end();
            };
        }
    }

    static Function<Integer, Object> plainDone() {
        return x -> done(x); // expect: error await-in-lambda | done() | Function | Object
    }
}
