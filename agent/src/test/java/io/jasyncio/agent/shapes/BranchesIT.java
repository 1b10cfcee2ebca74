package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Shape 3: awaits in if/else arms, switch statements and expressions, ternaries, && and ||. */
class BranchesIT {

    enum Color {
        RED,
        GREEN,
        BLUE
    }

    @Async
    static Coroutine<String> ifElseChain(int n) {
        String r;
        if (n < 0) {
            r = "neg" + await(v(n));
        } else if (n == 0) {
            r = "zero" + await(v(0));
        } else {
            r = "pos" + await(v(n * 2));
        }
        if (n % 2 == 0) {
            r += await(v("/even"));
        }
        return done(r);
    }

    @Async
    @SuppressWarnings("fallthrough")
    static Coroutine<String> switchOnInt(int n) {
        String s = "";
        switch (n) {
            case 1:
                log("one");
                s += await(v("a"));
            // fall through
            case 2:
                s += await(v("b"));
                break;
            case 3:
                s += await(v("c"));
                break;
            case 1_000_000:
                s += await(v("million"));
                break;
            default:
                s += await(v("d" + n));
        }
        return done(s + "!");
    }

    @Async
    static Coroutine<Integer> switchOnString(String key) {
        int r;
        switch (await(v(key))) {
            case "Aa": // same hashCode as "BB"
                r = await(v(1));
                break;
            case "BB":
                r = await(v(2));
                break;
            case "apple":
                r = await(v(3)) + await(v(4));
                break;
            default:
                r = -await(v(key.length()));
        }
        return done(r);
    }

    @Async
    static Coroutine<String> switchOnEnum(Color c) {
        String s;
        switch (c) {
            case RED:
                s = await(v("r"));
                break;
            case GREEN:
                s = await(v("g"));
                break;
            default:
                s = await(v("other:" + c.name()));
        }
        return done(s);
    }

    @Async
    static Coroutine<Integer> switchExpressionOnInt(int n) {
        int r = 100
                + switch (n) {
                    case 1 -> await(v(10));
                    case 2, 3 -> {
                        int t = await(v(20));
                        yield t + n;
                    }
                    default -> -await(v(n));
                };
        return done(r);
    }

    @Async
    static Coroutine<String> switchExpressionOnStringAndEnum(String key, Color c) {
        String a = switch (key) {
            case "x" -> await(v("ex"));
            case "y" -> "why";
            default -> await(v("?" + key));
        };
        String b = switch (c) {
            case RED -> await(v("R"));
            case GREEN -> "G";
            case BLUE -> {
                String t = await(v("B"));
                yield t + t;
            }
        };
        return done(a + "-" + b);
    }

    @Async
    static Coroutine<String> awaitedSelector(int n) {
        return done(
                switch (await(v(n))) {
                    case 0 -> "zero";
                    default -> "n" + await(v(n + 1));
                });
    }

    @Async
    static Coroutine<Integer> switchExpressionWithTryInAnArm(int n) {
        int r = 100
                + switch (n) {
                    case 1 -> {
                        try {
                            yield await(Awaited.<Integer>fail(new IllegalStateException("x")));
                        } catch (IllegalStateException e) {
                            yield await(v(-1));
                        }
                    }
                    default -> await(v(n));
                };
        return done(r);
    }

    @Async
    static Coroutine<String> instanceofPatternAcrossAnAwait(Object o) {
        if (await(v(o)) instanceof String s && !s.isEmpty()) {
            return done("string " + await(v(s.length())) + s);
        } else if (o instanceof Integer i) {
            int twice = await(v(i * 2));
            return done("int " + twice + i);
        }
        return done("other");
    }

    @Async
    static Coroutine<String> ternary(int n) {
        String s = n > 0 ? await(v("p")) : await(v("n"));
        int m = n > 5 ? await(v(n)) : n < -5 ? await(v(-n)) : 0;
        return done(s + m);
    }

    @Async
    static Coroutine<Boolean> probe(String name, boolean result) {
        log(name);
        return done(await(v(result)));
    }

    @Async
    static Coroutine<Boolean> and(boolean a, boolean b) {
        boolean r = await(probe("L", a)) && await(probe("R", b));
        return done(r);
    }

    @Async
    static Coroutine<Boolean> or(boolean a, boolean b) {
        boolean r = await(probe("L", a)) || await(probe("R", b));
        return done(r);
    }

    @Async
    static Coroutine<String> conditionsInIf(boolean a, boolean b, boolean c) {
        if (await(probe("a", a)) && (await(probe("b", b)) || !await(probe("c", c)))) {
            log("then");
            return done("then" + await(v(1)));
        } else {
            log("else");
            return done("else" + await(v(2)));
        }
    }

    @Test
    void awaitInEveryArmOfIfElse() {
        assertEquals("neg-3", valueOfBoth(() -> ifElseChain(-3)));
        assertEquals("zero0/even", valueOfBoth(() -> ifElseChain(0)));
        assertEquals("pos8/even", valueOfBoth(() -> ifElseChain(4)));
        Awaited.Outcome odd = runBoth(() -> ifElseChain(5));
        assertEquals("pos10", odd.value());
        assertEquals(1, odd.suspensions(), "the if without else must skip its await");
    }

