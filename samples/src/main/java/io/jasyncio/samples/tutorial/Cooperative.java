package io.jasyncio.samples.tutorial;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

/**
 * Cooperative multitasking on one thread: two coroutines take turns, each handing the thread
 * back to the event loop at every {@code await}.
 *
 * <pre>
 * async def worker(name, steps):
 *     for i in range(1, steps + 1):
 *         print(f"{name} step {i} on {threading.current_thread().name}")
 *         await asyncio.sleep(0)
 * </pre>
 */
public final class Cooperative {
    private Cooperative() {}

    @Async
    static Coroutine<Void> worker(String name, int steps) {
        for (int i = 1; i <= steps; i++) {
            String thread = Thread.currentThread().getName();
            System.out.println(name + " step " + i + " on " + thread);
            await(sleep(0)); // hand the thread back to the loop, which runs the other worker
        }
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        await(gather(worker("A", 3), worker("B", 3)));
        return done();
    }

    /**
     * Runs the two workers.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(main());
    }
}
