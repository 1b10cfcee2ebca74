package io.jasyncio.reliability;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * A coroutine (an in-process server under attack) running on its own event loop in its own
 * thread, while the attack runs in the test's thread with plain blocking sockets, which owe
 * nothing to the library under attack. The coroutine reports where it serves through its
 * {@code ready} future and runs until its {@code stop} future completes; closing completes it
 * and waits (bounded) for the loop to end. A failure of the coroutine fails the test there.
 *
 * @param <T> what the coroutine reports when ready (a port, an address)
 */
final class LoopThread<T> implements AutoCloseable {
    private final Thread thread;
    private final CompletableFuture<T> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private volatile Throwable failure;

    /**
     * Starts {@code body}.
     *
     * @param name the thread's name
     * @param body makes the coroutine from its ready and stop futures
     */
    LoopThread(String name, BiFunction<CompletableFuture<T>, CompletableFuture<Void>, Coroutine<Void>> body) {
        thread = new Thread(
                () -> {
                    try {
                        Asyncio.run(body.apply(ready, stop));
                    } catch (Throwable t) {
                        failure = t;
                        ready.completeExceptionally(t);
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
    }

    /** What the coroutine reported, waiting at most 60 s for it. */
    T ready() throws InterruptedException {
        try {
            return ready.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(thread.getName() + " did not start", e);
        }
    }

    @Override
    public void close() {
        stop.complete(null);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError(thread.getName() + ": the loop did not stop within 30 s");
        }
        if (failure != null) {
            throw new AssertionError(thread.getName() + " failed", failure);
        }
    }
}
