package io.jasyncio.streams;

import io.jasyncio.Awaitable;
import io.jasyncio.abi.Frame;
import io.jasyncio.abi.Intrinsics;

/**
 * The hand-written coroutine behind every waiting method of this package (the runtime cannot
 * use the agent). Its body is one function called again after every await with the await's
 * outcome:
 *
 * <pre>
 *   step(null, null) ──returns an Awaitable──▶ await it ──▶ step(value, error) ─▶ ...
 *        └──────────returns anything else────▶ that is the result; throws ─▶ the coroutine throws
 * </pre>
 *
 * @param <T> the result type
 */
final class Waiting<T> extends Frame<T> {
    /** The body: receives the outcome of the last await (nulls on the first call). */
    @FunctionalInterface
    interface Step {
        Object step(Object value, Throwable error) throws Throwable;
    }

    private final String name;
    private final Step body;

    Waiting(String name, Step body) {
        this.name = name;
        this.body = body;
    }

    @Override
    protected Object invoke(Object value, Throwable error) {
        while (true) {
            Object r;
            try {
                r = body.step(value, error);
            } catch (Throwable t) {
                throw Streams.sneaky(t);
            }
            if (!(r instanceof Awaitable)) {
                return r;
            }
            try {
                Object v = Intrinsics.await((Awaitable<?>) r, this);
                if (v == SUSPENDED) {
                    return SUSPENDED;
                }
                value = v;
                error = null;
            } catch (Throwable t) {
                value = null;
                error = t;
            }
        }
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    protected String sourceFile() {
        return null;
    }

    @Override
    protected int currentLine() {
        return -1;
    }
}
