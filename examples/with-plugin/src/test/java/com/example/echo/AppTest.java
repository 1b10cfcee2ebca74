package com.example.echo;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.TimeoutError;
import io.jasyncio.junit.AsyncioTest;
import io.jasyncio.junit.RealTime;
import io.jasyncio.junit.TestLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

@AsyncioTest
class AppTest {
    @Test
    @RealTime // real sockets: on virtual time the 5 s timeout would fire while the loop waits for I/O
    void everyWordComesBackInUpperCase(TestLoop loop) {
        List<String> answers = loop.run(App.shoutAll(List.of("hello", "async", "world")));
        assertEquals(List.of("ASYNC", "HELLO", "WORLD"), answers);
    }

    @Async
    static Coroutine<String> slowWithin(double seconds) {
        return done(await(timeout(seconds, () -> sleep(60, "too late"))));
    }

    @Test
    void aTimeoutCancelsWhatTakesTooLong(TestLoop loop) {
        assertThrows(TimeoutError.class, () -> loop.run(slowWithin(1)));
        assertEquals(1.0, loop.time()); // virtual time: the test took no real second
    }
}
