package wrong;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.AsyncGenerator;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import java.util.ArrayList;
import java.util.List;

/** Coroutines created and dropped: Python's "coroutine ... was never awaited", at compile time. */
public class Unawaited {
    @Async
    static Coroutine<Integer> fetch() {
        return done(1);
    }

    @Async
    Coroutine<Void> save(String s) {
        return done();
    }

    @Async
    Coroutine<Void> discards(AsyncGenerator<Integer, Void> it) {
        fetch(); // expect: warning unawaited | Unawaited.fetch
        save("x"); // expect: warning unawaited | Unawaited.save
        sleep(1); // expect: warning unawaited | Asyncio.sleep
        it.aclose(); // expect: warning unawaited | AsyncGenerator.aclose
        return done();
    }

    static void fromAPlainMethod(EventLoop loop) {
        fetch(); // expect: warning unawaited | Unawaited.fetch
        loop.callSoon(() -> fetch()); // expect: warning unawaited | Unawaited.fetch
    }

    @Async
    Coroutine<List<Object>> keeps() {
        Coroutine<Integer> kept = fetch();
        List<Coroutine<Integer>> list = new ArrayList<>();
        list.add(fetch());
        createTask(fetch());
        await(save("y"));
        return done(await(gather(kept, list.get(0))));
    }

    @SuppressWarnings("jasyncio:unawaited")
    static void deliberately() {
        fetch();
    }

    interface ThrowingCall {
        void call() throws Throwable;
    }

    static void expectThrow(ThrowingCall c) {}

    static void watchedToThrow() {
        // As in JUnit's assertThrows(X.class, () -> f()): the call is there to throw.
        expectThrow(() -> fetch());
    }
}
