package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Crossing threads: toThread, runCoroutineThreadsafe, wrapFuture, toCompletableFuture, allTasks. */
class ThreadsTest {

    @Test
    void toThreadRunsTheWorkOffTheLoopAndNothingBeforeItIsAwaited() {
        String loopThread = Thread.currentThread().getName();
        boolean[] ran = {false};
        Object result = Asyncio.run(new Scripted<>("main")
                .then(v -> {
                    Coroutine<String> c = Asyncio.toThread(() -> {
                        ran[0] = true;
                        return Thread.currentThread().getName();
                    });
                    assertFalse(ran[0], "a coroutine runs nothing before it is awaited");
                    return c;
                })
                .then(v -> v));
        assertTrue(ran[0]);
        assertFalse(loopThread.equals(result), "ran on " + result);
    }

    @Test
    void toThreadRethrowsTheWorksExceptionAsItIs() {
        IOException boom = new IOException("slow disk");
        IOException thrown = assertThrows(
                IOException.class,
                () -> Asyncio.run(new Scripted<>("main")
                        .then(v -> Asyncio.toThread(() -> {
                            throw boom;
                        }))
                        .then(v -> v)));
        assertSame(boom, thrown);
    }

    @Test
    void runCoroutineThreadsafeRunsOnTheLoopThreadAndReportsToTheCaller() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        Thread loopThread = new Thread(loop::runForever, "loop");
        loopThread.start();
        try {
            CompletableFuture<String> cf = Asyncio.runCoroutineThreadsafe(
                    new Scripted<String>("remote")
                            .then(v -> Asyncio.sleep(0.01))
                            .then(v -> Thread.currentThread().getName()),
                    loop);
            assertEquals("loop", cf.get(5, TimeUnit.SECONDS));

            CompletableFuture<Object> failing = Asyncio.runCoroutineThreadsafe(
                    new Scripted<>("fails").then(v -> {
                        throw new IllegalStateException("remote failure");
                    }),
                    loop);
            ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(5, TimeUnit.SECONDS));
            assertEquals("remote failure", e.getCause().getMessage());
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            loopThread.join(5000);
            loop.close();
        }
    }

    @Test
    void cancellingTheStageCancelsTheTask() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        Thread loopThread = new Thread(loop::runForever, "loop");
        loopThread.start();
        CountDownLatch cancelledInside = new CountDownLatch(1);
        try {
            CompletableFuture<Object> cf = Asyncio.runCoroutineThreadsafe(
                    new Scripted<>("long").then(v -> Asyncio.sleep(3600)).thenCatching((v, e) -> {
                        if (e instanceof CancelledError) {
                            cancelledInside.countDown();
                        }
                        throw e;
                    }),
                    loop);
            assertThrows(TimeoutException.class, () -> cf.get(50, TimeUnit.MILLISECONDS));
            cf.cancel(false);
            assertTrue(cancelledInside.await(5, TimeUnit.SECONDS), "the task saw no CancelledError");
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            loopThread.join(5000);
            loop.close();
        }
    }

    @Test
    void awaitingAStageCompletedByAnotherThreadResumesOnTheLoop() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        String loopThread = Thread.currentThread().getName();
        Object result = Asyncio.run(new Scripted<>("main")
                .then(v -> {
                    new Thread(() -> cf.complete("from elsewhere"), "producer").start();
                    return Asyncio.wrapFuture(cf);
                })
                .then(v -> v + " on " + Thread.currentThread().getName()));
        assertEquals("from elsewhere on " + loopThread, result);
    }

    @Test
    void toCompletableFutureLetsAnotherThreadJoinATask() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        CompletableFuture<Object>[] joined = new CompletableFuture[1];
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    Task<Object> t = Asyncio.createTask(new Scripted<>("child")
                            .then(x -> Asyncio.sleep(0.01))
                            .then(x -> 42));
                    joined[0] = t.toCompletableFuture();
                    assertFalse(joined[0].isDone());
                    return t;
                })
                .then(v -> v));
        loop.close();
        assertEquals(42, r);
        assertEquals(42, joined[0].get(5, TimeUnit.SECONDS));
    }

    @Test
    void allTasksOfTheRunningLoopIncludeTheCurrentTask() {
        Object tasks = Asyncio.run(new Scripted<>("main").then(v -> List.copyOf(Asyncio.allTasks())));
        assertEquals(1, ((List<?>) tasks).size());
    }
}
