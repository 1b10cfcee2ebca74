package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the transformer refuses, and that each refusal names class, method and source line. */
class RefusalsTest {

    private static int lineOf(String simpleName, String marker) throws IOException {
        List<String> lines =
                Files.readAllLines(Path.of("src/test/java/io/jasyncio/agent/refused/" + simpleName + ".java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker);
    }

    private static String refusal(String simpleName) {
        byte[] in = Fixtures.bytesOf("io.jasyncio.agent.refused." + simpleName);
        return assertThrows(
                        TransformException.class, () -> Fixtures.transformer().transform(in))
                .getMessage();
    }

    @Test
    void awaitInsideSynchronizedBlockIsRefusedWithClassMethodAndLine() throws IOException {
        String m = refusal("AwaitInSynchronizedBlock");
        int line = lineOf("AwaitInSynchronizedBlock", "LINE-SYNC-BLOCK");
        assertEquals(
                "io.jasyncio.agent.refused.AwaitInSynchronizedBlock.holdsLock(AwaitInSynchronizedBlock.java:"
                        + line + "): await() inside a synchronized block: a monitor cannot be held across a suspension;"
                        + " use io.jasyncio.Lock, or move the await out of the synchronized block",
                m);
    }

    @Test
    void awaitInsideSynchronizedMethodIsRefused() throws IOException {
        String m = refusal("AwaitInSynchronizedMethod");
        int line = lineOf("AwaitInSynchronizedMethod", "LINE-SYNC-METHOD");
        assertEquals(
                true,
                m.startsWith("io.jasyncio.agent.refused.AwaitInSynchronizedMethod.whole("
                        + "AwaitInSynchronizedMethod.java:" + line + "): await() in a synchronized method"),
                m);
    }

    @Test
    void returningAnotherCoroutineInsteadOfDoneIsRefused() throws IOException {
        String m = refusal("ReturnsOtherCoroutine");
        int line = lineOf("ReturnsOtherCoroutine", "LINE-RETURN");
        assertEquals(
                true,
                m.startsWith("io.jasyncio.agent.refused.ReturnsOtherCoroutine.delegates("
                        + "ReturnsOtherCoroutine.java:" + line + "): an @Async method must return done(value)"),
                m);
    }

    @Test
    void aMethodReferenceToAwaitIsRefused() throws IOException {
        String m = refusal("AwaitMethodReference");
        int line = lineOf("AwaitMethodReference", "LINE-AWAIT-REF");
        assertEquals(
                true,
                m.startsWith("io.jasyncio.agent.refused.AwaitMethodReference.viaFunction("
                        + "AwaitMethodReference.java:" + line + "): a method reference to await"),
                m);
    }

    @Test
    void aMethodThatOnlyOutgrowsTheCodeLimitWhenRewrittenIsRefused() {
        String m = refusal("TooLargeAfterRewrite");
        assertEquals(
                true,
                m.startsWith("io.jasyncio.agent.refused.TooLargeAfterRewrite.huge(TooLargeAfterRewrite.java:"),
                m);
        assertEquals(true, m.contains("exceeds the JVM's 64 KiB limit on a method's code"), m);
    }

    @Test
    void awaitInAConstructorIsRefused() throws IOException {
        assertEquals(
                "io.jasyncio.agent.refused.AwaitInConstructor.<init>(AwaitInConstructor.java:"
                        + lineOf("AwaitInConstructor", "LINE-CTOR")
                        + "): await() inside a constructor (or the arguments of"
                        + " super(...)/this(...)) cannot suspend; move the await into an @Async method",
                refusal("AwaitInConstructor"));
    }

    @Test
    void awaitInAStaticInitialiserIsRefused() throws IOException {
        assertEquals(
                "io.jasyncio.agent.refused.AwaitInStaticInitializer.<clinit>(AwaitInStaticInitializer.java:"
                        + lineOf("AwaitInStaticInitializer", "LINE-CLINIT")
                        + "): await() inside a static initialiser cannot"
                        + " suspend; move the await into an @Async method",
                refusal("AwaitInStaticInitializer"));
    }

    @Test
    void awaitInTheArgumentsOfSuperIsRefused() throws IOException {
        String m = refusal("AwaitInSuperArguments");
        assertEquals(
                true,
                m.startsWith("io.jasyncio.agent.refused.AwaitInSuperArguments.<init>(AwaitInSuperArguments.java:"
                        + lineOf("AwaitInSuperArguments", "LINE-SUPER") + "): await() inside a constructor"),
                m);
    }

    @Test
    void aPlainGeneratorCannotDelegateToACoroutine() throws IOException {
        assertEquals(
                "io.jasyncio.agent.refused.YieldFromCoroutineInGenerator.plain(YieldFromCoroutineInGenerator.java:"
                        + lineOf("YieldFromCoroutineInGenerator", "LINE-YIELD-FROM-CORO")
                        + "): cannot 'yield from' a coroutine"
                        + " object in a non-coroutine generator; await it in an @Async method",
                refusal("YieldFromCoroutineInGenerator"));
    }

    @Test
    void returningAValueFromAnAsyncGeneratorIsRefusedAsPythonDoes() throws IOException {
        assertEquals(
                "io.jasyncio.agent.refused.ReturnValueInAsyncGenerator.returnsFive(ReturnValueInAsyncGenerator.java:"
                        + lineOf("ReturnValueInAsyncGenerator", "LINE-RETURN-VALUE") + "): 'return' with value in async"
                        + " generator: an async generator returns nothing; end it with return Yield.end()",
                refusal("ReturnValueInAsyncGenerator"));
    }

    @Test
    void yieldFromInAnAsyncGeneratorIsRefusedAsPythonDoes() throws IOException {
        assertEquals(
                "io.jasyncio.agent.refused.YieldFromInAsyncGenerator.delegates(YieldFromInAsyncGenerator.java:"
                        + lineOf("YieldFromInAsyncGenerator", "LINE-YIELD-FROM-ASYNC") + "): 'yield from' inside async"
                        + " function: an async generator cannot delegate with Yield.from; loop over the other generator and"
                        + " Yield.value each item",
                refusal("YieldFromInAsyncGenerator"));
    }

    @Test
    void anAsyncGeneratorWithoutAsyncIsRefused() throws IOException {
        // The method's first line is the one reported.
        assertEquals(
                "io.jasyncio.agent.refused.AsyncGeneratorWithoutAsync.unmarked(AsyncGeneratorWithoutAsync.java:"
                        + lineOf("AsyncGeneratorWithoutAsync", "LINE-UNMARKED") + "): a method returning"
                        + " io.jasyncio.AsyncGenerator that uses Yield is an async generator: mark it @Async (as Python's"
                        + " 'async def'), or return io.jasyncio.Generator for a plain one",
                refusal("AsyncGeneratorWithoutAsync"));
    }
}
