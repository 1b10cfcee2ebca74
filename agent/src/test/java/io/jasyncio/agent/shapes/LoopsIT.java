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
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 2: awaits inside for, enhanced-for, while, do-while, and labelled nested loops. */
class LoopsIT {

    @Async
    static Coroutine<Integer> sumOfSquares(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(v(i)) * i;
        }
        return done(sum);
    }

    @Async
    static Coroutine<String> awaitsInForHeader() {
        StringBuilder sb = new StringBuilder();
        for (int i = await(v(1)); i < await(v(10)); i += await(v(3))) {
            sb.append(i).append(';');
        }
        return done(sb.toString());
    }

    @Async
    static Coroutine<String> overStringArray(String[] parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            sb.append(await(v(p.toUpperCase()))).append(p.length());
        }
        return done(sb.toString());
    }

    @Async
    static Coroutine<Long> overIntArray(int[] digits) {
        long total = 0;
        for (int d : digits) {
            total = total * 10 + await(v(d));
        }
        return done(total);
    }

    @Async
    static Coroutine<List<Integer>> overIterable(Iterable<Integer> xs) {
        List<Integer> out = new ArrayList<>();
        for (Integer x : xs) {
            out.add(await(v(x * 2)));
            log(x);
        }
        return done(out);
    }

    @Async
    static Coroutine<String> overAwaitedArrayAndList() {
        String s = "";
        for (String x : await(v(new String[] {"a", "b"}))) {
            s += x + await(v(1));
        }
        for (Integer i : await(v(List.of(3, 4)))) {
            s += i + await(v(2));
        }
        return done(s);
    }

    @Async
    static Coroutine<Integer> collatzSteps(long n) {
        int steps = 0;
        while (n != 1) {
            n = await(v(n % 2 == 0 ? n / 2 : 3 * n + 1));
            steps++;
        }
        return done(steps);
    }

    @Async
    static Coroutine<Integer> awaitInWhileCondition(int limit) {
        int i = 0;
        while (await(v(i)) < limit) {
            log("body " + i);
            i++;
        }
        return done(i);
    }

    @Async
    static Coroutine<Integer> doWhile(int start, int limit) {
        int i = start;
        do {
            log("do " + i);
            i = await(v(i + 1));
        } while (i < limit);
        return done(i);
    }

    @Async
    static Coroutine<String> awaitInDoWhileCondition() {
        String s = "";
        int i = 0;
        do {
            s += i;
            i++;
        } while (await(v(i * i)) < 20);
        return done(s);
    }

    @Async
    static Coroutine<String> labelledForLoops() {
        StringBuilder sb = new StringBuilder();
        outer:
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                int x = await(v(i * 10 + j));
                if (j > i) {
                    continue outer;
                }
                if (x == 22) {
                    break outer;
                }
                sb.append(x).append(',');
            }
            log("end of row " + i);
        }
        log("after " + sb);
        return done(sb.toString());
    }

    @Async
    static Coroutine<String> labelledWhileAndDoWhile() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        rows:
        while (true) {
            int j = 0;
            do {
                j++;
                String cell = await(v(i + "" + j));
                if (j == 2) {
                    continue;
                }
                if (i == 1 && j == 3) {
                    i++;
                    continue rows;
                }
                if (i == 3) {
                    break rows;
                }
                sb.append(cell).append(' ');
            } while (j < 4);
            i++;
        }
        return done(sb.toString().trim() + " i=" + await(v(i)));
    }

    @Async
    static Coroutine<Integer> thousandIterations() {
        int sum = 0;
        for (int i = 0; i < 1000; i++) {
            sum += await(v(i));
        }
        return done(sum);
    }

    @Test
    void forLoopAccumulatesAcrossAwaits() {
        assertEquals(285, valueOfBoth(() -> sumOfSquares(10)));
        assertEquals(0, runBoth(() -> sumOfSquares(0)).value());
    }

    @Test
    void awaitsInForInitialiserConditionAndUpdate() {
        assertEquals("1;4;7;", valueOfBoth(LoopsIT::awaitsInForHeader));
    }

    @Test
    void enhancedForOverObjectArrayKeepsTheElement() {
        assertEquals("A1BB2CCC3", valueOfBoth(() -> overStringArray(new String[] {"a", "bb", "ccc"})));
        assertEquals("", runBoth(() -> overStringArray(new String[0])).value());
    }

    @Test
    void enhancedForOverPrimitiveArray() {
        assertEquals(31415926L, valueOfBoth(() -> overIntArray(new int[] {3, 1, 4, 1, 5, 9, 2, 6})));
    }

    @Test
    void enhancedForOverListKeepsTheIterator() {
        Awaited.Outcome o = runBoth(() -> overIterable(List.of(5, 7, 9)));
        assertEquals(List.of(10, 14, 18), o.value());
        assertEquals(List.of("5", "7", "9"), o.trace());
        assertEquals(3, o.suspensions());
        assertEquals(List.of(-2, 0), valueOfBoth(() -> overIterable(new LinkedList<>(List.of(-1, 0)))));
    }

    @Test
    void enhancedForOverAnAwaitedArrayAndList() {
        // Integer + int adds: 3 + 2, 4 + 2.
        assertEquals("a1b156", valueOfBoth(LoopsIT::overAwaitedArrayAndList));
    }

    @Test
    void whileLoopWithAwaitInTheBody() {
        assertEquals(plainCollatzSteps(27), valueOfBoth(() -> collatzSteps(27)));
        assertEquals(111, valueOfBoth(() -> collatzSteps(27)));
        assertEquals(0, runBoth(() -> collatzSteps(1)).value());
    }

    @Test
    void whileLoopWithAwaitInTheCondition() {
        Awaited.Outcome o = runBoth(() -> awaitInWhileCondition(3));
        assertEquals(3, o.value());
        assertEquals(List.of("body 0", "body 1", "body 2"), o.trace());
        assertEquals(4, o.suspensions());
    }

    @Test
    void doWhileRunsTheBodyAtLeastOnce() {
        Awaited.Outcome o = runBoth(() -> doWhile(0, 3));
        assertEquals(3, o.value());
        assertEquals(List.of("do 0", "do 1", "do 2"), o.trace());
        Awaited.Outcome once = runBoth(() -> doWhile(10, 3));
        assertEquals(11, once.value());
        assertEquals(List.of("do 10"), once.trace());
        assertEquals(1, once.suspensions());
    }

    @Test
    void doWhileWithAwaitInTheCondition() {
        assertEquals("01234", valueOfBoth(LoopsIT::awaitInDoWhileCondition));
    }

    @Test
    void labelledBreakAndContinueAcrossAwaitInNestedFor() {
        Awaited.Outcome o = runBoth(LoopsIT::labelledForLoops);
        assertEquals("0,10,11,20,21,", o.value());
        // continue outer skips "end of row"; break outer leaves both loops at once.
        assertEquals(List.of("after 0,10,11,20,21,"), o.trace());
        assertEquals(8, o.suspensions());
    }

    @Test
    void labelledBreakAndContinueAcrossAwaitInWhileAndDoWhile() {
        // i=0: j=1 (kept), 2 (continue), 3, 4; i=1: 1, 2 (continue), 3 (continue rows, i=2);
        // i=2: 1, 2 (continue), 3, 4; i=3: j=1 breaks rows.
        assertEquals("01 03 04 11 21 23 24 i=3", valueOfBoth(LoopsIT::labelledWhileAndDoWhile));
    }

    @Test
    void aThousandSuspensionsInOneLoop() {
        Awaited.Outcome o = runBoth(LoopsIT::thousandIterations);
        assertEquals(499500, o.value());
        assertEquals(1000, o.suspensions());
    }

    private static int plainCollatzSteps(long n) {
        int steps = 0;
        while (n != 1) {
            n = n % 2 == 0 ? n / 2 : 3 * n + 1;
            steps++;
        }
        return steps;
    }
}
