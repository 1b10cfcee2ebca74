package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shape 11: values on the operand stack under an await, and the regressions of other agents. */
class OperandStackIT {

    int tag;

    static final class Holder {
        int i;
        long l;
        double d;
        String s;
        Holder next;
    }

    static final class Counter {
        final int n;

        Counter(int n) {
            this.n = n;
        }

        @Async
        Coroutine<Counter> next() {
            int add = await(v(1));
            return done(new Counter(n + add));
        }

        @Override
        public String toString() {
            return "Counter" + n;
        }
    }

    static String f(int a, String x, long b) {
        return a + "|" + x + "|" + b;
    }

    static String mixed(long a, double b, int c, Object d) {
        return a + "|" + b + "|" + c + "|" + d;
    }

    static String smalls(byte b, char c, short s, boolean z, String x) {
        return b + "|" + (int) c + "|" + s + "|" + z + "|" + x;
    }

    static String next(String name) {
        log(name);
        return name;
    }

    @Async
    static Coroutine<String> logged(String name) {
        log(name);
        return done(await(v(name)));
    }

    @Async
    static Coroutine<String> argumentsAroundAnAwait() {
        int a = 1;
        long b = 3L;
        String first = f(a, await(v("two")), b);
        String second = f(next("a").length(), await(logged("x")), next("bb").length());
        String nullUnderneath = Objects.toString(null, await(v("default")));
        return done(first + " " + second + " " + nullUnderneath);
    }

    @Async
    static Coroutine<Integer> sumPlusAwait() {
        int sum = 10;
        sum = sum + await(v(5));
        sum += await(v(7));
        return done(2 * (100 + (sum * (3 - await(v(1))))));
    }

