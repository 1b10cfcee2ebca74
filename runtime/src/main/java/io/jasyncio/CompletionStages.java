package io.jasyncio;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The bridge from Java's {@link CompletionStage} to loop futures. */
final class CompletionStages {
    private CompletionStages() {}

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
    static <T> Future<T> wrap(CompletionStage<T> stage) {
        EventLoop loop = Asyncio.getRunningLoop();
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
        // Another thread will complete the stage: a loop on virtual time must not jump its
        // clock past it while it runs (a timeout around the await would fire falsely).
        loop.realWorkStarted();
        CompletableFuture<T> target = cf;
        future.addDoneCallback(f -> {
            loop.realWorkFinished();
            if (target != null && f.cancelled()) {
                target.cancel(false);
            }
        });
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
