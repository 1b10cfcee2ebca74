package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#getEventLoop()}, {@link Asyncio#setEventLoop} and the loop's slow callback
 * threshold. Expected output from CPython 3.12.1 with warnings as errors (a thread other than
 * the main one behaves alike in 3.11, 3.12 and 3.14):
 * <pre>
 * def in_thread():
 *     try: asyncio.get_event_loop()
 *     except RuntimeError as e: print(e)       # There is no current event loop in thread 'worker'.
 *     loop = asyncio.new_event_loop(); asyncio.set_event_loop(loop)
 *     print(asyncio.get_event_loop() is loop)   # True
 *     async def main(): return asyncio.get_event_loop() is asyncio.get_running_loop()
 *     print(loop.run_until_complete(main()))    # True
 *     asyncio.set_event_loop(None)
 *     try: asyncio.get_event_loop()
 *     except RuntimeError as e: print(e)       # There is no current event loop in thread 'worker'.
 *     loop.close()
 * t = threading.Thread(target=in_thread, name='worker'); t.start(); t.join()
 * loop = asyncio.new_event_loop()
 * print(loop.slow_callback_duration)            # 0.1
 * loop.slow_callback_duration = 0.25
 * print(loop.slow_callback_duration)            # 0.25
 * </pre>
 */
class GetEventLoopTest {

    @Test
    void getEventLoopGivesTheRunningLoopElseTheOneSetElseRefuses() throws InterruptedException {
        List<Object> out = new ArrayList<>();
        Thread t = new Thread(
                () -> {
                    out.add(assertThrows(IllegalStateException.class, Asyncio::getEventLoop)
                            .getMessage());
                    EventLoop loop = Asyncio.newEventLoop();
                    try {
                        Asyncio.setEventLoop(loop);
                        out.add(Asyncio.getEventLoop() == loop);
                        EventLoop other = Asyncio.newEventLoop();
                        try {
                            out.add(other.runUntilComplete(new Scripted<>("main").then(x -> Asyncio.getEventLoop()))
                                    == other);
                        } finally {
                            other.close();
                        }
                        Asyncio.setEventLoop(null);
                        out.add(assertThrows(IllegalStateException.class, Asyncio::getEventLoop)
                                .getMessage());
                    } finally {
                        loop.close();
                    }
                },
                "worker");
        t.start();
        t.join(10_000);
        assertEquals(
                List.of(
                        "There is no current event loop in thread 'worker'.",
                        true,
                        true,
                        "There is no current event loop in thread 'worker'."),
                out);
    }

    @Test
    void theSlowCallbackThresholdReadsAndSetsInSecondsOrAsADuration() {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            assertEquals(0.1, loop.getSlowCallbackDuration());
            assertEquals(Duration.ofMillis(100), loop.slowCallbackDuration());
            loop.setSlowCallbackDuration(0.25);
            assertEquals(Duration.ofMillis(250), loop.slowCallbackDuration());
            loop.setSlowCallbackDuration(Duration.ofMillis(40));
            assertEquals(0.04, loop.getSlowCallbackDuration(), 1e-12);
            assertSame(
                    IllegalArgumentException.class,
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> loop.setSlowCallbackDuration(Duration.ofMillis(-1)))
                            .getClass());
        }
    }
}
