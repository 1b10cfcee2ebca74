package com.example;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

public final class Locked {
    private final Object lock = new Object();

    @Async
    public Coroutine<Void> holdsLock() {
        synchronized (lock) {
            await(sleep(1)); // REFUSED
        }
        return done();
    }
}
