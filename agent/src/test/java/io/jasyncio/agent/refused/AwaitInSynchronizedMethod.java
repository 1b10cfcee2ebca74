package io.jasyncio.agent.refused;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

/** Shape 16, refused: a synchronized coroutine method. Only ever read as bytes. */
public class AwaitInSynchronizedMethod {
    @Async
    synchronized Coroutine<Void> whole() {
        await(sleep(1)); // LINE-SYNC-METHOD
        return done();
    }
}
