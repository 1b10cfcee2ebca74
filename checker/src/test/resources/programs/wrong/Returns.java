package wrong;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.AsyncGenerator;
import io.jasyncio.Coroutine;
import io.jasyncio.Generator;
import io.jasyncio.Task;
import io.jasyncio.Yield;
import java.util.function.Supplier;

/** Return types and returns the agent refuses; one per class, as the agent stops at a class's first. */
public class Returns {
    @Async
    static Coroutine<Integer> fetch() {
        return done(1);
    }

    static class ReturnsNull {
        @Async
        static Coroutine<Void> returnsNull() {
            await(sleep(0));
            return null; // expect: error return-not-done
        }
    }

    static class ReturnsAnotherCoroutine {
        @Async
        static Coroutine<Void> returnsAnotherCoroutine() {
            return sleep(1); // expect: error return-not-done
        }
    }

    static class OneBranchIsNotDone {
        @Async
        static Coroutine<Integer> oneBranchIsNotDone(boolean b) {
            return b ? done(1) : fetch(); // expect: error return-not-done
        }
    }

    static class LocalHoldsAnotherCoroutine {
        @Async
        static Coroutine<Integer> localHoldsAnotherCoroutine(boolean b) {
            Coroutine<Integer> r = done(1);
            if (b) {
                r = fetch();
            }
            // The agent accepts this: its verifier merges r's two values into the first one seen, a done value,
            // and the coroutine returns fetch()'s coroutine object as its result.
            return r; // expect: error return-not-done // agent-accepts
        }
    }

    static class LambdaReturnsAnotherCoroutine {
        static Supplier<Coroutine<Integer>> lambda() {
            return () -> {
                await(sleep(0));
                return fetch(); // expect: error return-not-done
            };
        }
    }

    static class ReturnsInt {
        @Async
        static int returnsInt() { // expect: error wrong-return-type | int
            await(sleep(0));
            throw new UnsupportedOperationException();
        }
    }

    static class ReturnsATask {
        @Async
        static Task<Integer> returnsATask() { // expect: error wrong-return-type | io.jasyncio.Task
            throw new UnsupportedOperationException();
        }
    }

    static class GeneratorReturnsNull {
        static Generator<Integer, Void, Void> generatorReturnsNull() {
            Yield.value(1);
            return null; // expect: error generator-return-not-result
        }
    }

    static class AsyncGeneratorReturnsNull {
        @Async
        static AsyncGenerator<Integer, Void> asyncGeneratorReturnsNull() {
            Yield.value(1);
            return null; // expect: error async-generator-return-not-end
        }
    }

    static class AsyncGeneratorReturnsAValue {
        @Async
        @SuppressWarnings({"unchecked", "rawtypes"})
        static AsyncGenerator<Integer, Void> asyncGeneratorReturnsAValue() {
            Yield.value(1);
            return (AsyncGenerator) (Object) Yield.result(5); // expect: error return-value-in-async-generator
        }
    }

    static class AsyncGeneratorWithoutAsync {
        static AsyncGenerator<Integer, Void> asyncGeneratorWithoutAsync() { // expect: error async-generator-not-async
            Yield.value(1);
            return Yield.end();
        }
    }
}
