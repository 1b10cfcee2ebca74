package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Shape 18: await called from a method that is not a coroutine fails at once with an
 * IllegalStateException that names the method and the fix; it never blocks the thread.
 */
class NotInstrumentedIT {

    private static final Duration NO_BLOCKING = Duration.ofSeconds(5);

    static int plainAwaitOfAStage(CompletableFuture<Integer> never) {
        return await(never);
    }

    static int plainAwaitOfAnAwaitable(Awaitable<Integer> a) {
        return await(a);
    }

    static int plainAwaitDeclaring(Awaitable<Integer> a) throws IOException {
        return await(a, IOException.class);
    }

    static Coroutine<Integer> plainDone() {
        return done(1);
    }

    @Async
    static Coroutine<Integer> realCoroutine() {
        return done(await(v(1)));
    }

    @Async
    static Coroutine<String> coroutineCallingAPlainHelper() {
        Future<Integer> pending = Asyncio.getRunningLoop().createFuture();
        int before = await(v(1));
        try {
            plainAwaitOfAnAwaitable(pending);
            return done("no exception");
        } catch (IllegalStateException e) {
            return done(before + " " + pending.done() + " " + e.getMessage());
        }
    }

    static void assertExplains(IllegalStateException e, String call, String method) {
        String m = e.getMessage();
        assertTrue(m.startsWith(call + " called from " + NotInstrumentedIT.class.getName() + "." + method + "("), m);
        assertTrue(m.contains("NotInstrumentedIT.java:"), m);
        assertTrue(m.contains("which is not a coroutine"), m);
        assertTrue(m.contains("mark it @Async"), m);
        assertTrue(m.contains("-javaagent:"), m);
    }

    @Test
    void awaitOfANeverCompletedStageInAPlainMethodThrowsInsteadOfBlocking() {
        CompletableFuture<Integer> never = new CompletableFuture<>();
        IllegalStateException e = assertTimeoutPreemptively(
                NO_BLOCKING, () -> assertThrows(IllegalStateException.class, () -> plainAwaitOfAStage(never)));
        assertExplains(e, "await()", "plainAwaitOfAStage");
        assertFalse(never.isDone());
    }

    @Test
    void awaitOfACoroutineInAPlainMethodThrowsAndDoesNotStartIt() {
        Coroutine<Integer> c = realCoroutine();
        IllegalStateException e = assertTimeoutPreemptively(
                NO_BLOCKING, () -> assertThrows(IllegalStateException.class, () -> plainAwaitOfAnAwaitable(c)));
        assertExplains(e, "await()", "plainAwaitOfAnAwaitable");
        assertFalse(c.isStarted());
    }

    @Test
    void awaitDeclaringAnExceptionInAPlainMethodFailsLikeAwait() {
        Coroutine<Integer> c = realCoroutine();
        IllegalStateException e = assertTimeoutPreemptively(
                NO_BLOCKING, () -> assertThrows(IllegalStateException.class, () -> plainAwaitDeclaring(c)));
        assertExplains(e, "await()", "plainAwaitDeclaring");
        assertFalse(c.isStarted());
    }

    @Test
    void doneInAPlainMethodThrows() {
        IllegalStateException e = assertThrows(IllegalStateException.class, NotInstrumentedIT::plainDone);
        assertExplains(e, "done()", "plainDone");
    }

    @Test
    void aPlainHelperCalledFromACoroutineThrowsInsideTheLoopWithoutBlockingIt() {
        Awaited.Outcome o =
                assertTimeoutPreemptively(NO_BLOCKING, () -> runBoth(NotInstrumentedIT::coroutineCallingAPlainHelper));
        String value = (String) o.value();
        assertTrue(
                value.startsWith("1 false await() called from " + NotInstrumentedIT.class.getName()
                        + ".plainAwaitOfAnAwaitable("),
                value);
        assertTrue(value.contains("mark it @Async"), value);
    }

    @Test
    void aPlainLambdaCallingAwaitNamesItsClass() {
        CompletableFuture<Integer> never = new CompletableFuture<>();
        Supplier<Integer> lambda = () -> await(never);
        IllegalStateException e =
                assertTimeoutPreemptively(NO_BLOCKING, () -> assertThrows(IllegalStateException.class, lambda::get));
        assertTrue(
                e.getMessage().startsWith("await() called from " + NotInstrumentedIT.class.getName() + "."),
                e.getMessage());
        assertTrue(e.getMessage().contains("mark it @Async"), e.getMessage());
    }

    @Test
    void theRealCoroutineNextToThemIsRewritten() {
        assertEquals(1, Awaited.valueOfBoth(NotInstrumentedIT::realCoroutine));
    }
}
