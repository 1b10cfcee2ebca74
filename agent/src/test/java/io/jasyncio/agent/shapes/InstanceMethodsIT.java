package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Instance methods (fields and this across awaits), generic methods and varargs. */
class InstanceMethodsIT {

    private int calls;

    static final class Account {
        private final String owner;
        private long balance;
        private final List<String> history = new ArrayList<>();

        Account(String owner, long balance) {
            this.owner = owner;
            this.balance = balance;
        }

        @Async
        Coroutine<Long> deposit(long amount) {
            long before = balance;
            balance += await(v(amount));
            history.add(owner + "+" + amount);
            return done(balance - before);
        }

        @Async
        private Coroutine<Long> withdraw(long amount) {
            if (await(v(amount)) > balance) {
                throw new IllegalStateException(owner + " has only " + balance);
            }
            this.balance -= amount;
            history.add(owner + "-" + amount);
            return done(amount);
        }

        @Async
        final Coroutine<String> transferTo(Account other, long amount) {
            long taken = await(withdraw(amount));
            await(other.deposit(taken));
            return done(this.owner + "->" + other.owner + " " + balance + "/" + other.balance + " " + history
                    + other.history);
        }

        @Async
        Coroutine<Boolean> isStillMe() {
            Account before = this;
            await(v(0));
            return done(before == this);
        }
    }

    static final class Box<T> {
        private T value;

        Box(T value) {
            this.value = value;
        }

        @Async
        Coroutine<T> swap(T replacement) {
            T old = value;
            value = await(v(replacement));
            return done(old);
        }

        @Async
        Coroutine<String> swapTwice(T a, T b) {
            T first = await(swap(a));
            T second = await(this.swap(b));
            return done(first + "," + second + "," + value);
        }
    }

    abstract static class Greeter {
        @Async
        Coroutine<String> greet(String name) {
            return done("hello " + await(v(name)));
        }
    }

    static final class LoudGreeter extends Greeter {
        @Async
        @Override
        Coroutine<String> greet(String name) {
            return done(await(super.greet(name)).toUpperCase() + await(v("!")));
        }
    }

    @Async
    Coroutine<Integer> bump(int by) {
        calls += await(v(by));
        this.calls *= 2;
        return done(calls);
    }

    @Async
    static <T> Coroutine<T> identity(T x) {
        return done(await(v(x)));
    }

    @Async
    static <T extends Comparable<T>> Coroutine<T> max(List<T> xs) {
        T best = null;
        for (T x : xs) {
            T y = await(identity(x));
            if (best == null || y.compareTo(best) > 0) {
                best = y;
            }
        }
        return done(best);
    }

    @Async
    <K, V> Coroutine<Map<K, V>> zip(List<K> keys, List<V> values) {
        Map<K, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            m.put(await(identity(keys.get(i))), await(v(values.get(i))));
        }
        return done(m);
    }

    @Async
    static Coroutine<Integer> sum(int... xs) {
        int s = 0;
        for (int x : xs) {
            s += await(v(x));
        }
        return done(s + xs.length * 1000);
    }

    @SafeVarargs
    @Async
    static <T> Coroutine<String> join(String sep, T... parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append(i == 0 ? "" : await(v(sep))).append(parts[i]);
        }
        return done(sb.toString());
    }

    @Test
    void instanceMethodUpdatesFieldsAcrossAnAwait() {
        Account[] made = new Account[1];
        assertEquals(25L, valueOfBoth(() -> (made[0] = new Account("ann", 100)).deposit(25)));
        assertEquals(125L, made[0].balance);
        assertEquals(List.of("ann+25"), made[0].history);
    }

    @Test
    void instanceMethodsCallEachOtherThroughThisAndAnotherObject() {
        assertEquals(
                "ann->bob 70/35 [ann-30][bob+30]",
                valueOfBoth(() -> new Account("ann", 100).transferTo(new Account("bob", 5), 30)));
    }

    @Test
    void exceptionFromAPrivateInstanceMethodMentionsItsFields() {
        Awaited.Outcome o = runBoth(() -> new Account("ann", 10).transferTo(new Account("bob", 0), 30));
        assertInstanceOf(IllegalStateException.class, o.error());
        assertEquals("ann has only 10", o.error().getMessage());
    }

    @Test
    void thisIsTheSameObjectAfterResuming() {
        assertEquals(true, valueOfBoth(() -> new Account("x", 0).isStillMe()));
    }

    @Test
    void instanceMethodOfTheTestItself() {
        assertEquals(14, valueOfBoth(() -> {
            calls = 0;
            return bump(7);
        }));
        assertEquals(14, calls);
    }

    @Test
    void instanceMethodsOfAGenericClass() {
        Box<String> box = new Box<>("a");
        Awaited.Outcome o = runBoth(() -> {
            box.value = "a";
            return box.swapTwice("b", "c");
        });
        assertEquals("a,b,c", o.value());
        assertEquals("c", box.value);
    }

    @Test
    void overridingMethodCalledThroughItsSupertype() {
        Greeter g = new LoudGreeter();
        assertEquals("HELLO ANN!", valueOfBoth(() -> g.greet("ann")));
    }

    @Test
    void genericStaticMethods() {
        Object token = new Object();
        assertSame(token, valueOfBoth(() -> identity(token)));
        assertEquals("pear", valueOfBoth(() -> max(List.of("apple", "pear", "fig"))));
        assertEquals(42, valueOfBoth(() -> max(List.of(3, 42, -7))));
    }

    @Test
    void genericInstanceMethod() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("one", 1);
        expected.put("two", 2);
        assertEquals(expected, valueOfBoth(() -> zip(List.of("one", "two"), List.of(1, 2))));
    }

    @Test
    void varargsMethods() {
        assertEquals(3006, valueOfBoth(() -> sum(1, 2, 3)));
        assertEquals(0, runBoth(() -> sum()).value());
        assertEquals(2012, valueOfBoth(() -> sum(new int[] {5, 7})));
        assertEquals("a-1-true", valueOfBoth(() -> join("-", "a", 1, true)));
        assertEquals("solo", runBoth(() -> join("-", "solo")).value());
    }
}
