package io.jasyncio.abi;

import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;

/**
 * Base class of every coroutine state machine the agent generates: one final subclass per
 * {@code @Async} method, with a field {@code label} (the suspension point to resume at) and one
 * typed field per value it must keep across a suspension.
 *
 * <h2>Frame layout</h2>
 * <pre>
 *   Coroutine (the engine's fields)        Count$count$Frame (generated)
 *   ┌──────────────────────────────┐       ┌─────────────────────────────────┐
 *   │ header            12 bytes   │       │ int label                       │
 *   │ byte state, short depth      │       │ Object L0, L1 ... (references)  │
 *   │                              │       │ int I0 ..., long J0 ...,        │
 *   │ Coroutine caller (awaiter)   │       │ float F0 ..., double D0 ...     │
 *   │ Object waitingOn (awaitee)   │       └─────────────────────────────────┘
 *   └──────────────────────────────┘
 * </pre>
 *
 * <p>The engine that runs and resumes a chain of coroutines is {@link Coroutine} itself (see
 * "How a chain runs" there); this class adds only what generated code relies on: the marker a
 * suspended body returns, and the methods a generated subclass implements. The static calls a
 * rewritten body makes are in {@link Intrinsics}.
 *
 * @param <T> the coroutine's result type
 */
public abstract class Frame<T> extends Coroutine<T> {

    /** Returned by a body, and by {@link Intrinsics#await}, when the coroutine suspended. */
    public static final Object SUSPENDED = Engine.SUSPENDED;

    /** What a frame waits on for a bare yield: resume on the loop's next iteration. */
    public static final Object YIELD = Engine.YIELD;

    /** What a generator frame waits on after {@code Yield.value(v)}: its consumer's next send. */
    public static final Object YIELDED = Engine.YIELDED;

    /** Generated subclasses call this from their constructor. */
    protected Frame() {}

    /**
     * Runs the body from the current label: the generated subclass calls the static method
     * holding the rewritten body, passing itself.
     *
     * @param value the value the pending await produces, or null
     * @param error the exception the pending await throws, or null
     * @return the body's result, or {@link #SUSPENDED}
     */
    @Override
    protected abstract Object invoke(Object value, Throwable error);

    /**
     * The qualified name of the method this frame runs, such as {@code Count.count}.
     *
     * @return the name
     */
    @Override
    public abstract String getName();

    /**
     * The source file of the method, or null if the class has none.
     *
     * @return the file name
     */
    @Override
    protected abstract String sourceFile();

    /**
     * The source line of the suspension point the frame is stopped at, or -1.
     *
     * @return the line, or -1 when not suspended or unknown
     */
    @Override
    protected abstract int currentLine();

    // The engine's operations, for Intrinsics: this package reaches them as a subclass.

    static Object await(Awaitable<?> awaitable, Frame<?> self) {
        return Engine.await(awaitable, self);
    }

    static Frame<?> enterInline(Awaitable<?> awaitable, Frame<?> self) {
        return (Frame<?>) Engine.enterInline(awaitable, self);
    }

    static Object leaveInline(Object result, Frame<?> callee, Frame<?> self) {
        return Engine.leaveInline(result, callee, self);
    }

    static Throwable failInline(Throwable thrown, Frame<?> callee) {
        return Engine.failInline(thrown, callee);
    }

    static Object stepAsCallee(Frame<?> callee, Frame<?> caller, Object value, Throwable error) {
        return Engine.stepAsCallee(callee, caller, value, error);
    }

    static boolean yieldedAsync(Frame<?> f) {
        return Engine.yieldedAsync(f);
    }

    static void finish(Frame<?> f) {
        Engine.finish(f);
    }

    static void suspendOn(Frame<?> f, Object marker) {
        f.suspendOn(marker);
    }

    static Object asyncYielded() {
        return Engine.ASYNC_YIELDED;
    }
}
