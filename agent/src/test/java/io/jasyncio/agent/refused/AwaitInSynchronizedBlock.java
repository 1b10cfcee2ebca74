package io.jasyncio.agent.refused;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

/** Shape 16, refused: a monitor cannot be held across a suspension. Only ever read as bytes. */
public class AwaitInSynchronizedBlock {
    private final Object lock = new Object();

    @Async
    Coroutine<Void> holdsLock() {
        synchronized (lock) {
            await(sleep(1)); // LINE-SYNC-BLOCK
        }
        return done();
    }
}
