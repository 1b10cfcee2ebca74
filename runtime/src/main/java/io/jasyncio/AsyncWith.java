package io.jasyncio;

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
final class AsyncWith<T> extends HandWrittenCoroutine<T> {
    private final Supplier<? extends Coroutine<?>> acquire;
    private final Runnable release;
    private final Supplier<? extends Coroutine<T>> body;
    private Runnable action;
    private int label;

    /** {@code async with primitive: action()}: a body that does not await. */
    static AsyncWith<Void> running(
            String name, Supplier<? extends Coroutine<?>> acquire, Runnable release, Runnable action) {
        AsyncWith<Void> h = new AsyncWith<>(name, acquire, release, null);
        h.action = action;
        return h;
    }

    AsyncWith(
            String name,
            Supplier<? extends Coroutine<?>> acquire,
            Runnable release,
            Supplier<? extends Coroutine<T>> body) {
        super(name);
        this.acquire = acquire;
        this.release = release;
        this.body = body;
    }

    @Override
    protected Object body(Object value, Throwable error) throws Throwable {
        switch (label) {
            case 0:
                label = 1;
                return awaitNext(acquire.get());
            case 1:
                if (error != null) {
                    throw error; // not acquired: nothing to release
                }
                label = 2;
                Coroutine<T> b;
                try {
                    if (action != null) {
                        action.run();
                        label = 3;
                        release.run();
                        return null;
                    }
                    b = body.get();
                } catch (Throwable t) {
                    if (label == 2) {
                        label = 3;
                        release.run();
                    }
                    throw t;
                }
                return awaitNext(b);
            case 2:
                label = 3;
                release.run();
                if (error != null) {
                    throw error;
                }
                return value;
            default:
                throw new IllegalStateException("bad label " + label);
        }
    }
}
