package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

/**
 * The seed's first program: three {@code count()} coroutines run concurrently on one thread, so
 * the three one-second sleeps overlap and the whole run takes one second, not three.
 */
public final class Count {
    private Count() {}

    @Async
    static Coroutine<Void> count() {
        System.out.println("One");
        await(sleep(1));
        System.out.println("Two");
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        await(gather(count(), count(), count()));
        return done();
    }

    /**
     * Runs the three counters and prints how long they took.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        long start = System.nanoTime();
        run(main());
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("executed in %.2f seconds.%n", elapsed);
    }
}
