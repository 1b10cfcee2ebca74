package io.jasyncio.agent.refused;

import static io.jasyncio.Asyncio.done;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import java.util.function.Function;

/** Refused: a method reference to await itself cannot suspend. Only ever read as bytes. */
public class AwaitMethodReference {
    @Async
    Coroutine<Integer> viaFunction(Future<Integer> f) {
        Function<Future<Integer>, Integer> get = Asyncio::await; // LINE-AWAIT-REF
        return done(get.apply(f));
    }
}
