package io.jasyncio.agent.refused;

import io.jasyncio.Async;
import io.jasyncio.AsyncGenerator;
import io.jasyncio.Generator;
import io.jasyncio.Yield;

/** Refused, as Python's SyntaxError: 'yield from' inside async function. Only ever read as bytes. */
public class YieldFromInAsyncGenerator {
    static Generator<Integer, Void, Void> plain() {
        Yield.value(1);
        return Yield.done();
    }

    @Async
    static AsyncGenerator<Integer, Void> delegates() {
        Yield.from(plain()); // LINE-YIELD-FROM-ASYNC
        return Yield.end();
    }
}
