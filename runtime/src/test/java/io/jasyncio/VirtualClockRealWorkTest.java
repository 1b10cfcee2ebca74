package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Virtual time and real work: a loop on a {@link VirtualClock} does not jump its clock past an
 * executor job or an awaited {@code CompletableFuture} that is still running, and jumps past one
 * only after the clock's autojump threshold of real idleness, telling the clock's listener.
 * Jobs wait on latches, never on sleeps, so no assertion depends on timing.
 */
class VirtualClockRealWorkTest {

    @Test
    void aTimeoutDoesNotFireWhileAnExecutorJobRuns() throws Exception {
        VirtualClock clock = new VirtualClock(Duration.ofHours(1));
        List<String> jumps = new ArrayList<>();
        clock.setRealWorkListener(jumps::add);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (SelectorEventLoop loop = new SelectorEventLoop(clock)) {
            Future<String> job = loop.runInExecutor(null, () -> {
                started.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
                return "answer";
            });
            // Release the job only once it runs and the loop has had time to consider a jump.
            Thread releaser = new Thread(() -> {
                try {
                    started.await();
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release.countDown();
            });
            releaser.start();
            assertEquals("answer", loop.runUntilComplete(Asyncio.waitFor(job, 30)));
            releaser.join();
            assertEquals(0.0, loop.time());
            assertEquals(List.of(), jumps);
            loop.runUntilComplete(loop.shutdownDefaultExecutor());
        }
    }

    @Test
    void aHungJobLetsTheClockJumpAfterTheThresholdAndTheListenerHearsOfIt() throws Exception {
        VirtualClock clock = new VirtualClock(Duration.ofMillis(20));
        List<String> jumps = new ArrayList<>();
        clock.setRealWorkListener(jumps::add);
        CompletableFuture<String> never = new CompletableFuture<>();
        try (SelectorEventLoop loop = new SelectorEventLoop(clock)) {
            assertThrows(TimeoutError.class, () -> loop.runUntilComplete(awaitWithTimeout(never, 30)));
            assertEquals(30.0, loop.time());
            assertEquals(1, jumps.size(), jumps.toString());
            assertTrue(
                    jumps.get(0).startsWith("the virtual clock jumped from 0.000 s to 30.000 s after "), jumps.get(0));
            assertTrue(jumps.get(0).contains("0 channels with interest and 1 job of other threads"), jumps.get(0));
        }
        assertTrue(never.isCancelled(), "the cancelled await cancels the CompletableFuture");
    }

    @Test
    void aZeroThresholdJumpsAtOnceAndStillTellsTheListener() {
        VirtualClock clock = new VirtualClock(Duration.ZERO);
        List<String> jumps = new ArrayList<>();
        clock.setRealWorkListener(jumps::add);
        CompletableFuture<String> never = new CompletableFuture<>();
        try (SelectorEventLoop loop = new SelectorEventLoop(clock)) {
            assertThrows(TimeoutError.class, () -> loop.runUntilComplete(awaitWithTimeout(never, 5)));
            assertEquals(5.0, loop.time());
            assertEquals(1, jumps.size(), jumps.toString());
        }
    }

    @Test
    void withNoRealWorkAnHourOfSleepsNeverWaitsInRealTime() {
        // TestLoops' selector fails the test if the loop ever asks it to wait.
        VirtualClock clock = new VirtualClock();
        List<String> jumps = new ArrayList<>();
        clock.setRealWorkListener(jumps::add);
        SelectorEventLoop loop = TestLoops.virtual(clock);
        for (int i = 0; i < 60; i++) {
            loop.runUntilComplete(Asyncio.sleep(60));
        }
        assertEquals(3600.0, loop.time());
        assertEquals(List.of(), jumps);
        loop.close();
    }

    @Test
    void theThresholdIsValidatedAndReadBack() {
        VirtualClock clock = new VirtualClock();
        assertEquals(VirtualClock.DEFAULT_AUTOJUMP_THRESHOLD, clock.getAutojumpThreshold());
        clock.setAutojumpThreshold(Duration.ofMillis(250));
        assertEquals(Duration.ofMillis(250), clock.getAutojumpThreshold());
        assertThrows(IllegalArgumentException.class, () -> clock.setAutojumpThreshold(Duration.ofMillis(-1)));
    }

    /** {@code await asyncio.wait_for(asyncio.wrap_future(cf), timeout)}, made on the loop. */
    private static Coroutine<String> awaitWithTimeout(CompletableFuture<String> cf, double timeout) {
        return new Scripted<String>("waiter")
                .then(v -> Asyncio.waitFor(Asyncio.wrapFuture(cf), timeout))
                .then(Scripted::value);
    }
}
