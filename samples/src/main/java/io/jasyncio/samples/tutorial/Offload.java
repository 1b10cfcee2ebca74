package io.jasyncio.samples.tutorial;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Event;
import io.jasyncio.Task;

/**
 * CPU-bound work in a coroutine program: computed on the loop's thread it stops every other
 * coroutine until it is done; handed to a thread with {@code toThread}, it runs on another core
 * while the loop goes on.
 *
 * <pre>
 * async def ticker(stop):
 *     ticks = 0
 *     while not stop.is_set():
 *         await asyncio.sleep(0.01)
 *         ticks += 1
 *     return ticks
 *
 * async def compare():
 *     stop = asyncio.Event(); t = asyncio.create_task(ticker(stop)); await asyncio.sleep(0)
 *     primes = count_primes(LIMIT)                                  # on the loop: blocks it
 *     stop.set(); print("on the loop:", primes, "primes,", await t, "ticks meanwhile")
 *     stop = asyncio.Event(); t = asyncio.create_task(ticker(stop)); await asyncio.sleep(0)
 *     primes = await asyncio.to_thread(count_primes, LIMIT)         # on a thread: the loop runs
 *     stop.set(); print("to_thread:", primes, "primes,", await t, "ticks meanwhile")
 * </pre>
 */
public final class Offload {
    private static final int LIMIT = 2_000_000;

    private Offload() {}

    static int countPrimes(int limit) {
        int count = 0;
        for (int n = 2; n < limit; n++) {
            boolean prime = true;
            for (int d = 2; (long) d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }

    /** Counts its turns until {@code stop} is set: how often the loop was free to run it. */
    @Async
    static Coroutine<Integer> ticker(Event stop) {
        int ticks = 0;
        while (!stop.isSet()) {
            await(sleep(0.01));
            ticks++;
        }
        return done(ticks);
    }

    @Async
    static Coroutine<Void> main() {
        Event stop = new Event();
        Task<Integer> ticks = createTask(ticker(stop));
        await(sleep(0)); // let the ticker start
        int primes = countPrimes(LIMIT); // on the loop's thread: the ticker cannot run
        stop.set();
        System.out.println("on the loop: " + primes + " primes, " + await(ticks) + " ticks meanwhile");

        stop = new Event();
        ticks = createTask(ticker(stop));
        await(sleep(0));
        primes = await(toThread(() -> countPrimes(LIMIT))); // on another thread: the loop goes on
        stop.set();
        System.out.println("toThread: " + primes + " primes, " + await(ticks) + " ticks meanwhile");
        return done();
    }

    /**
     * Counts the primes twice, on the loop and on a thread, with a ticker beside.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(main());
    }
}
