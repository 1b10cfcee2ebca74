package wrong;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.AsyncGenerator;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.Generator;
import io.jasyncio.GeneratorCoroutine;
import io.jasyncio.Yield;
import java.util.function.Function;

/** Shapes the agent refuses at class load, reported at compile time instead; one per class. */
public class Refusals {
    static class SynchronizedBlock {
        private final Object lock = new Object();

        @Async
        Coroutine<Void> inASynchronizedBlock() {
            synchronized (lock) {
                await(sleep(1)); // expect: error await-in-synchronized-block
            }
            return done();
        }
    }

    static class SynchronizedMethod {
        @Async
        synchronized Coroutine<Void> synchronizedMethod() {
            await(sleep(1)); // expect: error await-in-synchronized-method
            return done();
        }
    }

    static class YieldHoldingAMonitor {
        static Generator<Integer, Void, Void> yieldsHoldingAMonitor(Object monitor) {
            synchronized (monitor) {
                Yield.value(1); // expect: error await-in-synchronized-block
            }
            return Yield.done();
        }
    }

    static class MethodReference {
        @Async
        Coroutine<Integer> methodReference(Future<Integer> f) {
            Function<Future<Integer>, Integer> get = Asyncio::await; // expect: error await-method-reference
            return done(get.apply(f));
        }
    }

    static class GeneratorAwaits {
        static Generator<Integer, Void, Void> generatorAwaits() {
            Yield.value(1);
            await(sleep(1)); // expect: error await-in-generator
            return Yield.done();
        }
    }

    static class GeneratorYieldsFromACoroutine {
        static Generator<Integer, Void, Void> generatorYieldsFromACoroutine() {
            Yield.from(sleep(1)); // expect: error yield-from-coroutine-in-generator
            return Yield.done();
        }
    }

    static class CoroutineYields {
        @Async
        static Coroutine<Void> coroutineYields() {
            Yield.value(1); // expect: error yield-in-coroutine
            return done();
        }
    }

    static class CoroutineYieldsFromAnAwaitable {
        @Async
        static Coroutine<Void> coroutineYieldsFromAnAwaitable() {
            Yield.from(sleep(1)); // expect: error yield-from-awaitable-in-coroutine
            return done();
        }
    }

    static class OldStyleYieldsAValue {
        @GeneratorCoroutine
        @SuppressWarnings("deprecation")
        static Coroutine<Void> oldStyleYieldsAValue() {
            Yield.from(sleep(1));
            Yield.value(1); // expect: error yield-in-coroutine
            return done();
        }
    }

    static class AsyncGeneratorDelegates {
        static Generator<Integer, Void, Void> inner() {
            Yield.value(1);
            return Yield.done();
        }

        @Async
        static AsyncGenerator<Integer, Void> asyncGeneratorDelegates() {
            Yield.from(inner()); // expect: error yield-from-in-async-generator
            return Yield.end();
        }
    }

    static class AsyncGeneratorReturnsDone {
        @Async
        static AsyncGenerator<Integer, Void> asyncGeneratorReturnsDone() {
            Yield.value(1);
            done(); // expect: error return-value-in-async-generator
            return Yield.end();
        }
    }

    static class AwaitsADoneValue {
        // The agent rewrites this; at run time an Integer is no awaitable, and the await fails.
        @Async
        Coroutine<Integer> awaitsADoneValue() {
            int v = await(done(1)); // expect: error await-of-done
            return done(v);
        }
    }
}
