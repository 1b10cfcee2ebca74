package io.jasyncio;

import java.util.function.Supplier;

/**
 * A coroutine that, when first run, asks {@code start} for a future and awaits it: the shape of
 * {@code async def to_thread(f): return await loop.run_in_executor(None, f)}. Nothing starts
 * before the coroutine runs, as in Python.
 *
 * <pre>
 *   label 0 ──start.get(), await──▶ label 1 ──▶ result (or the future's exception)
 * </pre>
 *
 * @param <T> the result type
 */
final class DeferredAwait<T> extends Coroutine<T> {
    private final String name;
    private final Supplier<? extends Future<T>> start;
    private int label;

    DeferredAwait(String name, Supplier<? extends Future<T>> start) {
        this.name = name;
        this.start = start;
    }

    @Override
    protected Object invoke(Object value, Throwable error) {
        if (label == 0) {
            label = 1;
            return awaitIn(start.get(), this);
        }
        if (error != null) {
            throw Sneaky.sneaky(error);
        }
        return value;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    protected String sourceFile() {
        return "DeferredAwait.java";
    }

    @Override
    protected int currentLine() {
        return -1;
    }
}
