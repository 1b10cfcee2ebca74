package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.fail;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 5: return from inside loops, try blocks and finally blocks. */
class ReturnsIT {

    @Async
    static Coroutine<Integer> indexOf(int[] xs, int target) {
        for (int i = 0; i < xs.length; i++) {
            if (await(v(xs[i])) == target) {
                log("found at " + i);
                return done(i);
            }
        }
        log("not found");
        return done(-1);
    }

    @Async
    static Coroutine<String> firstLongWord(List<String> words, int min) {
        for (String w : words) {
            String seen = await(v(w));
            if (seen.length() >= min) {
                return done(seen.toUpperCase());
            }
            log("skip " + seen);
        }
        return done(null);
    }

    @Async
    static Coroutine<String> returnFromInnerLoop(int target) {
        for (int i = 0; i < 5; i++) {
            int j = 0;
            while (true) {
                int x = await(v(i * j));
                if (x == target) {
                    return done(i + "*" + j);
                }
                if (++j > i) {
                    break;
                }
            }
        }
        return done("none");
    }

    @Async
    static Coroutine<Void> earlyVoidReturn(int stopAt) {
        int i = 0;
        do {
            log("step " + await(v(i)));
            if (i == stopAt) {
                return done();
            }
            i++;
        } while (i < 3);
        log("ran out");
        return done();
    }

    @Async
    static Coroutine<Integer> returnFromTry() {
        try {
            log("try");
            return done(await(v(1)));
        } finally {
            log("finally");
        }
    }

    @Async
    static Coroutine<Integer> returnFromTryWhileFinallyAwaits() {
        int x = 1;
        try {
            x = await(v(10));
            return done(x);
        } finally {
            x = await(v(20));
            log("finally sees " + x);
        }
    }

    @Async
    static Coroutine<String> returnFromCatch(boolean throwIt) {
        try {
            if (throwIt) {
                await(fail(new IllegalArgumentException("bad")));
            }
            return done("try" + await(v("!")));
        } catch (IllegalArgumentException e) {
            return done("catch " + e.getMessage() + await(v("?")));
        } finally {
            log("finally " + throwIt);
        }
    }

    @Async
    @SuppressWarnings("finally")
    static Coroutine<Integer> returnFromFinallyOverridesTry() {
        try {
            return done(await(v(1)));
        } finally {
            log("finally");
            return done(await(v(2)));
        }
    }

    @Async
    @SuppressWarnings("finally")
    static Coroutine<String> returnFromFinallyDiscardsException() {
        try {
            await(fail(new IllegalStateException("lost")));
            log("unreachable");
        } finally {
            return done("kept " + await(v("value")));
        }
    }

    @Async
    static Coroutine<String> returnFromLoopInsideTryInsideLoop() {
        for (int round = 0; round < 3; round++) {
            try {
                for (int k = 0; k < 3; k++) {
                    if (await(v(round + k)) == 3) {
                        return done(round + "/" + k);
                    }
                }
            } finally {
                log("finally " + round + " " + await(v("f")));
            }
        }
        return done("none");
    }

    @Async
    static Coroutine<Integer> returnFromSwitchInLoop(int[] codes) {
        int total = 0;
        for (int c : codes) {
            switch (await(v(c))) {
                case 0:
                    return done(total);
                case 1:
                    total += 10;
                    break;
                default:
                    total += c;
            }
        }
        return done(-total);
    }

    @Test
    void returnFromInsideAForLoop() {
        Awaited.Outcome o = runBoth(() -> indexOf(new int[] {4, 8, 15, 16}, 15));
        assertEquals(2, o.value());
        assertEquals(List.of("found at 2"), o.trace());
        assertEquals(3, o.suspensions());
        Awaited.Outcome none = runBoth(() -> indexOf(new int[] {4, 8}, 15));
        assertEquals(-1, none.value());
        assertEquals(List.of("not found"), none.trace());
    }

    @Test
    void returnFromInsideAnEnhancedForOverAList() {
        Awaited.Outcome o = runBoth(() -> firstLongWord(List.of("a", "to", "tree", "forest"), 3));
        assertEquals("TREE", o.value());
        assertEquals(List.of("skip a", "skip to"), o.trace());
        assertNull(runBoth(() -> firstLongWord(List.of("x"), 3)).value());
    }

    @Test
    void returnFromAnInnerLoop() {
        // (i, j) pairs with j <= i in order: 0*0, 1*0, 1*1, 2*0, 2*1, 2*2 = 4
        assertEquals("2*2", valueOfBoth(() -> returnFromInnerLoop(4)));
        assertEquals("none", valueOfBoth(() -> returnFromInnerLoop(5)));
    }

    @Test
    void earlyReturnFromAVoidCoroutine() {
        Awaited.Outcome o = runBoth(() -> earlyVoidReturn(1));
        assertNull(o.error());
        assertNull(o.value());
        assertEquals(List.of("step 0", "step 1"), o.trace());
        assertEquals(
                List.of("step 0", "step 1", "step 2", "ran out"),
                runBoth(() -> earlyVoidReturn(7)).trace());
    }

    @Test
    void returnFromTryRunsFinallyAfterTheValueIsComputed() {
        Awaited.Outcome o = runBoth(ReturnsIT::returnFromTry);
        assertEquals(1, o.value());
        assertEquals(List.of("try", "finally"), o.trace());
        assertEquals(1, o.suspensions());
    }

    @Test
    void returnedValueSurvivesAnAwaitInFinally() {
        Awaited.Outcome o = runBoth(ReturnsIT::returnFromTryWhileFinallyAwaits);
        assertEquals(10, o.value());
        assertEquals(List.of("finally sees 20"), o.trace());
        assertEquals(2, o.suspensions());
    }

    @Test
    void returnFromTryOrCatchRunsFinally() {
        Awaited.Outcome ok = runBoth(() -> returnFromCatch(false));
        assertEquals("try!", ok.value());
        assertEquals(List.of("finally false"), ok.trace());
        Awaited.Outcome caught = runBoth(() -> returnFromCatch(true));
        assertEquals("catch bad?", caught.value());
        assertEquals(List.of("finally true"), caught.trace());
        assertEquals(2, caught.suspensions());
    }

    @Test
    void returnInFinallyOverridesTheReturnOfTry() {
        Awaited.Outcome o = runBoth(ReturnsIT::returnFromFinallyOverridesTry);
        assertEquals(2, o.value());
        assertEquals(List.of("finally"), o.trace());
    }

    @Test
    void returnInFinallyDiscardsAPendingException() {
        Awaited.Outcome o = runBoth(ReturnsIT::returnFromFinallyDiscardsException);
        assertNull(o.error());
        assertEquals("kept value", o.value());
        assertEquals(List.of(), o.trace());
    }

    @Test
    void returnFromANestedLoopRunsOnlyTheEnclosingFinallies() {
        // round 0: k = 0, 1, 2 give 0, 1, 2; round 1: k = 0, 1, 2 give 1, 2, 3 -> return "1/2".
        Awaited.Outcome o = runBoth(ReturnsIT::returnFromLoopInsideTryInsideLoop);
        assertEquals("1/2", o.value());
        assertEquals(List.of("finally 0 f", "finally 1 f"), o.trace());
        assertEquals(8, o.suspensions());
    }

    @Test
    void returnFromASwitchInsideALoop() {
        assertEquals(28, valueOfBoth(() -> returnFromSwitchInLoop(new int[] {1, 5, 1, 3, 0, 9})));
        assertEquals(-17, valueOfBoth(() -> returnFromSwitchInLoop(new int[] {2, 1, 5})));
    }
}
