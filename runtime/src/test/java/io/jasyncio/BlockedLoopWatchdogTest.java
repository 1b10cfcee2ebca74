package io.jasyncio;

import static io.jasyncio.Scripted.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blocked-loop watchdog ({@link EventLoop#setBlockedLoopWatchdog}): a step that blocks the
 * loop is reported with the line that blocked it, sampled while it was blocked; a quick step is
 * not. The blocking step sleeps several thresholds, so that the watchdog thread, which ticks
 * every half threshold, sees it twice even on a loaded machine.
 */
class BlockedLoopWatchdogTest {
    private static final double THRESHOLD = 0.1;
    private static final long BLOCK_MILLIS = 1_500;

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
    private final List<SelectorEventLoop> loops = new ArrayList<>();

    @BeforeEach
    void captureLog() {
        parents = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
        jul.addHandler(capture);
    }

    @AfterEach
    void restore() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(parents);
        loops.forEach(SelectorEventLoop::close);
    }

    private SelectorEventLoop loop() {
        SelectorEventLoop loop = TestLoops.virtual();
        loops.add(loop);
        loop.setSlowCallbackDuration(THRESHOLD);
        return loop;
    }

    /** A coroutine whose step blocks the loop thread; {@code line[0]} gets the sleep's line. */
    private static Scripted<String> sleeper(int[] line) {
        return new Scripted<String>("Fetch.fetch").then(v -> {
            line[0] = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            Thread.sleep(BLOCK_MILLIS);
            return value("done");
        });
    }

    private List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (LogRecord r : logged) {
            if (r.getLevel() == Level.WARNING && r.getMessage().startsWith("Executing")) {
                out.add(r.getMessage());
            }
        }
        return out;
    }

    @Test
    void aSleepingStepIsLoggedWithTheLineOfTheSleepAndTheTask() {
        SelectorEventLoop loop = loop();
        loop.setBlockedLoopWatchdog(true);
        int[] line = {0};
        assertEquals("done", loop.runUntilComplete(loop.createTask(sleeper(line), "Task-3")));
        List<String> w = warnings();
        assertEquals(1, w.size(), w.toString());
        String m = w.get(0);
        assertTrue(m.startsWith("Executing <Task finished name='Task-3' coro=<Fetch.fetch() done"), m);
        assertTrue(
                m.contains("\nthe loop was blocked in Thread.sleep at BlockedLoopWatchdogTest.java:" + line[0]
                        + ", in <Task finished name='Task-3'"),
                m);
        assertTrue(m.contains("io.jasyncio.BlockedLoopWatchdogTest.lambda$sleeper$"), m);
    }

    @Test
    void theListenerGetsTheMeasuredDurationAndTheSampledStack() {
        SelectorEventLoop loop = loop();
        loop.setBlockedLoopWatchdog(true);
        List<SlowCallback> slow = new ArrayList<>();
        loop.setSlowCallbackListener(slow::add);
        int[] line = {0};
        Task<String> task = loop.createTask(sleeper(line));
        loop.runUntilComplete(task);
        assertEquals(1, slow.size(), slow.toString());
        SlowCallback s = slow.get(0);
        assertEquals(task, s.callback());
        assertTrue(s.nanos() >= BLOCK_MILLIS * 1_000_000L, "measured " + s.nanos());
        assertEquals("Thread.sleep at BlockedLoopWatchdogTest.java:" + line[0], s.blockedAt());
        StackTraceElement last = s.stack().get(s.stack().size() - 1);
        assertFalse(last.getMethodName().equals("runOnce"), "the loop's own frames are cut: " + s.stack());
    }

    @Test
    void aQuickStepIsNotReported() {
        SelectorEventLoop loop = loop();
        loop.setSlowCallbackDuration(5);
        loop.setBlockedLoopWatchdog(true);
        List<SlowCallback> slow = new ArrayList<>();
        loop.setSlowCallbackListener(slow::add);
        for (int i = 0; i < 100; i++) {
            loop.runUntilComplete(loop.createTask(new Scripted<String>("quick").then(v -> value("ok"))));
        }
        assertEquals(List.of(), slow);
        assertEquals(List.of(), warnings());
    }

    @Test
    void debugModeWatchesTheLoopToo() {
        SelectorEventLoop loop = loop();
        loop.setDebug(true);
        assertFalse(loop.getBlockedLoopWatchdog(), "debug mode does not change the flag");
        int[] line = {0};
        loop.runUntilComplete(loop.createTask(sleeper(line), "slowpoke"));
        List<String> w = warnings();
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("blocked in Thread.sleep at BlockedLoopWatchdogTest.java:" + line[0]), w.get(0));
    }

    @Test
    void withoutWatchdogOrDebugModeNothingIsSampled() {
        SelectorEventLoop loop = loop();
        List<SlowCallback> slow = new ArrayList<>();
        loop.setSlowCallbackListener(slow::add);
        int[] line = {0};
        loop.runUntilComplete(loop.createTask(sleeper(line)));
        assertEquals(1, slow.size());
        assertEquals(List.of(), slow.get(0).stack());
        assertEquals(null, slow.get(0).blockedAt());
        assertEquals(List.of(), warnings(), "no debug mode, no watchdog: the listener only");
    }

    @Test
    void theSystemPropertySwitchesTheWatchdogOnForNewLoops() {
        String before = System.getProperty("jasyncio.watchdog");
        System.setProperty("jasyncio.watchdog", "true");
        try {
            SelectorEventLoop loop = loop();
            assertTrue(loop.getBlockedLoopWatchdog());
            loop.setBlockedLoopWatchdog(false);
            assertFalse(loop.getBlockedLoopWatchdog());
        } finally {
            if (before == null) {
                System.clearProperty("jasyncio.watchdog");
            } else {
                System.setProperty("jasyncio.watchdog", before);
            }
        }
        assertFalse(loop().getBlockedLoopWatchdog());
    }

    @Test
    void blockedAtNamesTheJdkCallAndTheApplicationLine() {
        SlowCallback s = new SlowCallback(
                () -> {},
                1,
                List.of(
                        new StackTraceElement(null, null, null, "java.lang.Thread", "sleep0", null, -2),
                        new StackTraceElement(null, null, null, "java.lang.Thread", "sleep", "Thread.java", 509),
                        new StackTraceElement("app", null, null, "com.example.Fetch", "fetch", "Fetch.java", 42)));
        assertEquals("Thread.sleep at Fetch.java:42", s.blockedAt());
        SlowCallback busy = new SlowCallback(
                () -> {},
                1,
                List.of(new StackTraceElement("app", null, null, "com.example.Fetch", "spin", "Fetch.java", 57)));
        assertEquals("Fetch.spin at Fetch.java:57", busy.blockedAt());
        assertNotNull(busy.message());
    }
}
