package io.jasyncio.junit;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

/** {@link RealTime} opts a test out of virtual time: sleeps take real time again. */
@AsyncioTest
class RealTimeTest {

    @Async
    static Coroutine<Void> nap() {
        await(sleep(0.05));
        return done();
    }

    @Test
    @RealTime
    void aRealTimeTestSleepsForReal(TestLoop loop) {
        long start = System.nanoTime();
        loop.run(nap());
        assertTrue(System.nanoTime() - start >= 50_000_000L);
        assertFalse(loop.isVirtual());
        assertThrows(IllegalStateException.class, () -> loop.advance(1));
    }

    @Test
    void aVirtualTimeTestDoesNot(TestLoop loop) {
        long start = System.nanoTime();
        loop.run(nap());
        assertTrue(loop.isVirtual());
        assertTrue(loop.time() == 0.05, "loop time " + loop.time());
        assertTrue(System.nanoTime() - start < 60_000_000_000L);
    }
}
