package io.jasyncio.agent.refused;

import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

/** Refused: an @Async method must return done(...), not another coroutine. Only ever read as bytes. */
public class ReturnsOtherCoroutine {
    @Async
    Coroutine<Void> delegates() {
        return sleep(1); // LINE-RETURN
    }
}
