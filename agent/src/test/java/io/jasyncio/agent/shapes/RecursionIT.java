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
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shape 4: async recursion, mutual recursion, and chains 10,000 deep, which must not overflow
 * the stack (failsafe runs with -Xss512k) either when they complete at once or when they resume.
 */
class RecursionIT {

    static final int DEEP = 10_000;

    @Async
    static Coroutine<Integer> fib(int n) {
        return done(n < 2 ? n : await(fib(n - 1)) + await(fib(n - 2)));
    }

    /** Like fib, but every leaf awaits a value, so the suspending run suspends at every leaf. */
    @Async
    static Coroutine<Integer> fibSuspendingAtLeaves(int n) {
        return done(n < 2 ? await(v(n)) : await(fibSuspendingAtLeaves(n - 1)) + await(fibSuspendingAtLeaves(n - 2)));
    }

    @Async
    static Coroutine<Boolean> isEven(int n) {
        if (n == 0) {
            return done(await(v(true)));
        }
        return done(await(isOdd(n - 1)));
    }

    @Async
    static Coroutine<Boolean> isOdd(int n) {
        if (n == 0) {
            return done(await(v(false)));
        }
        return done(await(isEven(n - 1)));
    }

    @Async
    static Coroutine<Integer> depth(int n) {
        if (n == 0) {
            return done(await(v(0)));
        }
        return done(await(depth(n - 1)) + 1);
    }

    /** The value n sits on the operand stack under the recursive await. */
    @Async
    static Coroutine<Long> sumTo(int n) {
        if (n == 0) {
            return done(await(v(0L)));
        }
        return done(n + await(sumTo(n - 1)));
    }

    /** Every level suspends again after its callee returns: the chain resumes at every depth. */
    @Async
    static Coroutine<Integer> suspendAtEveryLevel(int n) {
        int below = n == 0 ? 0 : await(suspendAtEveryLevel(n - 1));
        int mine = await(v(1));
        return done(below + mine);
    }

    /** The leaf fails after suspending; every level's finally runs on the way out. */
    @Async
    static Coroutine<Integer> deepFailure(int n, RuntimeException boom) {
        try {
            if (n == 0) {
                return done(await(fail(boom)));
            }
            return done(await(deepFailure(n - 1, boom)) + 1);
        } finally {
            if (n % 2_500 == 0) {
                log("finally " + n);
            }
        }
    }

    @Async
    static Coroutine<Object> catchAtTheTop(int n, RuntimeException boom) {
        try {
            return done(await(deepFailure(n, boom)));
        } catch (IllegalStateException e) {
            log("caught " + e.getMessage());
            return done(e);
        }
    }

    @Async
    static Coroutine<List<Integer>> collectDownwards(int n, List<Integer> into) {
        if (n < 0) {
            return done(into);
        }
        into.add(await(v(n)));
        return done(await(collectDownwards(n - 1, into)));
    }

    @Test
    void fibonacciByAsyncRecursion() {
        assertEquals(plainFib(15), runBoth(() -> fib(15)).value());
        assertEquals(610, runBoth(() -> fib(15)).value());
        assertEquals(0, runBoth(() -> fib(0)).value());
        assertEquals(1, runBoth(() -> fib(1)).value());
    }

    @Test
    void fibonacciSuspendingAtEveryLeaf() {
        Awaited.Outcome o = runBoth(() -> fibSuspendingAtLeaves(15));
        assertEquals(610, o.value());
        assertEquals(987, o.suspensions(), "fib(15) has fib(16) leaves");
    }

    @Test
    void mutualRecursion() {
        assertEquals(true, valueOfBoth(() -> isEven(0)));
        assertEquals(false, valueOfBoth(() -> isOdd(0)));
        assertEquals(false, valueOfBoth(() -> isEven(7)));
        assertEquals(true, valueOfBoth(() -> isOdd(7)));
        assertEquals(false, valueOfBoth(() -> isEven(1001)));
        assertEquals(true, valueOfBoth(() -> isOdd(1001)));
        assertEquals(true, valueOfBoth(() -> isEven(DEEP)));
    }

    @Test
    void chainTenThousandDeepDoesNotOverflowTheStack() {
        Awaited.Outcome o = runBoth(() -> depth(DEEP));
        assertNull(o.error(), () -> "threw " + o.error());
        assertEquals(DEEP, o.value());
        assertEquals(1, o.suspensions());
    }

    @Test
    void chainTenThousandDeepWithValueUnderTheAwait() {
        assertEquals((long) DEEP * (DEEP + 1) / 2, valueOfBoth(() -> sumTo(DEEP)));
    }

    @Test
    void chainTenThousandDeepResumedAtEveryLevel() {
        Awaited.Outcome o = runBoth(() -> suspendAtEveryLevel(DEEP));
        assertEquals(DEEP + 1, o.value());
        assertEquals(DEEP + 1, o.suspensions());
    }

    @Test
    void failureAtTheBottomOfATenThousandDeepChainUnwindsEveryFinally() {
        IllegalStateException[] made = new IllegalStateException[1];
        Awaited.Outcome o = runBoth(() -> catchAtTheTop(DEEP, made[0] = new IllegalStateException("bottom")));
        assertSame(made[0], o.value());
        assertEquals(
                List.of("finally 0", "finally 2500", "finally 5000", "finally 7500", "finally 10000", "caught bottom"),
                o.trace());
    }

    @Test
    void failureEscapingATenThousandDeepChain() {
        IllegalStateException[] made = new IllegalStateException[1];
        Awaited.Outcome o = runBoth(() -> deepFailure(DEEP, made[0] = new IllegalStateException("out")));
        assertSame(made[0], o.error());
        assertEquals(5, o.trace().size());
    }

    @Test
    void recursionSharingAnArgumentAcrossLevels() {
        List<Integer> expected = new ArrayList<>();
        for (int i = 2_000; i >= 0; i--) {
            expected.add(i);
        }
        assertEquals(expected, valueOfBoth(() -> collectDownwards(2_000, new ArrayList<>())));
    }

    private static int plainFib(int n) {
        return n < 2 ? n : plainFib(n - 1) + plainFib(n - 2);
    }
}
