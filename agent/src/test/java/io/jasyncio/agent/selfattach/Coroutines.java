package io.jasyncio.agent.selfattach;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

/** Coroutines of {@link SelfAttachMain}, loaded after the agent attached. */
public final class Coroutines {
    private Coroutines() {}

    @Async
    static Coroutine<String> greet() {
        await(sleep(0));
        return done("attached and rewritten");
    }

    public static void main() {
        System.out.println(run(greet()));
    }
}
