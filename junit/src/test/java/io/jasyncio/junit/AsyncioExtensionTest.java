package io.jasyncio.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jasyncio.junit.fixtures.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * Runs the deliberately broken classes of {@link Fixtures} through the JUnit Platform and checks
 * that each fails, and with which message. A plain JUnit test on purpose: the fixtures' own
 * extension runs on this thread.
 */
class AsyncioExtensionTest {

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .execute()
                .testEvents();
    }

    /** Runs a class with one test that must fail, and returns why it failed. */
    private static Throwable failureOf(Class<?> testClass) {
        Events events = run(testClass);
        List<Event> failed = events.failed().list();
        assertEquals(1, failed.size(), () -> testClass.getSimpleName() + " should fail once; events: " + events.list());
        Throwable t = failed.get(0)
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertInstanceOf(AssertionFailedError.class, t, () -> "not an assertion failure: " + t);
        return t;
    }

    private static void assertContains(String expected, String actual) {
        assertTrue(actual.contains(expected), () -> "expected <" + expected + "> in:\n" + actual);
    }

    @Test
    void aTestThatAwaitsEverythingPasses() {
        Events events = run(Fixtures.Clean.class);
        assertEquals(1, events.succeeded().count(), () -> "events: " + events.list());
        assertEquals(0, events.failed().count());
    }

    /* Python: an async generator or generator never iterated gives no warning at all. */
    @Test
    void generatorsNeverIteratedAreNotReportedAsCoroutinesNeverAwaited() {
        Events events = run(Fixtures.LeavesGeneratorsUnstarted.class);
        assertEquals(1, events.succeeded().count(), () -> "events: " + events.list());
        assertEquals(0, events.failed().count());
    }

    @Test
    void aTaskLeftPendingFailsTheTestAndNamesTheTask() {
        String m = failureOf(Fixtures.LeavesTaskPending.class).getMessage();
        assertContains("1 task was still pending at the end of the test (await or cancel them):", m);
        assertContains("name='forgotten'", m);
        assertContains("Fixtures.sleepFor()", m);
    }

    @Test
    void aTaskExceptionNeverRetrievedFailsTheTestWithTheExceptionAsCause() {
        Throwable t = failureOf(Fixtures.NeverRetrievesException.class);
        assertContains("Task exception was never retrieved: <Task finished name='failing'", t.getMessage());
        assertInstanceOf(IllegalStateException.class, t.getCause());
        assertEquals("boom", t.getCause().getMessage());
    }

    @Test
    void aCoroutineNeverAwaitedFailsTheTestAndNamesTheMethod() {
        String m = failureOf(Fixtures.NeverAwaitsCoroutine.class).getMessage();
        assertContains("coroutine Fixtures.sleepFor() was never awaited", m);
    }

    @Test
    void aCallbackThatBlocksTheLoopFailsTheTest() {
        String m = failureOf(Fixtures.BlocksLoop.class).getMessage();
        assertContains("the loop was blocked for", m);
        assertContains("(threshold 0.050 s)", m);
        assertContains("BlocksLoop.body()", m);
    }

    @Test
    void aThreadSleepOnTheLoopFailsTheTestNamingTheLineOfTheSleep() throws Exception {
        Throwable t = failureOf(Fixtures.BlocksLoopInSleep.class);
        int line = lineOf("// BlocksLoopInSleep: the blocking line");
        assertContains("the loop was blocked for", t.getMessage());
        assertContains("\n  blocked in Thread.sleep at Fixtures.java:" + line, t.getMessage());
        assertContains("BlocksLoopInSleep.fetch()", t.getMessage());
        assertEquals(
                "the loop thread's stack while it was blocked", t.getCause().getMessage());
        StackTraceElement[] stack = t.getCause().getStackTrace();
        assertTrue(
                java.util.Arrays.stream(stack)
                        .anyMatch(e -> e.getMethodName().equals("fetch") && e.getLineNumber() == line),
                () -> java.util.Arrays.toString(stack));
    }

    @Test
    void aJumpPastPendingRealWorkPassesWithAWarning() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Fixtures.JumpsPastPendingWork.class))
                .execute()
                .allEvents();
        assertEquals(
                1,
                events.succeeded().filter(e -> e.getTestDescriptor().isTest()).count(),
                () -> "events: " + events.list());
        List<String> warnings = events.reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .filter(kv -> kv.containsKey(AsyncioExtension.REAL_WORK_KEY))
                .map(kv -> kv.get(AsyncioExtension.REAL_WORK_KEY))
                .toList();
        assertEquals(1, warnings.size(), () -> "events: " + events.list());
        assertContains(
                "virtual time jumped past pending real work 1 time (first: the virtual clock jumped"
                        + " from 0.000 s to 30.000 s after ",
                warnings.get(0));
        assertContains("1 job of other threads", warnings.get(0));
        assertContains("@RealTime", warnings.get(0));
    }

    /** The line of the fixtures' source that carries {@code marker}. */
    private static int lineOf(String marker) throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(
                java.nio.file.Path.of("src/test/java/io/jasyncio/junit/fixtures/Fixtures.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + marker);
    }

    @Test
    void theLoopTimeLimitCancelsTheTestWithoutWaiting() {
        long start = System.nanoTime();
        Throwable t = failureOf(Fixtures.ExceedsLoopTime.class);
        assertEquals("the test timed out after 10.000 s of loop time (@AsyncioTimeout(loop = 10.0))", t.getMessage());
        assertInstanceOf(io.jasyncio.CancelledError.class, t.getCause());
        assertTrue(System.nanoTime() - start < 60_000_000_000L, "virtual time: the hour must not be waited for");
    }

    @Test
    void theWallTimeLimitFreesALoopWaitingForever() {
        long start = System.nanoTime();
        Throwable t = failureOf(Fixtures.ExceedsWallTime.class);
        assertEquals("the test timed out after 0.300 s of wall time (@AsyncioTimeout(wall = 0.3))", t.getMessage());
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= 300_000_000L && elapsed < 60_000_000_000L, "elapsed " + elapsed / 1e9);
        assertTrue(!Thread.currentThread().isInterrupted(), "the watchdog's interrupt must not leak");
    }
}
