package io.jasyncio.agent.refused;

import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Generator;
import io.jasyncio.Yield;

/** Refused, as in Python: a plain generator cannot delegate to a coroutine. Only ever read as bytes. */
public class YieldFromCoroutineInGenerator {
    static Generator<Object, Object, Void> plain() {
        Yield.from(sleep(1)); // LINE-YIELD-FROM-CORO
        return Yield.done();
    }
}
