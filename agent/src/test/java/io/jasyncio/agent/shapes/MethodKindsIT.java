package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Shape 14: coroutines in every kind of method and class: static, instance, private, final,
 * generic, varargs; interfaces (static and default), enums, records, inner, anonymous, local and
 * generic classes; overriding @Async methods called through a supertype.
 */
class MethodKindsIT {

    interface Greeter {
        @Async
        static Coroutine<String> hello(String who) {
            return done("hello " + await(v(who)));
        }

        @Async
        default Coroutine<String> greet(String who) {
            return done(prefix() + await(hello(who)));
        }

        String prefix();

        @Async
        Coroutine<Integer> size();
    }

    enum Planet implements Greeter {
        EARTH(3),
        MARS(4);

        private final int order;

        Planet(int order) {
            this.order = order;
        }

        @Override
        public String prefix() {
            return name().toLowerCase() + ": ";
        }

        @Async
        @Override
        public Coroutine<Integer> size() {
            return done(order * (int) await(v(10)));
        }
    }

    record Point(int x, int y) {
        @Async
        Coroutine<Integer> manhattan() {
            return done(Math.abs(x) + Math.abs((int) await(v(y))));
        }
    }

    static class Base {
        @Async
        Coroutine<String> who() {
            return done("base" + await(v("")));
        }
    }

    static final class Derived extends Base {
        @Async
        @Override
        Coroutine<String> who() {
            String up = await(super.who());
            return done("derived<" + up + ">");
        }
    }

    static final class Holder<T> {
        private final T value;

        Holder(T value) {
            this.value = value;
        }

        @Async
        Coroutine<List<T>> twice() {
            T a = await(v(value));
            return done(List.of(a, value));
        }
    }

    final class Inner {
        @Async
        Coroutine<Integer> outerField() {
            return done(await(v(outer)) + 1);
        }
    }

    private final int outer = 41;

    @Async
    private static <T extends Comparable<T>> Coroutine<T> max(T a, T b) {
        T x = await(v(a));
        T y = await(v(b));
        return done(x.compareTo(y) >= 0 ? x : y);
    }

    @Async
    static Coroutine<Integer> sum(int... xs) {
        int s = 0;
        for (int x : xs) {
            s += (int) await(v(x));
        }
        return done(s);
    }

    @Async
    final Coroutine<Integer> finalInstance() {
        return done(await(new Inner().outerField()));
    }

    @Async
    static Coroutine<String> anonymousAndLocal() {
        Supplier<Coroutine<String>> anon = new Supplier<>() {
            @Async
            @Override
            public Coroutine<String> get() {
                return done("anon" + await(v("!")));
            }
        };
        class Local {
            @Async
            Coroutine<String> run() {
                return done("local" + await(anon.get()));
            }
        }
        return done(await(new Local().run()));
    }

    @Test
    void interfaceStaticAndDefaultMethods() {
        assertEquals("mars: hello you", valueOfBoth(() -> Planet.MARS.greet("you")));
    }

    @Test
    void enumOverridingAnInterfaceCoroutineCalledThroughTheInterface() {
        Greeter g = Planet.EARTH;
        assertEquals(30, valueOfBoth(g::size));
    }

    @Test
    void recordMethods() {
        assertEquals(7, valueOfBoth(() -> new Point(-3, 4).manhattan()));
    }

    @Test
    void overridingCoroutineAwaitsTheSuperImplementation() {
        Base b = new Derived();
        assertEquals("derived<base>", valueOfBoth(b::who));
    }

    @Test
    void genericClassesAndGenericMethods() {
        assertEquals(List.of("x", "x"), valueOfBoth(() -> new Holder<>("x").twice()));
        assertEquals("pear", valueOfBoth(() -> max("apple", "pear")));
    }

    @Test
    void varargs() {
        assertEquals(10, valueOfBoth(() -> sum(1, 2, 3, 4)));
    }

    @Test
    void innerClassReachesTheOuterInstanceAcrossAwaits() {
        assertEquals(42, valueOfBoth(() -> new MethodKindsIT().finalInstance()));
    }

    @Test
    void anonymousAndLocalClasses() {
        assertEquals("localanon!", valueOfBoth(MethodKindsIT::anonymousAndLocal));
    }
}