    @Async
    static Coroutine<String> arrayStores() {
        int[] ints = new int[3];
        long[] longs = {1L, 2L};
        double[] doubles = new double[1];
        String[] strings = new String[2];
        byte[] bytes = new byte[1];
        char[] chars = new char[1];
        boolean[] flags = new boolean[1];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = await(v(i * 7));
        }
        longs[1] = await(v(Long.MIN_VALUE));
        longs[0] += await(v(5L));
        doubles[0] = await(v(-0.5));
        strings[ints[1] / 7] = await(v("s"));
        bytes[0] = await(v((byte) -3));
        chars[0] = await(v('z'));
        flags[0] = await(v(true));
        ints[2] *= await(v(3));
        return done(Arrays.toString(ints)
                + Arrays.toString(longs)
                + Arrays.toString(doubles)
                + Arrays.toString(strings)
                + bytes[0]
                + chars[0]
                + flags[0]);
    }

    @Async
    static Coroutine<String> stringConcatenation(int n) {
        String s = "pre" + n + await(v("mid")) + 'c' + 2.5 + await(v(3L)) + (n > 0) + await(v((Object) null));
        return done(s);
    }

    @Async
    static Coroutine<String> fieldStores() {
        Holder h = new Holder();
        h.next = new Holder();
        h.i = await(v(1));
        h.l = await(v(Long.MAX_VALUE));
        h.s = await(v("s"));
        h.d = 1.25;
        h.d += await(v(0.5));
        h.next.i = await(v(9));
        h.next.l -= await(v(2L));
        return done(h.i + " " + h.l + " " + h.s + " " + h.d + " " + h.next.i + " " + h.next.l);
    }

    @Async
    static Coroutine<Integer> ternaryUnderAValue(boolean cond) {
        return done(10 + (cond ? await(v(1)) : await(v(2))));
    }

    @Async
    static Coroutine<String> wideValuesUnderTheAwait() {
        long big = Long.MAX_VALUE;
        long r = big - await(v(1L));
        double d = 1.5 * await(v(2.0));
        long times = 3_000_000_000L * await(v(2));
        String m = mixed(Long.MIN_VALUE, Double.MAX_VALUE, await(v(3)), await(v("d")));
        byte b = -128;
        char c = '\uffff';
        String small = smalls(b, c, (short) -2, true, await(v("x")));
        return done(r + " " + d + " " + times + " " + m + " " + small);
    }

    @Async
    static Coroutine<String> awaitsNestedInArguments() {
        return done(f(1, mixed(await(v(2L)), await(v(0.25)), await(v(4)), null), 5L + await(v(6L))));
    }

    // Regression: a String local initialised to null, a numeric local, then an await.
    @Async
    static Coroutine<String> nullStringThenNumberThenAwait(boolean assign) {
        String s = null;
        int n = 5;
        long count = 0;
        int x = await(v(3));
        if (assign) {
            s = "set";
        }
        count += x;
        return done(s + n + x + count);
    }

    // Regression: str += ":" + await(x) in an enhanced-for over an array, then a call on the element.
    @Async
    static Coroutine<String> concatInForEachOverArray(String[] items) {
        String str = "";
        for (String item : items) {
            str += ":" + await(v(item));
            str += item.toUpperCase();
        }
        return done(str);
    }

    // Regression: a parameter of an interface type awaited directly.
    @Async
    static Coroutine<String> awaitStage(CompletionStage<String> stage) {
        return done(await(stage));
    }

    @Async
    static Coroutine<String> stageKeptAcrossAnotherAwait(CompletionStage<String> stage) {
        String a = await(v("a"));
        return done(a + await(stage) + a);
    }

    @Async
    static Coroutine<Object> failedStage(CompletionStage<String> stage) {
        try {
            return done(await(stage));
        } catch (IllegalStateException e) {
            return done(e);
        }
    }

    // Regression: a new instance of the enclosing class created after an await.
    @Async
    static Coroutine<Integer> newEnclosingInstanceAfterAwait() {
        int x = await(v(3));
        OperandStackIT o = new OperandStackIT();
        o.tag = x;
        return done(o.tag + await(v(4)));
    }

    static CompletionStage<String> later(String value) {
        return CompletableFuture.supplyAsync(() -> value, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    }

    @Test
    void awaitAsTheMiddleArgumentOfACall() {
        Awaited.Outcome o = runBoth(OperandStackIT::argumentsAroundAnAwait);
        assertEquals("1|two|3 1|x|2 default", o.value());
        assertEquals(List.of("a", "x", "bb"), o.trace());
    }

    @Test
    void arithmeticWithTheLeftOperandOnTheStack() {
        assertEquals(2 * (100 + (22 * (3 - 1))), valueOfBoth(OperandStackIT::sumPlusAwait));
    }

    @Test
    void arrayElementAssignedFromAnAwait() {
        assertEquals(
                "[0, 7, 42][6, -9223372036854775808][-0.5][null, s]-3ztrue", valueOfBoth(OperandStackIT::arrayStores));
    }

    @Test
    void stringConcatenationAroundAwaits() {
        assertEquals("pre7midc2.53truenull", valueOfBoth(() -> stringConcatenation(7)));
        assertEquals("pre-1midc2.53falsenull", valueOfBoth(() -> stringConcatenation(-1)));
    }

    @Test
    void fieldAssignedFromAnAwait() {
        assertEquals("1 9223372036854775807 s 1.75 9 -2", valueOfBoth(OperandStackIT::fieldStores));
    }

    @Test
    void ternaryOfAwaitsUnderAValue() {
        assertEquals(11, valueOfBoth(() -> ternaryUnderAValue(true)));
        assertEquals(12, valueOfBoth(() -> ternaryUnderAValue(false)));
    }

    @Test
    void longDoubleAndSmallIntegerValuesUnderTheAwait() {
        assertEquals(
                "9223372036854775806 3.0 6000000000 -9223372036854775808|1.7976931348623157E308|3|d"
                        + " -128|65535|-2|true|x",
                valueOfBoth(OperandStackIT::wideValuesUnderTheAwait));
    }

    @Test
    void awaitsNestedInTheArgumentsOfArguments() {
        assertEquals("1|2|0.25|4|null|11", valueOfBoth(OperandStackIT::awaitsNestedInArguments));
    }

    @Test
    void regressionNullStringThenNumericLocalThenAwait() {
        assertEquals("set533", valueOfBoth(() -> nullStringThenNumberThenAwait(true)));
        assertEquals("null533", valueOfBoth(() -> nullStringThenNumberThenAwait(false)));
    }

    @Test
    void regressionConcatenationInForEachOverAnArrayThenACallOnTheElement() {
        assertEquals(":abAB:cC:dEfDEF", valueOfBoth(() -> concatInForEachOverArray(new String[] {"ab", "c", "dEf"})));
    }

    @Test
    void regressionCompletionStageParameterAlreadyCompleted() {
        assertEquals(
                "done",
                runBoth(() -> awaitStage(CompletableFuture.completedFuture("done")))
                        .value());
        assertEquals(
                "min",
                runBoth(() -> awaitStage(
                                CompletableFuture.completedFuture("min").minimalCompletionStage()))
                        .value());
    }

    @Test
    void regressionCompletionStageParameterCompletedLaterByAnotherThread() {
        assertEquals("late", runBoth(() -> awaitStage(later("late"))).value());
        assertEquals("a-b-a", valueOfBoth(() -> stageKeptAcrossAnotherAwait(later("-b-"))));
        assertEquals("aza", valueOfBoth(() -> stageKeptAcrossAnotherAwait(CompletableFuture.completedFuture("z"))));
    }

    @Test
    void regressionFailedCompletionStageThrowsItsOwnException() {
        IllegalStateException now = new IllegalStateException("now");
        assertSame(
                now,
                runBoth(() -> failedStage(CompletableFuture.failedFuture(now))).value());
        IllegalStateException later = new IllegalStateException("later");
        assertSame(
                later,
                runBoth(() -> failedStage(CompletableFuture.supplyAsync(
                                () -> {
                                    throw later;
                                },
                                CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))))
                        .value());
    }

    @Test
    void regressionNewInstanceOfTheEnclosingClassAfterAnAwait() {
        assertEquals(7, valueOfBoth(OperandStackIT::newEnclosingInstanceAfterAwait));
        assertEquals(6, ((Counter) valueOfBoth(() -> new Counter(5).next())).n);
    }
}