    @Test
    void oldSwitchOnIntWithFallThroughAndLookupSwitch() {
        Awaited.Outcome one = runBoth(() -> switchOnInt(1));
        assertEquals("ab!", one.value());
        assertEquals(List.of("one"), one.trace());
        assertEquals(2, one.suspensions());
        assertEquals("b!", valueOfBoth(() -> switchOnInt(2)));
        assertEquals("c!", valueOfBoth(() -> switchOnInt(3)));
        assertEquals("million!", valueOfBoth(() -> switchOnInt(1_000_000)));
        assertEquals("d9!", valueOfBoth(() -> switchOnInt(9)));
    }

    @Test
    void oldSwitchOnAnAwaitedStringIncludingHashCollision() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals(1, valueOfBoth(() -> switchOnString("Aa")));
        assertEquals(2, valueOfBoth(() -> switchOnString("BB")));
        assertEquals(7, valueOfBoth(() -> switchOnString("apple")));
        assertEquals(-4, valueOfBoth(() -> switchOnString("pear")));
    }

    @Test
    void oldSwitchOnEnum() {
        assertEquals("r", valueOfBoth(() -> switchOnEnum(Color.RED)));
        assertEquals("g", valueOfBoth(() -> switchOnEnum(Color.GREEN)));
        assertEquals("other:BLUE", valueOfBoth(() -> switchOnEnum(Color.BLUE)));
    }

    @Test
    void switchExpressionWithValueUnderneathOnTheStack() {
        assertEquals(110, valueOfBoth(() -> switchExpressionOnInt(1)));
        assertEquals(122, valueOfBoth(() -> switchExpressionOnInt(2)));
        assertEquals(123, valueOfBoth(() -> switchExpressionOnInt(3)));
        assertEquals(93, valueOfBoth(() -> switchExpressionOnInt(7)));
    }

    @Test
    void switchExpressionsOnStringAndEnum() {
        assertEquals("ex-R", valueOfBoth(() -> switchExpressionOnStringAndEnum("x", Color.RED)));
        Awaited.Outcome noAwait = runBoth(() -> switchExpressionOnStringAndEnum("y", Color.GREEN));
        assertEquals("why-G", noAwait.value());
        assertEquals(0, noAwait.suspensions());
        assertEquals("?zz-BB", valueOfBoth(() -> switchExpressionOnStringAndEnum("zz", Color.BLUE)));
    }

    @Test
    void switchOnAnAwaitedValue() {
        assertEquals("zero", valueOfBoth(() -> awaitedSelector(0)));
        assertEquals("n6", valueOfBoth(() -> awaitedSelector(5)));
    }

    @Test
    void switchExpressionWithATryInsideAnArm() {
        Awaited.Outcome caught = runBoth(() -> switchExpressionWithTryInAnArm(1));
        assertEquals(99, caught.value());
        assertEquals(2, caught.suspensions());
        assertEquals(105, valueOfBoth(() -> switchExpressionWithTryInAnArm(5)));
    }

    @Test
    void instanceofPatternBindingLiveAcrossAnAwait() {
        assertEquals("string 3abc", valueOfBoth(() -> instanceofPatternAcrossAnAwait("abc")));
        assertEquals("int 84", valueOfBoth(() -> instanceofPatternAcrossAnAwait(4)));
        assertEquals("other", valueOfBoth(() -> instanceofPatternAcrossAnAwait("")));
    }

    @Test
    void ternaryAwaitsOnlyTheChosenArm() {
        Awaited.Outcome p = runBoth(() -> ternary(7));
        assertEquals("p7", p.value());
        assertEquals(2, p.suspensions());
        Awaited.Outcome n = runBoth(() -> ternary(-9));
        assertEquals("n9", n.value());
        assertEquals(2, n.suspensions());
        Awaited.Outcome small = runBoth(() -> ternary(1));
        assertEquals("p0", small.value());
        assertEquals(1, small.suspensions());
    }

    @Test
    void andSkipsTheRightSideWhenTheLeftIsFalse() {
        assertRun(false, List.of("L"), () -> and(false, true));
        assertRun(false, List.of("L", "R"), () -> and(true, false));
        assertRun(true, List.of("L", "R"), () -> and(true, true));
    }

    @Test
    void orSkipsTheRightSideWhenTheLeftIsTrue() {
        assertRun(true, List.of("L"), () -> or(true, false));
        assertRun(true, List.of("L", "R"), () -> or(false, true));
        assertRun(false, List.of("L", "R"), () -> or(false, false));
    }

    @Test
    void shortCircuitsInAnIfCondition() {
        assertRun("else2", List.of("a", "else"), () -> conditionsInIf(false, true, true));
        assertRun("then1", List.of("a", "b", "then"), () -> conditionsInIf(true, true, true));
        assertRun("then1", List.of("a", "b", "c", "then"), () -> conditionsInIf(true, false, false));
        assertRun("else2", List.of("a", "b", "c", "else"), () -> conditionsInIf(true, false, true));
    }

    private static void assertRun(Object value, List<String> trace, Supplier<Coroutine<?>> make) {
        Awaited.Outcome o = runBoth(make);
        assertEquals(value, o.value());
        assertEquals(trace, o.trace());
    }
}
