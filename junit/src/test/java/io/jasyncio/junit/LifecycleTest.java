package io.jasyncio.junit;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Queue;
import io.jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @BeforeEach} and {@code @AfterEach} run coroutines on the same loop as the test: a
 * server task started before the test keeps running through it and is stopped after it.
 */
@AsyncioTest
class LifecycleTest {
    private TestLoop before;
    private Queue<String> requests;
    private Task<Integer> server;

    @Async
    static Coroutine<Integer> serve(Queue<String> requests) {
        int served = 0;
        while (true) {
            String r = await(requests.get());
            if (r.equals("stop")) {
                return done(served);
            }
            await(sleep(0.5)); // handling takes half a second of loop time
            served++;
        }
    }

    @Async
    Coroutine<Void> startServer() {
        requests = new Queue<>();
        server = createTask(serve(requests), "server");
        await(sleep(1)); // a slow start-up
        return done();
    }

    @BeforeEach
    void setUp(TestLoop loop) {
        before = loop;
        loop.run(startServer());
    }

    @Async
    Coroutine<Integer> stopServer() {
        requests.putNowait("stop");
        return done(await(server));
    }

    @AfterEach
    void tearDown(TestLoop loop) {
        assertSame(before, loop);
        assertEquals(2, loop.run(stopServer()));
    }

    @Test
    void theTestSeesTheLoopAndTheTasksOfBeforeEach(TestLoop loop) {
        assertSame(before, loop);
        assertEquals(1.0, loop.time());
        assertFalse(server.done());

        requests.putNowait("a");
        requests.putNowait("b");
        loop.runUntilIdle();
        assertEquals(1.0, loop.time(), "runUntilIdle does not move the clock");

        loop.advance(1);
        assertEquals(0, requests.qsize());
        assertTrue(loop.isVirtual());
    }
}
