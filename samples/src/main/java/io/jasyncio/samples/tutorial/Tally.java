package io.jasyncio.samples.tutorial;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

/**
 * A coroutine whose locals outlive its {@code await}: {@code explain} shows which of them the
 * frame saves when it suspends and restores when it resumes.
 *
 * <pre>
 * async def tally(name, n):
 *     total = 0
 *     for i in range(1, n + 1):
 *         await asyncio.sleep(0.1)
 *         total += i
 *     print(name, total)
 *     return total
 *
 * async def main():
 *     print(await asyncio.gather(tally("a", 3), tally("b", 4)))
 * </pre>
 */
public final class Tally {
    private Tally() {}

    @Async
    static Coroutine<Integer> tally(String name, int n) {
        int total = 0;
        for (int i = 1; i <= n; i++) {
            await(sleep(0.1));
            total += i;
        }
        System.out.println(name + " " + total);
        return done(total);
    }

    @Async
    static Coroutine<Void> main() {
        System.out.println(await(gather(tally("a", 3), tally("b", 4))));
        return done();
    }

    /**
     * Runs two tallies side by side.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(main());
    }
}
