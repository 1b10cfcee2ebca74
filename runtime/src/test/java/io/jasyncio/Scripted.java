package io.jasyncio;

import io.jasyncio.abi.Frame;
import io.jasyncio.abi.Intrinsics;
import io.jasyncio.internal.Throwables;
import java.util.ArrayList;
import java.util.List;

/**
 * A coroutine written by hand for the runtime's own tests, which cannot use the agent: a
 * {@link Frame} whose body is a list of steps, run one after the other with an {@code await}
 * between two steps.
 *
 * <pre>
 *   Python                                  Scripted
 *   async def worker(f):                    new Scripted<Integer>("worker")
 *       trace.append("start")                   .then(v -> { trace.add("start"); return f; })
 *       v = await f                             .then(v -> (Integer) v + 1);
 *       return v + 1
 * </pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>The first step receives null; every later step receives the value of the await that
 *       the step before it asked for.</li>
 *   <li>A step that returns an {@link Awaitable} (a coroutine, a future, a task) asks for it to
 *       be awaited, exactly as agent-generated code does, through
 *       {@link Intrinsics#await(Awaitable, Frame)}: a coroutine or a done future runs inline,
 *       a pending future suspends the coroutine until its task resumes it.</li>
 *   <li>A step that returns anything else ends the coroutine with that value (wrap an awaitable
 *       in {@link #value(Object)} to return it instead of awaiting it). A step that throws makes
 *       the coroutine throw.</li>
 *   <li>If the await fails, the exception is thrown out of the coroutine at the await, without
 *       running the next step, unless that step was added with
 *       {@link #thenCatching(CatchingStep)}: such a step receives the value or the exception
 *       and plays the role of a {@code try}/{@code except}/{@code finally} around the await.</li>
 *   <li>Running out of steps is a bug in the test and throws {@link AssertionError}; so is
 *       being entered with an exception before the first step, which {@link Frame} promises
 *       never to do (none of the body of an unstarted coroutine runs when it is thrown
 *       into).</li>
 * </ul>
 * Steps usually record what happens in a trace list owned by the test.
 *
 * @param <T> the coroutine's result type
 */
final class Scripted<T> extends Frame<T> {

    /** A step: gets the last await's value, returns what to await next or the result. */
    @FunctionalInterface
    interface Step {
        /**
         * Runs the step.
         *
         * @param value the value of the previous await (null for the first step)
         * @return an awaitable to await next, or the coroutine's result
         * @throws Throwable to make the coroutine throw it
         */
        Object apply(Object value) throws Throwable;
    }

    /** A step that also sees the previous await's exception, like an {@code except} clause. */
    @FunctionalInterface
    interface CatchingStep {
        /**
         * Runs the step.
         *
         * @param value the value of the previous await, if it succeeded
         * @param error the exception of the previous await, or null if it succeeded
         * @return an awaitable to await next, or the coroutine's result
         * @throws Throwable to make the coroutine throw it (rethrow {@code error} to propagate)
         */
        Object apply(Object value, Throwable error) throws Throwable;
    }

    /** Wraps a value so that a step returns it even if it is an awaitable. */
    record Value(Object value) {}

    private final String name;
    private final List<CatchingStep> steps = new ArrayList<>();
    private final List<Boolean> catching = new ArrayList<>();
    /** Index of the next step to run; as in generated frames, the resumption point. */
    private int label;

    /**
     * Creates a coroutine with no steps yet; none of its steps runs before it is first resumed.
     *
     * @param name what {@link #getName()} returns, as a method's qualified name would be
     */
    Scripted(String name) {
        this.name = name;
    }

    /**
     * Adds a step that runs only if the previous await succeeded.
     *
     * @param step the step
     * @return this
     */
    Scripted<T> then(Step step) {
        steps.add((v, e) -> step.apply(v));
        catching.add(false);
        return this;
    }

    /**
     * Adds a step that runs whether the previous await succeeded or failed.
     *
     * @param step the step
     * @return this
     */
    Scripted<T> thenCatching(CatchingStep step) {
        steps.add(step);
        catching.add(true);
        return this;
    }

    /**
     * A step's return value meaning "return {@code v}", even if {@code v} is an awaitable.
     *
     * @param v the value
     * @return the wrapper
     */
    static Value value(Object v) {
        return new Value(v);
    }

    /**
     * A coroutine that awaits {@code awaitable} and returns its value.
     *
     * @param name the coroutine's name
     * @param awaitable what to await
     * @param <T> the result type
     * @return the coroutine
     */
    static <T> Scripted<T> awaiting(String name, Awaitable<?> awaitable) {
        return new Scripted<T>(name).then(v -> awaitable).then(v -> value(v));
    }

    /**
     * A coroutine that returns {@code result} at once, without suspending.
     *
     * @param name the coroutine's name
     * @param result the result
     * @param <T> the result type
     * @return the coroutine
     */
    static <T> Scripted<T> returning(String name, T result) {
        return new Scripted<T>(name).then(v -> value(result));
    }

    @Override
    protected Object invoke(Object value, Throwable error) {
        if (label == 0 && error != null) {
            // Frame's contract: an exception thrown into a coroutine that has not started ends
            // it without running any of its body (Python's coro.throw() before the first send).
            throw new AssertionError(
                    "the body of " + name + "() was entered with an exception " + "before it started: " + error);
        }
        while (true) {
            if (label >= steps.size()) {
                throw new AssertionError("coroutine " + name + "() ran out of steps after step " + label
                        + (error != null ? ", with pending exception " + error : ""));
            }
            int index = label++;
            if (error != null && !catching.get(index)) {
                // No except clause around the await: the exception propagates.
                throw Throwables.sneaky(error);
            }
            Object r;
            try {
                r = steps.get(index).apply(value, error);
            } catch (Throwable t) {
                throw Throwables.sneaky(t);
            }
            if (r instanceof Value) {
                return ((Value) r).value();
            }
            if (!(r instanceof Awaitable)) {
                return r;
            }
            try {
                Object awaited = Intrinsics.await((Awaitable<?>) r, this);
                if (awaited == SUSPENDED) {
                    return SUSPENDED;
                }
                value = awaited;
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
        return "Scripted.java";
    }

    /**
     * Stands for the line number: the number of steps run so far, so a coroutine suspended
     * after its first step is "at Scripted.java:1".
     */
    @Override
    protected int currentLine() {
        return label;
    }
}
