package tutorial;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;

/** A coroutine created and never awaited: the checker reports it while javac compiles. */
public final class Forgotten {
    private Forgotten() {}

    @Async
    static Coroutine<Void> save(String what) {
        await(sleep(0.1));
        System.out.println("saved " + what);
        return done();
    }

    @Async
    static Coroutine<Void> main() {
        save("draft"); // creates the coroutine, runs none of it: it was never awaited
        await(save("final"));
        return done();
    }

    public static void main(String[] args) {
        run(main());
    }
}
