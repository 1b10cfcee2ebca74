package io.jasyncio.agent.internal.model;

/**
 * One {@code await(...)} call in an {@code @Async} method.
 *
 * @param index the instruction's index in the original method
 * @param label the state number the method resumes at after this point (1, 2, ...)
 * @param line the source line, or -1 when the class has no line numbers
 * @param kind what is awaited
 */
public record SuspensionPoint(int index, int label, int line, Kind kind) {
    /** The two await entry points of the runtime. */
    public enum Kind {
        /** {@code await(Awaitable)}: a coroutine, future or task. */
        AWAITABLE,
        /** {@code await(CompletionStage)}: any JDK completion stage. */
        COMPLETION_STAGE,
        /** {@code Yield.value(v)} in a generator: hands {@code v} to the consumer. */
        YIELD_VALUE,
        /** {@code Yield.from(sub)} in a generator: delegates to a sub-generator (PEP 380). */
        YIELD_FROM,
        /** {@code Yield.from(awaitable)} in a generator-based coroutine: an await. */
        YIELD_FROM_AWAITABLE
    }
}
