package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.agent.shapes.Awaited.runBoth;
import static io.jasyncio.agent.shapes.Awaited.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Shape 21: line numbers survive the rewrite. Expected lines are found by searching this file's
 * source for marker comments, so the tests do not depend on where the code sits.
 */
class LineNumbersIT {

    private static final Path SOURCE = Path.of("src/test/java/io/jasyncio/agent/shapes/LineNumbersIT.java");

    /** The 1-based line of the only source line containing the marker comment "LINE-MARK name". */
    static int lineOf(String name) {
        return lineOf(SOURCE, name);
    }

    /** The 1-based line of the only line of {@code source} containing "LINE-MARK name". */
    static int lineOf(Path source, String name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String marker = "// LINE-" + "MARK " + name;
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(marker)) {
                if (found != -1) {
                    fail("marker " + name + " appears twice");
                }
                found = i + 1;
            }
        }
        assertTrue(found > 0, "marker " + name + " not found in " + source.toAbsolutePath());
        return found;
    }

    /** The stack element of {@code method} of this class, failing with the whole trace if none. */
    static StackTraceElement elementOf(Throwable t, String method) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(LineNumbersIT.class.getName())
                    && e.getMethodName().equals(method)) {
                return e;
            }
        }
        return fail("no stack element for " + method + " in "
                + Arrays.stream(t.getStackTrace())
                        .map(String::valueOf)
                        .collect(Collectors.joining("\n  ", "\n  ", "")));
    }

    static void assertThrownAt(Throwable t, String method, String marker) {
        assertNotNull(t, "expected an exception");
        StackTraceElement e = elementOf(t, method);
        assertEquals("LineNumbersIT.java", e.getFileName());
        assertEquals(lineOf(marker), e.getLineNumber(), () -> "stack element " + e);
    }

    static void helperThatThrows(int x) {
        throw new IllegalArgumentException("helper " + x);
    }

    @Async
    static Coroutine<Integer> throwsAfterSuspension(int n) {
        int x = await(v(n));
        if (x > 0) {
            throw new IllegalStateException("after " + x); // LINE-MARK afterSuspension
        }
        return done(x);
    }

    @Async
    static Coroutine<Integer> throwsInASecondIteration() {
        int total = 0;
        for (int i = 0; i < 3; i++) {
            total += await(v(i));
            if (i == 1) {
                helperThatThrows(total); // LINE-MARK inLoop
            }
        }
        return done(total);
    }

    @Async
    static Coroutine<String> throwsInCatchAfterResume() {
        try {
            await(Awaited.fail(new IllegalStateException("first")));
            return done("no");
        } catch (IllegalStateException e) {
            String s = await(v("resumed"));
            throw new UnsupportedOperationException(s, e); // LINE-MARK inCatch
        }
    }

    @Async
    static Coroutine<Integer> caller() {
        int r = await(throwsAfterSuspension(await(v(2))));
        return done(r);
    }

    @Async
    static Coroutine<Integer> parkedOn(Future<Integer> f) {
        int a = 1;
        int b = await(f); // LINE-MARK parked
        return done(a + b);
    }

    @Async
    static Coroutine<String> locationOfASuspendedCoroutine() {
        Future<Integer> f = getRunningLoop().createFuture();
        Coroutine<Integer> c = parkedOn(f);
        Task<Integer> task = createTask(c);
        await(sleep(0));
        String where = c.location();
        f.setResult(await(v(41)));
        return done(where + " " + await(task));
    }

    @Test
    void markersAreFoundInTheSource() {
        assertTrue(lineOf("afterSuspension") < lineOf("inLoop"));
    }

    @Test
    void throwAfterARealSuspensionPointsAtTheThrowLine() {
        Awaited.Outcome o = runBoth(() -> throwsAfterSuspension(3));
        assertEquals(1, o.suspensions());
        assertInstanceOf(IllegalStateException.class, o.error());
        assertThrownAt(o.error(), "throwsAfterSuspension", "afterSuspension");
    }

    @Test
    void throwWithoutSuspensionPointsAtTheThrowLine() {
        Throwable t = null;
        try {
            Asyncio.run(throwsAfterSuspension(3));
        } catch (IllegalStateException e) {
            t = e;
        }
        assertThrownAt(t, "throwsAfterSuspension", "afterSuspension");
    }

    @Test
    void callInALoopAfterTwoResumesPointsAtTheCallLine() {
        Awaited.Outcome o = runBoth(LineNumbersIT::throwsInASecondIteration);
        assertEquals("helper 1", o.error().getMessage());
        assertThrownAt(o.error(), "throwsInASecondIteration", "inLoop");
        assertEquals(2, o.suspensions());
    }

    @Test
    void throwFromACatchAfterResumingPointsAtItsLine() {
        Awaited.Outcome o = runBoth(LineNumbersIT::throwsInCatchAfterResume);
        assertInstanceOf(UnsupportedOperationException.class, o.error());
        assertThrownAt(o.error(), "throwsInCatchAfterResume", "inCatch");
    }

    @Test
    void calleeResumedUnderACallerStillPointsAtItsThrowLine() {
        Awaited.Outcome o = runBoth(LineNumbersIT::caller);
        assertEquals("after 2", o.error().getMessage());
        assertThrownAt(o.error(), "throwsAfterSuspension", "afterSuspension");
    }

    @Test
    void aSuspendedCoroutineReportsTheLineOfItsAwait() {
        Awaited.Outcome o = runBoth(LineNumbersIT::locationOfASuspendedCoroutine);
        assertEquals("LineNumbersIT.java:" + lineOf("parked") + " 42", o.value());
    }
}
