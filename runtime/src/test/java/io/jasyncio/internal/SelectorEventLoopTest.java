package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.CancelledError;
import io.jasyncio.ErrorContext;
import io.jasyncio.Future;
import io.jasyncio.Handle;
import io.jasyncio.TimerHandle;
import io.jasyncio.VirtualClock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's ordering, timer, error and threading guarantees. Unless a test says otherwise the
 * loop runs on a {@link VirtualClock} and a {@link FakeSelector}, so nothing sleeps and a loop
 * that would block forever fails the test instead.
 */
class SelectorEventLoopTest {
    private final FakeSelector selector = new FakeSelector();
    private final VirtualClock clock = new VirtualClock();
    private SelectorEventLoop loop = new SelectorEventLoop(clock, selector);
    private final List<String> order = new ArrayList<>();
    private final List<SelectorEventLoop> others = new ArrayList<>();

    @AfterEach
    void closeLoops() {
        for (SelectorEventLoop l : others) {
            if (!l.isRunning()) {
                l.close();
            }
        }
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    private SelectorEventLoop other(SelectorEventLoop l) {
        others.add(l);
        return l;
    }

    /** Steps until nothing is ready and no timer is left; a runaway loop fails the test. */
    private void runUntilIdle() {
        for (int i = 0; i < 10_000; i++) {
            if (loop.step() == -1) {
                return;
            }
        }
        fail("the loop never became idle");
    }

    /** Runs {@code r} and returns the message of what it threw. */
    private static String messageOf(Runnable r) {
        try {
            r.run();
            return "no exception";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Ordering

    @Test
    void callSoonRunsCallbacksInFifoOrder() {
        for (int i = 0; i < 100; i++) {
            String name = "cb" + i;
            loop.callSoon(() -> order.add(name));
        }
        loop.step();
        assertEquals(100, order.size());
        for (int i = 0; i < 100; i++) {
            assertEquals("cb" + i, order.get(i));
        }
    }

    /**
     * The same program under Python 3.11 asyncio:
     * <pre>
     * loop = asyncio.new_event_loop()
     * order = []
     * def first():
     *     order.append('first')
     *     loop.call_later(0, lambda: order.append('later0-from-first'))
     *     loop.call_soon(lambda: order.append('soon-from-first'))
     * loop.call_soon(first)
     * loop.call_later(0, lambda: order.append('later0'))
     * loop.call_soon(lambda: order.append('second'))
     * loop.call_soon(loop.stop)
     * loop.run_forever()   # ['first', 'second', 'later0']
     * loop.call_soon(loop.stop)
     * loop.run_forever()   # [..., 'soon-from-first', 'later0-from-first']
     * </pre>
     * A due timer joins the ready queue behind every callSoon already queued, even one queued
     * after the timer; and what a callback schedules waits for the next iteration.
     */
    @Test
    void callbacksScheduledDuringAnIterationRunInTheNextOne() {
        loop.callSoon(() -> {
            order.add("first");
            loop.callLater(0, () -> order.add("later0-from-first"));
            loop.callSoon(() -> order.add("soon-from-first"));
        });
        loop.callLater(0, () -> order.add("later0"));
        loop.callSoon(() -> order.add("second"));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of("first", "second", "later0"), order);

        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of("first", "second", "later0", "soon-from-first", "later0-from-first"), order);
    }

    @Test
    void timersRunInDeadlineOrderWithFifoTies() {
        loop.callLater(2, () -> order.add("a@" + loop.time()));
        loop.callLater(1, () -> order.add("b@" + loop.time()));
        loop.callLater(Duration.ofSeconds(1), () -> order.add("c@" + loop.time()));
        loop.callLater(0.5, () -> order.add("d@" + loop.time()));
        loop.callAt(1.0, () -> order.add("e@" + loop.time()));
        runUntilIdle();
        assertEquals(List.of("d@0.5", "b@1.0", "c@1.0", "e@1.0", "a@2.0"), order);
    }

    @Test
    void aNegativeDelayIsDueAtOnce() {
        loop.callLater(5, () -> order.add("later"));
        loop.callLater(-3, () -> order.add("negative"));
        loop.step();
        assertEquals(List.of("negative"), order);
        assertEquals(0.0, loop.time());
    }

    @Test
    void aNanDelayOrDeadlineIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> loop.callLater(Double.NaN, () -> {}));
        assertThrows(IllegalArgumentException.class, () -> loop.callAt(Double.NaN, () -> {}));
    }

    @Test
    void hugeDelaysSaturateInsteadOfWrappingAround() {
        loop.callLater(Double.POSITIVE_INFINITY, () -> order.add("never"));
        loop.callLater(Duration.ofDays(365L * 1_000_000), () -> order.add("never either"));
        loop.callLater(1, () -> order.add("soon"));
        loop.step();
        assertEquals(List.of("soon"), order);
    }

    // ---------------------------------------------------------------------------------------
    // Cancellation

    @Test
    void cancelledHandlesAndTimersDoNotRun() {
        Handle h = loop.callSoon(() -> order.add("cancelled handle"));
        TimerHandle t = loop.callLater(1, () -> order.add("cancelled timer"));
        loop.callSoon(() -> order.add("kept"));
        h.cancel();
        t.cancel();
        assertTrue(h.cancelled());
        assertTrue(t.cancelled());

        // The timer left the heap at once: nothing is left to wait for, and time did not move.
        assertEquals(-1, loop.step());
        assertEquals(List.of("kept"), order);
        assertEquals(0.0, loop.time());
    }

    @Test
    void aTimerCancelledAfterItBecameDueDoesNotRun() {
        // Both timers are moved to the ready queue in the same iteration; the first cancels the
        // second before its turn comes.
        TimerHandle[] second = new TimerHandle[1];
        loop.callLater(1, () -> {
            order.add("first");
            second[0].cancel();
        });
        second[0] = loop.callLater(1, () -> order.add("second"));
        runUntilIdle();
        assertEquals(List.of("first"), order);
    }

    // ---------------------------------------------------------------------------------------
    // Errors

    @Test
    void aThrowingCallbackGoesToTheExceptionHandlerAndTheLoopKeepsRunning() {
        List<ErrorContext> errors = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> {
            order.add(l == loop ? "handler" : "handler of another loop");
            errors.add(ctx);
        });
        RuntimeException boom = new RuntimeException("boom");
        // Python's other BaseExceptions are reported too; an Error standing for SystemExit is
        // not (LoopStoppingErrorsTest).
        CancelledError bigBoom = new CancelledError("a CancelledError is reported too");
        Handle h = loop.callSoon(() -> {
            throw boom;
        });
        loop.callSoon(() -> {
            throw bigBoom;
        });
        loop.callSoon(() -> order.add("after"));
        loop.callLater(1, () -> order.add("timer"));
        runUntilIdle();

        assertEquals(List.of("handler", "handler", "after", "timer"), order);
        ErrorContext first = errors.get(0);
        assertSame(boom, first.exception());
        assertSame(h, first.handle());
        assertTrue(first.message().startsWith("Exception in callback <Handle "), first.message());
        assertSame(bigBoom, errors.get(1).exception());
    }

    @Test
    void aThrowingExceptionHandlerDoesNotKillTheLoop() {
        RuntimeException handlerFailure = new RuntimeException("the handler itself fails");
        loop.setExceptionHandler((l, ctx) -> {
            throw handlerFailure;
        });
        List<LogRecord> logged = captureLog(() -> {
            loop.callSoon(() -> {
                throw new IllegalStateException("callback fails");
            });
            loop.callSoon(() -> order.add("still running"));
            runUntilIdle();
        });

        assertEquals(List.of("still running"), order);
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).getMessage().startsWith("Unhandled error in exception handler"));
        assertSame(handlerFailure, logged.get(0).getThrown());
    }

    @Test
    void theDefaultHandlerLogsTheMessageTheHandleAndTheException() {
        RuntimeException boom = new RuntimeException("boom");
        List<LogRecord> logged = captureLog(() -> {
            loop.callSoon(() -> {
                throw boom;
            });
            runUntilIdle();
        });

        assertEquals(1, logged.size());
        LogRecord r = logged.get(0);
        assertEquals(java.util.logging.Level.SEVERE, r.getLevel());
        assertTrue(r.getMessage().startsWith("Exception in callback <Handle "), r.getMessage());
        assertTrue(r.getMessage().contains("\nhandle: <Handle "), r.getMessage());
        assertSame(boom, r.getThrown());
    }

    /** Runs {@code body} with the {@code io.jasyncio} logger captured instead of printed. */
    private static List<LogRecord> captureLog(Runnable body) {
        Logger jul = Logger.getLogger("io.jasyncio");
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        boolean parents = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
        jul.addHandler(capture);
        try {
            body.run();
        } finally {
            jul.removeHandler(capture);
            jul.setUseParentHandlers(parents);
        }
        return records;
    }

    // ---------------------------------------------------------------------------------------
    // Threads

    @Test
    void callSoonThreadsafeWakesALoopBlockedInSelect() throws InterruptedException {
        CountDownLatch sleeping = new CountDownLatch(1);
        NioSelector nio = new NioSelector();
        IoSelector spy = new IoSelector() {
            @Override
            public void bind(Consumer<Runnable> ready) {
                nio.bind(ready);
            }

            @Override
            public int select(long timeoutNanos) {
                if (timeoutNanos == -1) {
                    sleeping.countDown();
                }
                return nio.select(timeoutNanos);
            }

            @Override
            public void wakeup() {
                nio.wakeup();
            }

            @Override
            public void close() {
                nio.close();
            }

            @Override
            public Selector nioSelector() {
                return nio.nioSelector();
            }
        };
        SelectorEventLoop real = other(new SelectorEventLoop(SystemClock.INSTANCE, spy));
        AtomicBoolean ran = new AtomicBoolean();
        // The producer waits until the loop is about to block with no timeout at all. If its
        // callback lands before the select actually starts, NIO keeps the wake-up for it, and
        // the test still proves no callback is lost.
        Thread producer = new Thread(
                () -> {
                    try {
                        if (sleeping.await(10, TimeUnit.SECONDS)) {
                            real.callSoonThreadsafe(() -> {
                                ran.set(true);
                                real.stop();
                            });
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "producer");
        producer.start();
        assertTimeoutPreemptively(Duration.ofSeconds(10), real::runForever);
        producer.join(10_000);
        assertTrue(ran.get());
    }

    @Test
    void manyProducerThreadsEachCallbackRunsExactlyOnce() throws InterruptedException {
        int threads = 8;
        int each = 10_000;
        SelectorEventLoop real = other(new SelectorEventLoop());
        int[] runs = new int[threads * each];
        int[] total = new int[1];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < threads; p++) {
            int base = p * each;
            Thread t = new Thread(
                    () -> {
                        try {
                            if (!go.await(10, TimeUnit.SECONDS)) {
                                return;
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < each; i++) {
                            int id = base + i;
                            real.callSoonThreadsafe(() -> {
                                runs[id]++;
                                if (++total[0] == runs.length) {
                                    real.stop();
                                }
                            });
                        }
                    },
                    "producer-" + p);
            t.start();
            producers.add(t);
        }
        // Release the producers only once the loop runs, so most callbacks cross a sleep.
        real.callSoon(go::countDown);
        assertTimeoutPreemptively(Duration.ofSeconds(30), real::runForever);
        for (Thread t : producers) {
            t.join(10_000);
        }
        int[] once = new int[runs.length];
        Arrays.fill(once, 1);
        assertArrayEquals(once, runs);
    }

    @Test
    void wakeupIsCalledAtMostOncePerSleep() {
        // Before the loop has ever slept, the first producer wakes it; the others see the flag.
        loop.callSoonThreadsafe(() -> order.add("a"));
        loop.callSoonThreadsafe(() -> order.add("b"));
        assertEquals(1, selector.wakeups.get());
        // A busy loop (stepping without sleeping) costs producers no wake-up at all.
        loop.step();
        loop.callSoonThreadsafe(() -> order.add("c"));
        loop.step();
        assertEquals(1, selector.wakeups.get());
        // Now the loop sleeps, with no timer: three callbacks arrive during the sleep.
        selector.duringSleep = () -> {
            loop.callSoonThreadsafe(() -> order.add("d"));
            loop.callSoonThreadsafe(() -> order.add("e"));
            loop.callSoonThreadsafe(loop::stop);
        };
        loop.runForever();
        assertEquals(2, selector.wakeups.get());
        assertEquals(List.of("a", "b", "c", "d", "e"), order);
        assertTrue(selector.timeouts.contains(-1L));
    }

    @Test
    void theRunningLoopIsVisibleOnlyWhileItRuns() {
        assertNull(SelectorEventLoop.running());
        SelectorEventLoop[] seen = new SelectorEventLoop[1];
        loop.callSoon(() -> seen[0] = SelectorEventLoop.requireRunning());
        loop.callSoon(loop::stop);
        loop.runForever();
        assertSame(loop, seen[0]);
        assertNull(SelectorEventLoop.running());
        assertEquals("IllegalStateException: no running event loop", messageOf(SelectorEventLoop::requireRunning));
    }

    // ---------------------------------------------------------------------------------------
    // Running and stopping

    @Test
    void stopFromACallbackFinishesTheIterationThenReturns() {
        loop.callSoon(() -> {
            order.add("a");
            loop.callSoon(() -> order.add("next iteration"));
        });
        loop.callSoon(() -> {
            order.add("stop");
            loop.stop();
        });
        loop.callSoon(() -> order.add("b"));
        loop.runForever();
        assertEquals(List.of("a", "stop", "b"), order);
        assertFalse(loop.isRunning());

        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of("a", "stop", "b", "next iteration"), order);
    }

    @Test
    void aStopRequestedBeforeRunningMakesTheLoopPollOnceAndReturn() {
        loop.callLater(1, () -> order.add("timer"));
        loop.callSoon(() -> order.add("ready"));
        loop.stop();
        loop.runForever();
        assertEquals(List.of("ready"), order);
        assertEquals(List.of(0L), selector.timeouts);
    }

    @Test
    void runUntilCompleteReturnsTheResultOfAFutureCompletedByACallback() {
        Future<String> f = loop.createFuture();
        loop.callLater(10, () -> f.setResult("done"));
        assertEquals("done", loop.runUntilComplete(f));
        assertEquals(10.0, loop.time());
        assertFalse(loop.isRunning());
    }

    @Test
    void runUntilCompleteRethrowsTheFutureExceptionAsItIs() {
        Future<String> f = loop.createFuture();
        IOException checked = new IOException("boom");
        loop.callSoon(() -> f.setException(checked));
        IOException thrown = assertThrows(IOException.class, () -> loop.runUntilComplete(f));
        assertSame(checked, thrown);

        Future<String> cancelled = loop.createFuture();
        loop.callSoon(cancelled::cancel);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(cancelled));
    }

    @Test
    void runUntilCompleteFailsIfTheLoopStopsFirst() {
        Future<String> f = loop.createFuture();
        loop.callSoon(loop::stop);
        assertEquals(
                "IllegalStateException: Event loop stopped before Future completed.",
                messageOf(() -> loop.runUntilComplete(f)));
    }

    @Test
    void runUntilCompleteRejectsAFutureOfAnotherLoop() {
        SelectorEventLoop other = other(new SelectorEventLoop(new VirtualClock(), new FakeSelector()));
        Future<String> f = other.createFuture();
        assertEquals(
                "IllegalArgumentException: The future belongs to a different loop than the one "
                        + "specified as the loop argument",
                messageOf(() -> loop.runUntilComplete(f)));
    }

    @Test
    void runningAClosedLoopFails() {
        loop.callLater(1, () -> {});
        loop.close();
        assertTrue(loop.isClosed());
        assertTrue(selector.closed);
        assertEquals("IllegalStateException: Event loop is closed", messageOf(loop::runForever));
        assertEquals(
                "IllegalStateException: Event loop is closed",
                messageOf(() -> loop.runUntilComplete(new Future<>(loop))));
        assertEquals("IllegalStateException: Event loop is closed", messageOf(() -> loop.callSoon(() -> {})));
        assertEquals("IllegalStateException: Event loop is closed", messageOf(() -> loop.callLater(1, () -> {})));
        assertEquals("IllegalStateException: Event loop is closed", messageOf(() -> loop.callSoonThreadsafe(() -> {})));
        loop.close(); // closing twice does nothing
    }

    @Test
    void closingARunningLoopFails() {
        loop.callSoon(() -> {
            order.add(messageOf(loop::close));
            loop.stop();
        });
        loop.runForever();
        assertEquals(List.of("IllegalStateException: Cannot close a running event loop"), order);
        assertFalse(loop.isClosed());
    }

    @Test
    void runningALoopInsideAnotherFails() {
        SelectorEventLoop other = other(new SelectorEventLoop(new VirtualClock(), new FakeSelector()));
        loop.callSoon(() -> {
            order.add(messageOf(other::runForever));
            order.add(messageOf(() -> other.runUntilComplete(other.createFuture())));
            order.add(messageOf(loop::runForever));
            order.add(messageOf(loop::step));
            loop.stop();
        });
        loop.runForever();
        assertEquals(
                List.of(
                        "IllegalStateException: Cannot run the event loop while another loop is running",
                        "IllegalStateException: Cannot run the event loop while another loop is running",
                        "IllegalStateException: This event loop is already running",
                        "IllegalStateException: This event loop is already running"),
                order);
    }

    // ---------------------------------------------------------------------------------------
    // Time

    @Test
    void withAVirtualClockAnHourLongTimerRunsAtOnce() {
        long realStart = System.nanoTime();
        double[] firedAt = new double[1];
        loop.callLater(3600, () -> {
            firedAt[0] = loop.time();
            loop.stop();
        });
        loop.runForever();
        assertEquals(3600.0, firedAt[0]);
        assertEquals(3600.0, loop.time());
        assertTrue(selector.timeouts.stream().allMatch(t -> t == 0), "the loop never waited");
        assertTrue(System.nanoTime() - realStart < 60_000_000_000L, "virtual time must not wait the hour for real");
    }

    @Test
    void withAVirtualClockSleepReturnsAtOnce() {
        // Sleep is the coroutine behind Asyncio.sleep; run through a task, it exercises
        // createTask, the task's steps and the timer's wake-up together.
        assertEquals("woke", loop.runUntilComplete(Sleep.of(3600, "woke")));
        assertEquals(3600.0, loop.time());
    }

    @Test
    void withAVirtualClockAndNoTimerTheLoopWaitsForAThreadsafeCallback() {
        selector.duringSleep = () -> loop.callSoonThreadsafe(loop::stop);
        loop.runForever();
        assertEquals(List.of(-1L), selector.timeouts);
        assertEquals(0.0, loop.time());
    }

    @Test
    void withARealClockTheLoopSleepsUntilTheEarliestTimer() {
        ManualClock manual = new ManualClock(1_000_000_000L);
        selector.clock = manual;
        loop = new SelectorEventLoop(manual, selector);
        loop.callLater(3, () -> order.add("late"));
        loop.callLater(1.5, () -> {
            order.add("early at " + loop.time());
            loop.stop();
        });
        loop.runForever();
        assertEquals(List.of("early at 2.5"), order);
        assertEquals(List.of(1_500_000_000L), selector.timeouts);
    }

    @Test
    void stepReportsHowLongUntilTheNextEventAndNeverWaits() {
        ManualClock manual = new ManualClock(0);
        loop = new SelectorEventLoop(manual, selector);
        assertEquals(-1, loop.step());
        loop.callLater(2, () -> order.add("timer"));
        assertEquals(2_000_000_000L, loop.step());
        loop.callSoon(() -> loop.callSoon(() -> order.add("soon")));
        assertEquals(0, loop.step());
        manual.advanceBy(500_000_000L);
        assertEquals(1_500_000_000L, loop.step());
        manual.advanceBy(1_500_000_000L);
        assertEquals(-1, loop.step());
        assertEquals(List.of("soon", "timer"), order);
        assertTrue(selector.timeouts.stream().allMatch(t -> t == 0));
    }

    // ---------------------------------------------------------------------------------------
    // Cost

    @Test
    void aLoopStepAllocatesNothing() {
        java.lang.management.ThreadMXBean plain = ManagementFactory.getThreadMXBean();
        assumeTrue(plain instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) plain;
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());
        selector.record = false;
        int[] count = new int[1];
        Runnable task = () -> count[0]++;
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            loop.enqueue(task);
            loop.step();
        }
        bean.getThreadAllocatedBytes(thread);
        long before = bean.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            for (int j = 0; j < 10; j++) {
                loop.enqueue(task);
            }
            loop.step();
        }
        long allocated = bean.getThreadAllocatedBytes(thread) - before;
        assertEquals(20_000 + 100_000, count[0]);
        assertTrue(allocated < 4096, "10,000 steps allocated " + allocated + " bytes");
    }
}
