package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bridge from {@code CompletionStage} to loop futures, and the running-loop lookup. */
class CompletionStagesTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void wrappingNeedsARunningLoop() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> CompletionStages.wrap(new CompletableFuture<String>()));
        assertEquals("no running event loop", e.getMessage());
    }

    @Test
    void anAlreadyCompletedStageCompletesTheFutureAtOnce() {
        List<Future<String>> futures = new ArrayList<>();
        loop.callSoon(() -> {
            Future<String> f = CompletionStages.wrap(CompletableFuture.completedFuture("now"));
            log.add("done at once: " + f.done());
            futures.add(f);
            futures.add(CompletionStages.wrap(CompletableFuture.failedFuture(new IOException("io"))));
            futures.add(CompletionStages.wrap(
                    CompletableFuture.failedStage(new CompletionException(new IllegalStateException("wrapped")))));
        });
        loop.step();
        assertEquals(List.of("done at once: true"), log);
        assertEquals("now", futures.get(0).result());
        assertEquals(IOException.class, futures.get(1).exception().getClass());
        assertEquals("wrapped", futures.get(2).exception().getMessage());
    }

    @Test
    void aStageCompletedOnAnotherThreadCompletesTheFutureOnTheLoop() {
        SelectorEventLoop real = new SelectorEventLoop();
        try {
            CompletableFuture<String> cf = new CompletableFuture<>();
            Thread[] completedOn = new Thread[1];
            real.callSoon(() -> {
                Future<String> f = CompletionStages.wrap(cf);
                f.addDoneCallback(done -> {
                    completedOn[0] = Thread.currentThread();
                    real.stop();
                });
                new Thread(() -> cf.complete("from elsewhere"), "completer").start();
            });
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                Thread loopThread = Thread.currentThread();
                real.runForever();
                assertSame(loopThread, completedOn[0]);
            });
        } finally {
            real.close();
        }
    }

    @Test
    void cancellingTheFutureCancelsTheCompletableFuture() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        List<Future<String>> futures = new ArrayList<>();
        loop.callSoon(() -> futures.add(CompletionStages.wrap(cf)));
        loop.step();
        futures.get(0).cancel();
        loop.step();
        assertTrue(cf.isCancelled());
        assertThrows(CancelledError.class, () -> futures.get(0).result());
    }

    @Test
    void aCancelledStageCancelsTheFuture() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        List<Future<String>> futures = new ArrayList<>();
        loop.callSoon(() -> futures.add(CompletionStages.wrap(cf)));
        loop.step();
        cf.cancel(false);
        loop.step();
        assertTrue(futures.get(0).cancelled());
    }
}
