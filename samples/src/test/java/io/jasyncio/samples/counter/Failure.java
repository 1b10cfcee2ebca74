package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Async;
import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;

/** Awaiting something that should fail, inside a coroutine, where assertThrows cannot reach. */
final class Failure {
    private Failure() {}

    /**
     * Awaits {@code aw} and returns what it threw.
     *
     * @throws AssertionError (from the coroutine) if it completed instead, naming its result
     */
    @Async
    static Coroutine<Throwable> of(Awaitable<?> aw) {
        Object result;
        try {
            result = await(aw);
        } catch (Throwable t) {
            return done(t);
        }
        throw new AssertionError("expected a failure, got the result " + result);
    }
}
