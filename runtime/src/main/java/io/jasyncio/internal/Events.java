package io.jasyncio.internal;

import io.jasyncio.Future;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Which loop runs in the current thread, and the bridge from Java's {@link CompletionStage} to
 * loop futures.
 *
 * @apiNote Mirrors the running-loop part of {@code asyncio.events} ({@code _get_running_loop},
 *     {@code _set_running_loop}) and {@code asyncio.wrap_future}.
 */
public final class Events {
    /**
     * The loop running in each thread. A thread-local rather than a field of the loop because
     * the question asked is "which loop runs here?", from code that has no loop in hand
     * ({@code Asyncio.sleep}, {@code await} of a {@code CompletableFuture}).
     */
    private static final ThreadLocal<SelectorEventLoop> RUNNING = new ThreadLocal<>();

    private Events() {}

    /**
     * The loop running in the current thread.
     *
     * @return the loop, or null if none runs here
     * @apiNote Mirrors {@code asyncio._get_running_loop()}.
     */
    public static SelectorEventLoop runningLoop() {
        return RUNNING.get();
    }

    /**
     * The loop running in the current thread, which must exist.
     *
     * @return the loop
     * @throws IllegalStateException "no running event loop" if none runs here
     * @apiNote Mirrors {@code asyncio.get_running_loop()}.
     */
    public static SelectorEventLoop requireRunningLoop() {
        SelectorEventLoop loop = RUNNING.get();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /**
     * Sets or clears the loop running in the current thread; the loop calls this when it starts
     * and stops running.
     *
     * @param loop the loop, or null to clear
     * @apiNote Mirrors {@code asyncio._set_running_loop(loop)}.
     */
    public static void setRunningLoop(SelectorEventLoop loop) {
        if (loop == null) {
            RUNNING.set(null);
        } else {
            RUNNING.set(loop);
        }
    }

    /**
     * Bridges a {@link CompletionStage} to a future of the running loop. A stage that is already
     * complete completes the future here and now; otherwise the thread that completes the stage
     * hands the outcome to the loop with {@code callSoonThreadsafe}, and the loop completes the
     * future unless it is done by then (cancelled, typically). A cancelled future cancels the
     * stage's {@link CompletableFuture}, as asyncio cancels the concurrent future it wraps.
     *
     * @param stage the stage
     * @param <T> the result type
     * @return a future of the running loop that completes as the stage does: with its value, its
     *     exception (unwrapped from {@link CompletionException}), or cancelled if the stage was
     * @throws IllegalStateException if no loop runs in this thread
     * @throws NullPointerException if {@code stage} is null
     * @apiNote Mirrors {@code asyncio.wrap_future(fut)} for any {@code CompletionStage}.
     */
    public static <T> Future<T> wrapStage(CompletionStage<T> stage) {
        SelectorEventLoop loop = requireRunningLoop();
        CompletableFuture<T> cf;
        try {
            cf = stage.toCompletableFuture();
        } catch (UnsupportedOperationException noView) {
            cf = null; // The stage is all we have: no short cut, no cancellation.
        }
        Future<T> future = loop.createFuture();
        if (cf != null && cf.isDone()) {
            T value = null;
            Throwable error = null;
            try {
                value = cf.join();
            } catch (CompletionException | CancellationException e) {
                error = e;
            }
            copyOutcome(future, value, error);
            return future;
        }
        if (cf != null) {
            CompletableFuture<T> target = cf;
            future.addDoneCallback(f -> {
                if (f.cancelled()) {
                    target.cancel(false);
                }
            });
        }
        stage.whenComplete((value, error) -> {
            try {
                loop.callSoonThreadsafe(() -> {
                    if (!future.done()) {
                        copyOutcome(future, value, error);
                    }
                });
            } catch (IllegalStateException closed) {
                // The loop was closed meanwhile: nobody can be waiting for the outcome any more.
            }
        });
        return future;
    }

    private static <T> void copyOutcome(Future<T> future, T value, Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof CancellationException) {
            future.cancel();
        } else if (error != null) {
            future.setException(error);
        } else {
            future.setResult(value);
        }
    }
}
