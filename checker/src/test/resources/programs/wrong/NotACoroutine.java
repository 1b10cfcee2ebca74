package wrong;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Yield;
import java.util.concurrent.CompletableFuture;

/** Calls the agent rewrites only in coroutines and generators, in methods that are neither. */
public class NotACoroutine {
    @Async
    static Coroutine<Integer> fetch() {
        return done(1);
    }

    static int forgotAsync() {
        return await(fetch()); // expect: error await-outside-coroutine | await() | method forgotAsync
    }

    static String stage(CompletableFuture<String> f) {
        return await(f); // expect: error await-outside-coroutine | await() | method stage
    }

    static Coroutine<Integer> returnsACoroutineButIsNotAsync() {
        return done(2); // expect: error await-outside-coroutine | done() | method returnsACoroutineButIsNotAsync
    }

    static void yields() {
        Yield.value(1); // expect: error yield-outside-generator | Yield.value() | method yields
    }

    public static void main(String[] args) {
        await(sleep(1)); // expect: error await-outside-coroutine | await() | method main
        System.out.println(run(fetch()));
    }
}
