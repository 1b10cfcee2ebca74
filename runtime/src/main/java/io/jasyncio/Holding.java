package io.jasyncio;

import io.jasyncio.abi.Frame;
import io.jasyncio.abi.Intrinsics;
import java.util.function.Supplier;

/**
 * The coroutine of {@code async with primitive: return await body()}, written by hand:
 *
 * <pre>{@code
 * await acquire()          # label 0 -> 1
 * try:
 *     return await body()  # label 1 -> 2
 * finally:
 *     release()
 * }</pre>
 *
 * @param <T> the body's result type
 */
final class Holding<T> extends Frame<T> {
    private final String name;
    private final Supplier<? extends Coroutine<?>> acquire;
    private final Runnable release;
    private final Supplier<? extends Coroutine<T>> body;
    private Runnable action;
    private int label;

    /** {@code async with primitive: action()}: a body that does not await. */
    static Holding<Void> running(String name, Supplier<? extends Coroutine<?>> acquire,
            Runnable release, Runnable action) {
        Holding<Void> h = new Holding<>(name, acquire, release, null);
        h.action = action;
        return h;
    }

    Holding(String name, Supplier<? extends Coroutine<?>> acquire, Runnable release,
            Supplier<? extends Coroutine<T>> body) {
        this.name = name;
        this.acquire = acquire;
        this.release = release;
        this.body = body;
    }

    @Override
    protected Object invoke(Object value, Throwable error) {
        while (true) {
            switch (label) {
                case 0:
                    label = 1;
                    try {
                        value = Intrinsics.await(acquire.get(), this);
                    } catch (Throwable t) {
                        value = null;
                        error = t;
                    }
                    if (value == SUSPENDED) {
                        return SUSPENDED;
                    }
                    break;
                case 1:
                    if (error != null) {
                        throw Sneaky.sneaky(error);
                    }
                    label = 2;
                    try {
                        if (action != null) {
                            action.run();
                            value = null;
                            break;
                        }
                        value = Intrinsics.await(body.get(), this);
                    } catch (Throwable t) {
                        value = null;
                        error = t;
                    }
                    if (value == SUSPENDED) {
                        return SUSPENDED;
                    }
                    break;
                case 2:
                    label = 3;
                    release.run();
                    if (error != null) {
                        throw Sneaky.sneaky(error);
                    }
                    return value;
                default:
                    throw new IllegalStateException("bad label " + label);
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
