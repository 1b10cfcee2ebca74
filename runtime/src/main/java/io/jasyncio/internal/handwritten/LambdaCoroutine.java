package io.jasyncio.internal.handwritten;

import io.jasyncio.Awaitable;

/**
 * A hand-written coroutine whose body is a lambda: a {@link HandWrittenFrame} whose step awaits
 * whatever {@link Awaitable} it returns, and ends the coroutine with anything else. (So a step
 * cannot return an awaitable as its result; none of the coroutines written this way needs to.)
 * The waiting methods of streams, sockets and servers are written this way.
 *
 * @param <T> the result type
 */
public final class LambdaCoroutine<T> extends HandWrittenFrame<T> {
    /** The body: receives the outcome of the last await (nulls on the first call). */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs the body from where it stopped.
         *
         * @param value the result of the last await, or null (first call, or after an error)
         * @param error the exception of the last await, or null
         * @return an {@link Awaitable} to await next, or the coroutine's result
         * @throws Throwable to end the coroutine with that exception
         */
        Object step(Object value, Throwable error) throws Throwable;
    }

    private final Step step;

    /**
     * Creates the coroutine; none of it runs before it is first resumed.
     *
     * @param name the qualified name of the method it stands for, such as
     *     {@code StreamReader.read}
     * @param step the body
     */
    public LambdaCoroutine(String name, Step step) {
        super(name);
        this.step = step;
    }

    @Override
    protected Object body(Object value, Throwable error) throws Throwable {
        Object r = step.step(value, error);
        return r instanceof Awaitable<?> a ? awaitNext(a) : r;
    }
}
