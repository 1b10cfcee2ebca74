package io.jasyncio.agent.startup;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

/** A program started with {@code -javaagent}: its main class is the first class the agent rewrites. */
public final class StartupMain {
    private StartupMain() {}

    @Async
    static Coroutine<String> greet() {
        await(sleep(0));
        return done("rewritten at start-up");
    }

    public static void main(String[] args) {
        System.out.println(run(greet()));
    }
}
