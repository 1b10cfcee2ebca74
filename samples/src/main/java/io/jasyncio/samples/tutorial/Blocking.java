package io.jasyncio.samples.tutorial;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;

/**
 * A coroutine that blocks the loop's one thread (a blocking call where an {@code await} belongs):
 * every other coroutine stalls, and debug mode names the task whose step took too long.
 *
 * <pre>
 * async def ticker():
 *     for _ in range(3):
 *         print(f"tick at {loop.time() - start:.1f} s")
 *         await asyncio.sleep(0.1)
 *
 * async def blocker():
 *     await asyncio.sleep(0.05)
 *     time.sleep(0.5)                  # blocks the loop: should be await asyncio.sleep(0.5)
 *
 * async def main():
 *     loop = asyncio.get_running_loop()
 *     loop.slow_callback_duration = 0.3
 *     loop.set_debug(True)             # Executing &lt;Task ...&gt; took 0.501 seconds
 *     await asyncio.gather(ticker(), blocker())
 * </pre>
 */
public final class Blocking {
    private Blocking() {}

    private static double start;

    @Async
    static Coroutine<Void> ticker() {
        for (int i = 0; i < 3; i++) {
            double elapsed = getRunningLoop().time() - start;
            System.out.println("tick at " + Math.round(elapsed * 10) / 10.0 + " s");
            await(sleep(0.1));
        }
        return done();
    }

    @Async
    static Coroutine<Void> blocker() {
        await(sleep(0.05));
        try {
            Thread.sleep(500); // blocks the loop: should be await(sleep(0.5))
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        // Debug mode, switched on here rather than for the whole run (run(main(), true)) so that
        // the JVM's warm-up, class loading in this first step, is not reported too.
        EventLoop loop = getRunningLoop();
        loop.setSlowCallbackDuration(0.3);
        loop.setDebug(true);
        start = loop.time();
        await(gather(ticker(), blocker()));
        return done();
    }

    /**
     * Runs the ticker beside the blocker, in debug mode.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(main());
    }
}
