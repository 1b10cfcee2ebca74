package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

/**
 * An await of a library's own awaitable type ({@link Awaitable#awaitTarget()}, Python's
 * {@code __await__}) in rewritten code: the agent emits the same {@code Intrinsics.await} as for
 * a coroutine, and the runtime asks the object what to await. Python:
 * <pre>
 * class Later:
 *     def __init__(self, v): self.v = v
 *     def __await__(self): return later(self.v).__await__()   # later: a future, ready or not
 * class Greeting:
 *     def __await__(self): return greet('x').__await__()
 * async def greet(n): return 'hello ' + await later(n)
 * async def uses():
 *     a = await Later('a'); b = await Greeting(); c = await Greeting()
 *     return a + ' ' + b + ' ' + c                            # a hello x hello x
 * </pre>
 */
class UserAwaitablesIT {

    /** Awaits a future made on each await. */
    record Later<T>(T value) implements Awaitable<T> {
        @Override
        public Awaitable<T> awaitTarget() {
            return v(value);
        }
    }

    /** Awaits a new coroutine on each await. */
    static final class Greeting implements Awaitable<String> {
        @Override
        public Awaitable<String> awaitTarget() {
            return greet("x");
        }
    }

    @Async
    static Coroutine<String> greet(String n) {
        return done("hello " + await(v(n)));
    }

    @Async
    static Coroutine<String> uses() {
        Greeting g = new Greeting();
        String a = await(new Later<>("a"));
        String b = await(g);
        String c = await(g);
        Awaitable<Integer> lambda = () -> v(3);
        return done(a + " " + b + " " + c + " " + await(lambda));
    }

    @Test
    void aLibraryTypeIsAwaitedThroughWhatItNames() {
        assertEquals("a hello x hello x 3", valueOfBoth(UserAwaitablesIT::uses));
    }
}
