package io.jasyncio;

import static io.jasyncio.Scripted.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's reports, each checked against what asyncio says.
 *
 * <pre>
 *   import asyncio, gc
 *   async def forgotten(): pass
 *   async def doomed(): raise ValueError("doomed")
 *   async def main():
 *       forgotten()                      # RuntimeWarning: coroutine 'forgotten' was never awaited
 *                                        # Coroutine created at (most recent call last) ...
 *       asyncio.get_running_loop().create_task(doomed())
 *       await asyncio.sleep(0); gc.collect()
 *                                        # Task exception was never retrieved
 *                                        # future: <Task finished name='Task-2' coro=<doomed() done,
 *                                        #   defined at ...> exception=ValueError('doomed')>
 *                                        # source_traceback: Object created at (most recent call last): ...
 *   asyncio.run(main(), debug=True)
 * </pre>
 *
 * Reports that depend on garbage collection are awaited with {@code System.gc()} in a loop
 * bounded by {@link #GC_WAIT_MILLIS}; a later "sentinel" report proves an absent one was not
 * merely late.
 */
class DebugModeTest {
    private static final long GC_WAIT_MILLIS = 20_000;

    private final ConcurrentLinkedQueue<LogRecord> logged = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger jul = Logger.getLogger("io.jasyncio");
    private boolean parents;

    @BeforeEach
    void captureLog() {
        parents = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
        jul.addHandler(capture);
    }

    @AfterEach
    void restoreLog() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(parents);
    }

    private static <T> T awaitGc(java.util.function.Supplier<T> found) throws InterruptedException {
        long deadline = System.nanoTime() + GC_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            T t = found.get();
            if (t != null) {
                return t;
            }
            System.gc();
            Thread.sleep(20);
        }
        return found.get();
    }

    private static <T> T stepThen(SelectorEventLoop loop, java.util.stream.Stream<T> found) {
        TestLoops.runUntilIdle(loop);
        return found.findFirst().orElse(null);
    }

    private LogRecord loggedMatching(Predicate<String> p) {
        for (LogRecord r : logged) {
            if (r.getMessage() != null && p.test(r.getMessage())) {
                return r;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * <pre>
     * $ PYTHONASYNCIODEBUG=1 python3 -c 'import asyncio; print(asyncio.new_event_loop().get_debug())'
     * True
     * $ python3 -c 'import asyncio; print(asyncio.new_event_loop().get_debug())'
     * False
     * </pre>
     */
    @Test
    void aLoopFromNewEventLoopReadsTheDebugProperty() {
        String before = System.getProperty("jasyncio.debug");
        try {
            System.setProperty("jasyncio.debug", "true");
            try (EventLoop debug = Asyncio.newEventLoop();
                    EventLoop virtual = Asyncio.newEventLoop(new VirtualClock())) {
                assertTrue(debug.getDebug());
                assertTrue(virtual.getDebug());
            }
            System.clearProperty("jasyncio.debug");
            try (EventLoop plain = Asyncio.newEventLoop()) {
                assertFalse(plain.getDebug());
            }
        } finally {
            if (before == null) {
                System.clearProperty("jasyncio.debug");
            } else {
                System.setProperty("jasyncio.debug", before);
            }
        }
    }

    @Test
    void aSlowCallbackIsLoggedWithTheTaskThatRanIt() {
        SelectorEventLoop loop = TestLoops.virtual();
        loop.setDebug(true);
        loop.setSlowCallbackDuration(0); // every step counts as slow: no timing in the test
        loop.runUntilComplete(loop.createTask(new Scripted<String>("work").then(v -> value("done")), "slowpoke"));
        loop.close();
        LogRecord r = loggedMatching(m -> m.startsWith("Executing <Task") && m.contains("name='slowpoke'"));
        assertNotNull(r, logged.toString());
        assertEquals(java.util.logging.Level.WARNING, r.getLevel());
        assertTrue(
                r.getMessage().matches("(?s)Executing <Task .*name='slowpoke'.*> took \\d+\\.\\d{3} seconds"),
                r.getMessage());
    }

    @Test
    void slowCallbacksAreNotLoggedOutsideDebugMode() {
        SelectorEventLoop loop = TestLoops.virtual();
        loop.setSlowCallbackDuration(0);
        loop.runUntilComplete(loop.createTask(new Scripted<String>("work").then(v -> value("done")), "quiet"));
        loop.close();
        assertEquals(null, loggedMatching(m -> m.startsWith("Executing")));
    }

    @Test
    void aCallbackThatTurnsDebugModeOnIsNotTimed() {
        // asyncio decides before each handle whether to time it; a handle that switched debug mode
        // on mid-run was once reported with the whole uptime of the machine as its duration.
        SelectorEventLoop loop = TestLoops.virtual();
        loop.setSlowCallbackDuration(10);
        loop.callSoon(() -> loop.setDebug(true));
        loop.callSoon(loop::stop);
        loop.runForever();
        loop.close();
        assertEquals(null, loggedMatching(m -> m.startsWith("Executing")));
    }

    /** Python's {@code async def forgotten()}: a coroutine function, here a frame created by hand. */
    private static Scripted<Void> forgotten() {
        return new Scripted<Void>(null).then(v -> value(null));
    }

    private static Scripted<Void> remembered() {
        return new Scripted<Void>(null).then(v -> value(null));
    }

    private static void createAndForget() {
        forgotten();
    }

    private static void createAndAwait(SelectorEventLoop loop) {
        loop.runUntilComplete(loop.createTask(remembered()));
    }

    @Test
    void aCoroutineNeverAwaitedIsReportedWithWhereItWasCreated() throws Exception {
        SelectorEventLoop loop = TestLoops.virtual();
        loop.setDebug(true);
        try {
            createAndAwait(loop);
            createAndForget();
            LogRecord r = awaitGc(() -> loggedMatching(m -> m.contains("'DebugModeTest.forgotten'")));
            assertNotNull(r, "no report within " + GC_WAIT_MILLIS + " ms: " + logged);
            assertEquals(java.util.logging.Level.WARNING, r.getLevel());
            String[] lines = r.getMessage().split("\n");
            assertEquals("RuntimeWarning: coroutine 'DebugModeTest.forgotten' was never awaited", lines[0]);
            assertEquals("Coroutine created at (most recent call last)", lines[1]);
            // Most recent call last: the line that called forgotten() ends the stack.
            assertTrue(
                    lines[lines.length - 1].contains("DebugModeTest.createAndForget(DebugModeTest.java:"),
                    r.getMessage());
            // The awaited one was created and collected first, and is never reported.
            assertEquals(null, loggedMatching(m -> m.contains("'DebugModeTest.remembered'")));
        } finally {
            loop.close();
        }
    }

    private static final class Doomed extends RuntimeException {
        Doomed(String m) {
            super(m);
        }
    }

    private static void startDoomed(SelectorEventLoop loop, String name, boolean retrieve) {
        Task<Object> t = loop.createTask(
                new Scripted<Object>("doomed").then(v -> {
                    throw new Doomed(name);
                }),
                name);
        TestLoops.runUntilIdle(loop);
        if (retrieve) {
            assertTrue(t.exception() instanceof Doomed);
        }
    }

    @Test
    void aTaskExceptionNeverRetrievedIsReportedWhenCollectedWithItsCreationSite() throws Exception {
        SelectorEventLoop loop = TestLoops.virtual();
        loop.setDebug(true);
        ConcurrentLinkedQueue<ErrorContext> reported = new ConcurrentLinkedQueue<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        try {
            startDoomed(loop, "retrieved", true);
            startDoomed(loop, "ignored", false);
            // The report reaches the handler on the loop's thread: step the loop meanwhile.
            ErrorContext ctx = awaitGc(() ->
                    stepThen(loop, reported.stream().filter(c -> c.message().contains("name='ignored'"))));
            assertNotNull(ctx, "no report within " + GC_WAIT_MILLIS + " ms");
            String[] lines = ctx.message().split("\n");
            assertEquals("Task exception was never retrieved", lines[0]);
            assertTrue(
                    lines[1].startsWith("future: <Task finished name='ignored' coro=<doomed() done, defined at"
                            + " Scripted.java> exception=Doomed('ignored')>"),
                    lines[1]);
            assertEquals("Object created at (most recent call last):", lines[2]);
            assertTrue(
                    lines[lines.length - 1].contains("DebugModeTest.startDoomed(DebugModeTest.java:"), ctx.message());
            assertTrue(ctx.exception() instanceof Doomed);
            assertEquals("ignored", ctx.exception().getMessage());
            // The retrieved one was collected alongside and never reported.
            assertFalse(reported.stream().anyMatch(c -> c.message().contains("name='retrieved'")), reported.toString());
        } finally {
            loop.close();
        }
    }

    @Test
    void outsideDebugModeTheReportHasNoCreationSiteAndGoesToTheDefaultHandler() throws Exception {
        SelectorEventLoop loop = TestLoops.virtual();
        try {
            startDoomed(loop, "plain", false);
            LogRecord r = awaitGc(() -> {
                TestLoops.runUntilIdle(loop);
                return loggedMatching(m -> m.contains("name='plain'"));
            });
            assertNotNull(r, "no report within " + GC_WAIT_MILLIS + " ms: " + logged);
            assertEquals(java.util.logging.Level.SEVERE, r.getLevel());
            assertTrue(
                    r.getMessage()
                            .startsWith("Task exception was never retrieved\nfuture: <Task finished name='plain'"),
                    r.getMessage());
            assertFalse(r.getMessage().contains("Object created at"), r.getMessage());
            assertTrue(r.getThrown() instanceof Doomed);
        } finally {
            loop.close();
        }
    }

    @Test
    void loopMethodsCalledFromAnotherThreadRaiseInDebugMode() throws Exception {
        SelectorEventLoop loop = new SelectorEventLoop();
        loop.setDebug(true);
        Future<Void> release = loop.createFuture();
        List<Throwable> raised = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        Thread other = new Thread(() -> {
            while (!loop.isRunning()) {
                Thread.onSpinWait();
            }
            Future<Void> f = loop.createFuture();
            f.addDoneCallback(x -> {});
            List<Runnable> calls = List.of(
                    () -> loop.callSoon(() -> {}),
                    () -> loop.callLater(1, () -> {}),
                    () -> loop.callAt(loop.time() + 1, () -> {}),
                    () -> loop.createTask(new Scripted<Void>("t").then(v -> value(null))),
                    () -> f.setResult(null)); // its done callback goes through the ready queue
            for (Runnable call : calls) {
                try {
                    call.run();
                    accepted.add(call.toString());
                } catch (Throwable t) {
                    raised.add(t);
                }
            }
            loop.callSoonThreadsafe(() -> release.setResult(null));
        });
        other.start();
        loop.runUntilComplete(loop.createTask(Scripted.awaiting("main", release)));
        other.join();
        loop.close();
        assertEquals(List.of(), accepted);
        assertEquals(5, raised.size());
        for (Throwable t : raised) {
            assertSame(IllegalStateException.class, t.getClass());
            assertEquals(
                    "Non-thread-safe operation invoked on an event loop other than the current one", t.getMessage());
        }
    }
}
