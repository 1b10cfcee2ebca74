package io.jasyncio;

import java.util.function.Function;

/**
 * The coroutine of {@code async with aclosing(gen) as g: return await body(g)}, written by hand:
 *
 * <pre>{@code
 * try:
 *     return await body(gen)   # label 0 -> 1
 * finally:
 *     await gen.aclose()       # label 1 -> 2
 * }</pre>
 *
 * <p>A failure of {@code aclose} after a failed body is added to the body's exception as
 * suppressed, as try-with-resources does, rather than replacing it as Python's {@code finally}
 * would: the body's error is the one the caller needs.
 *
 * @param <G> the generator's type
 * @param <T> the body's result type
 */
final class Aclosing<G extends AsyncGenerator<?, ?>, T> extends HandWrittenCoroutine<T> {
    private final G gen;
    private final Function<? super G, ? extends Coroutine<T>> body;
    private int label;
    private Object result;
    private Throwable failure;

    Aclosing(G gen, Function<? super G, ? extends Coroutine<T>> body) {
        super("Asyncio.aclosing");
        this.gen = gen;
        this.body = body;
    }

    @Override
    protected Object body(Object value, Throwable error) throws Throwable {
        switch (label) {
            case 0:
                label = 1;
                Coroutine<T> b;
                try {
                    b = body.apply(gen);
                } catch (Throwable t) {
                    return closeAfter(null, t);
                }
                if (b == null) {
                    return closeAfter(
                            null,
                            new NullPointerException(
                                    "Asyncio.aclosing: the body returned null instead of a coroutine"));
                }
                return awaitNext(b);
            case 1:
                return closeAfter(value, error);
            case 2:
                label = 3;
                if (error != null) {
                    if (failure == null) {
                        throw error;
                    }
                    if (error != failure) {
                        failure.addSuppressed(error);
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                return result;
            default:
                throw new IllegalStateException("bad label " + label);
        }
    }

    private Object closeAfter(Object value, Throwable error) {
        label = 2;
        result = value;
        failure = error;
        return awaitNext(gen.aclose());
    }
}
