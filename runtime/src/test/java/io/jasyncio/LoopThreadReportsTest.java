package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reports made by garbage collection reach the user's {@link ExceptionHandler} on the loop's
 * thread, as it promises, so that a handler may use the loop's non-thread-safe methods; and those
 * methods refuse a foreign thread while the loop runs, in debug mode or not.
 *
 * <p>Before: the handler ran on the {@code jasyncio-gc-reports} thread, and a handler that
 * called {@code loop.callSoon} there lost callbacks of the ready queue (an {@code ArrayDeque}
 * written by two threads) and could hang the loop for good.
 */
class LoopThreadReportsTest {
    private static final long GC_WAIT_MILLIS = 30_000;

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
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

    private static final class Lost extends RuntimeException {
        Lost(String m) {
            super(m);
        }
    }

    /** A task that failed, whose exception nobody retrieves; the task itself is dropped. */
    private static void failAndForget(SelectorEventLoop loop, String name) {
        loop.createTask(
                new Scripted<Object>("failing").then(v -> {
                    throw new Lost(name);
                }),
                name);
        TestLoops.runUntilIdle(loop);
    }

    private static <T> T awaitGc(Supplier<T> found) throws InterruptedException {
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

    @Test
    void aNeverRetrievedReportReachesTheHandlerOnTheLoopThreadWhichMayCallSoon() throws Exception {
        SelectorEventLoop loop = TestLoops.virtual();
        ConcurrentLinkedQueue<Thread> handlerThreads = new ConcurrentLinkedQueue<>();
        AtomicInteger scheduledByHandler = new AtomicInteger();
        loop.setExceptionHandler((l, ctx) -> {
            if (ctx.message().contains("name='forgotten'")) {
                handlerThreads.add(Thread.currentThread());
                l.callSoon(scheduledByHandler::incrementAndGet); // loop thread only
            }
        });
        try {
            failAndForget(loop, "forgotten");
            // This thread runs the loop: step it while the collector finds the task.
            Thread handlerThread = awaitGc(() -> {
                TestLoops.runUntilIdle(loop);
                return handlerThreads.peek();
            });
            assertNotNull(handlerThread, "no report within " + GC_WAIT_MILLIS + " ms");
            assertSame(Thread.currentThread(), handlerThread, "the handler ran off the loop thread");
            TestLoops.runUntilIdle(loop);
            assertEquals(1, scheduledByHandler.get(), "the handler's callSoon ran once");
        } finally {
            loop.close();
        }
    }

    @Test
    void aReportForAClosedLoopIsLoggedByTheDefaultHandler() throws Exception {
        SelectorEventLoop loop = TestLoops.virtual();
        List<ErrorContext> handled = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> handled.add(ctx));
        failAndForget(loop, "orphan");
        loop.close();
        LogRecord r = awaitGc(() -> {
            synchronized (capture) {
                return logged.stream()
                        .filter(x -> x.getMessage() != null && x.getMessage().contains("name='orphan'"))
                        .findFirst()
                        .orElse(null);
            }
        });
        assertNotNull(r, "no report within " + GC_WAIT_MILLIS + " ms");
        assertTrue(r.getMessage().startsWith("Task exception was never retrieved"), r.getMessage());
        assertTrue(r.getThrown() instanceof Lost);
        assertEquals(List.of(), handled, "a closed loop runs no handler");
    }

    @Test
    void loopMethodsCalledFromAnotherThreadRaiseOutsideDebugModeToo() throws Exception {
        SelectorEventLoop loop = new SelectorEventLoop();
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
                    () -> loop.createTask(new Scripted<Void>("t").then(v -> Scripted.value(null))),
                    () -> f.setResult(null));
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
        try {
            loop.runUntilComplete(loop.createTask(Scripted.awaiting("main", release)));
            other.join();
        } finally {
            loop.close();
        }
        assertEquals(List.of(), accepted);
        assertEquals(5, raised.size());
        for (Throwable t : raised) {
            assertSame(IllegalStateException.class, t.getClass());
            assertEquals(
                    "Non-thread-safe operation invoked on an event loop other than the current one", t.getMessage());
        }
    }

    @Test
    void aLoopThatIsNotRunningMayBeUsedFromAnyThread() throws Exception {
        SelectorEventLoop loop = TestLoops.virtual();
        AtomicInteger ran = new AtomicInteger();
        try {
            Thread other = new Thread(() -> loop.callSoon(ran::incrementAndGet));
            other.start();
            other.join();
            TestLoops.runUntilIdle(loop);
            assertEquals(1, ran.get());
        } finally {
            loop.close();
        }
    }
}
