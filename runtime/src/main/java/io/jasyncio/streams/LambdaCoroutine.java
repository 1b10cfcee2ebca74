package io.jasyncio.streams;

import io.jasyncio.Awaitable;
import io.jasyncio.abi.HandWrittenFrame;

/**
 * The hand-written coroutine behind every waiting method of this package, its body a lambda:
 * a {@link HandWrittenFrame} whose step awaits whatever {@link Awaitable} it returns, and ends
 * the coroutine with anything else. (So a step cannot return an awaitable as its result; none
 * of this package's coroutines needs to.)
 *
 * @param <T> the result type
 */
final class LambdaCoroutine<T> extends HandWrittenFrame<T> {
    /** The body: receives the outcome of the last await (nulls on the first call). */
    @FunctionalInterface
    interface Step {
        Object step(Object value, Throwable error) throws Throwable;
    }

    private final Step step;

    LambdaCoroutine(String name, Step step) {
        super(name);
        this.step = step;
    }

    @Override
    protected Object body(Object value, Throwable error) throws Throwable {
        Object r = step.step(value, error);
        return r instanceof Awaitable ? awaitNext((Awaitable<?>) r) : r;
    }
}
