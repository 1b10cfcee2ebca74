package io.jasyncio.samples.tutorial;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.taskGroup;
import static io.jasyncio.Asyncio.timeout;
import static io.jasyncio.Asyncio.waitFor;

import io.jasyncio.Async;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;

/**
 * Cancellation, timeouts and task groups, and why {@code CancelledError} is not an {@code
 * Exception}: a {@code catch (Exception e)} written for I/O errors must not swallow the request
 * to stop.
 *
 * <pre>
 * async def worker(name, seconds):
 *     try:
 *         await asyncio.sleep(seconds)
 *         return f"{name} done"
 *     except Exception as e:          # does not catch CancelledError (a BaseException)
 *         return f"{name} swallowed {e!r}"
 *     finally:
 *         print(f"{name}: finally at {loop.time() - start:.0f} s")
 * </pre>
 */
public final class Cancellation {
    private Cancellation() {}

    private static double start;

    private static long elapsed() {
        return Math.round(getRunningLoop().time() - start);
    }

    @Async
    static Coroutine<String> worker(String name, double seconds) {
        try {
            await(sleep(seconds));
            return done(name + " done");
        } catch (Exception e) { // CancelledError is an Error: it passes through
            return done(name + " swallowed " + e);
        } finally {
            System.out.println(name + ": finally at " + elapsed() + " s");
        }
    }

    @Async
    static Coroutine<String> failing(String name, double seconds) {
        await(sleep(seconds));
        throw new IllegalArgumentException(name + " failed");
    }

    @Async
    static Coroutine<Void> main() {
        start = getRunningLoop().time();

        // 1. Cancel a task: CancelledError is thrown into it at its await.
        Task<String> slow = createTask(worker("slow", 10));
        await(sleep(1));
        slow.cancel("enough");
        try {
            await(slow);
        } catch (CancelledError e) {
            System.out.println("cancelled: " + e.getMessage() + ", cancelled() = " + slow.cancelled());
        }

        // 2. A timeout cancels what takes too long and raises TimeoutError in its place.
        try {
            await(timeout(1, () -> worker("in timeout", 10)));
        } catch (TimeoutError e) {
            System.out.println("timeout: " + e.getClass().getSimpleName() + " at " + elapsed() + " s");
        }
        System.out.println("waitFor: " + await(waitFor(worker("quick", 1), 5)));

        // 3. A task group: the first failure cancels the others, all failures come back together.
        try {
            await(taskGroup(tg -> {
                tg.createTask(worker("sibling", 10));
                tg.createTask(failing("first", 1));
                tg.createTask(failing("second", 1));
                return done();
            }));
        } catch (ExceptionGroup group) {
            System.out.println("task group: " + group.getMessage());
            for (Throwable e : group.exceptions()) {
                System.out.println("  " + e);
            }
        }
        System.out.println("CancelledError is an Exception: " + Exception.class.isAssignableFrom(CancelledError.class));
        return done();
    }

    /**
     * Runs the three scenes.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(main());
    }
}
