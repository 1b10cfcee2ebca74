package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.GeneratorCoroutine;
import io.jasyncio.Yield;

/**
 * The seed's last snippet: the same coroutine written in Python 3.4's style, a generator-based
 * coroutine ({@code @asyncio.coroutine} with {@code yield from}), and in the native style
 * ({@code async def} with {@code await}). The old style still runs, awaited from a native
 * coroutine, and warns once that it is deprecated; javac warns too.
 *
 * <pre>
 *   @asyncio.coroutine                        async def py35_coro():
 *   def py34_coro():                              """Native coroutine, modern syntax"""
 *       """Generator-based coroutine"""           await stuff()
 *       yield from stuff()
 * </pre>
 */
public final class OldStyle {
    private OldStyle() {}

    @Async
    static Coroutine<String> stuff() {
        await(sleep(0.1));
        return done("stuff");
    }

    /** Generator-based coroutine, older syntax. */
    @GeneratorCoroutine
    static Coroutine<String> py34Coro() {
        String s = Yield.from(stuff());
        return done("py34Coro got " + s);
    }

    /** Native coroutine, modern syntax. */
    @Async
    static Coroutine<String> py35Coro() {
        String s = await(stuff());
        return done("py35Coro got " + s);
    }

    @Async
    static Coroutine<Void> main() {
        System.out.println(await(py34Coro()));
        System.out.println(await(py35Coro()));
        return done();
    }

    /**
     * Runs both styles.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(main());
    }
}
