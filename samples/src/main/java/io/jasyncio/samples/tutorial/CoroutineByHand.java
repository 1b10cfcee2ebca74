package io.jasyncio.samples.tutorial;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.StopIteration;

/**
 * A coroutine is a generator specialised for the event loop: driven by hand with {@code send},
 * it runs to its first suspension and hands out what it waits for (here {@code null}: {@code
 * sleep(0)} is a bare yield, which asks the loop for nothing but a turn); the next {@code send}
 * resumes it; its result arrives in a {@link StopIteration}, as a generator's return value does.
 * No event loop is involved.
 *
 * <pre>
 * async def count():
 *     print("One")
 *     await asyncio.sleep(0)
 *     print("Two")
 *     return "counted"
 *
 * c = count()
 * print("send(None) ->", c.send(None))
 * print("suspended at", c.cr_frame.f_lineno)
 * try:
 *     c.send(None)
 * except StopIteration as e:
 *     print("StopIteration, value", e.value)
 * </pre>
 */
public final class CoroutineByHand {
    private CoroutineByHand() {}

    @Async
    static Coroutine<String> count() {
        System.out.println("One");
        await(sleep(0));
        System.out.println("Two");
        return done("counted");
    }

    /**
     * Drives {@code count()} with no event loop at all.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Coroutine<String> c = count();
        System.out.println("created, started: " + c.isStarted());
        Object waitingFor = c.send(null);
        System.out.println("send(null) -> " + waitingFor);
        System.out.println("suspended at " + c.location());
        try {
            c.send(null);
        } catch (StopIteration end) {
            System.out.println("StopIteration, value " + end.value());
        }
        System.out.println("done: " + c.isDone());
    }
}
