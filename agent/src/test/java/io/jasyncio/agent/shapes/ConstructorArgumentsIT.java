package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 12: an object under construction on the stack at the await, {@code new Foo(await(x))}. */
class ConstructorArgumentsIT {

    record Pair(Object left, Object right) {}

    static final class Box {
        final long value;

        Box(long value) {
            log("Box(" + value + ")");
            this.value = value;
        }

        @Override
        public String toString() {
            return "Box(" + value + ")";
        }
    }

    /** Logs its class initialisation, to check the rewrite keeps initialisation order. */
    static final class Tracked {
        static {
            log("Tracked.<clinit>");
        }

        final int n;

        Tracked(int n) {
            this.n = n;
        }
    }

    @Async
    static Coroutine<Pair> oneArgument() {
        return done(new Pair(await(v("a")), "b"));
    }

    @Async
    static Coroutine<Pair> nested() {
        String a = "x";
        return done(new Pair(a, new Pair(await(v(1)), new Box(await(v(2L))))));
    }

    @Async
    static Coroutine<Long> wideArgumentsBesideTheAwait() {
        double d = 0.5;
        Box b = new Box((long) (d * 4) + (long) await(v(40L)));
        return done(b.value);
    }

    @Async
    static Coroutine<Integer> conditionalAwaitInsideArguments(boolean wait) {
        Box b = new Box(wait ? (long) await(v(7L)) : 3L);
        return done((int) b.value);
    }

    @Async
    static Coroutine<Integer> classInitialisationStaysBeforeTheArguments() {
        log("before");
        Tracked t = new Tracked(argument(await(v(5))));
        return done(t.n);
    }

    static int argument(int n) {
        log("argument " + n);
        return n;
    }

    @Test
    void awaitAsAConstructorArgument() {
        assertEquals(new Pair("a", "b"), valueOfBoth(ConstructorArgumentsIT::oneArgument));
    }

    @Test
    void nestedConstructorsWithAwaitsAtTwoLevels() {
        Awaited.Outcome o = Awaited.runBoth(ConstructorArgumentsIT::nested);
        Pair p = (Pair) o.value();
        assertEquals("x", p.left());
        Pair inner = (Pair) p.right();
        assertEquals(1, inner.left());
        assertEquals(2L, ((Box) inner.right()).value);
        assertEquals(List.of("Box(2)"), o.trace());
    }

    @Test
    void longAndDoubleValuesAroundTheConstruction() {
        assertEquals(42L, valueOfBoth(ConstructorArgumentsIT::wideArgumentsBesideTheAwait));
    }

    @Test
    void anAwaitOnOnlyOneBranchOfTheArguments() {
        assertEquals(7, valueOfBoth(() -> conditionalAwaitInsideArguments(true)));
        Awaited.Outcome o = Awaited.runBoth(() -> conditionalAwaitInsideArguments(false));
        assertEquals(3, o.value());
        assertEquals(List.of("Box(3)"), o.trace());
    }

    @Test
    void theClassIsInitialisedWhereNewStoodNotAfterTheArguments() {
        // Tracked is initialised once per JVM, so only this one run can see it; no other test uses it.
        Awaited.Outcome o = Awaited.runOnce(ConstructorArgumentsIT::classInitialisationStaysBeforeTheArguments, true);
        assertEquals(5, o.value());
        assertEquals(List.of("before", "Tracked.<clinit>", "argument 5"), o.trace());
    }
}
