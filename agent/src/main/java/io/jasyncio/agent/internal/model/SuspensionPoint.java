package io.jasyncio.agent.internal.model;

/**
 * One suspension point of a rewritten method: an {@code await(...)} or {@code Yield} call.
 *
 * @param index the instruction's index in the original method
 * @param label the state number the method resumes at after this point (1, 2, ...)
 * @param line the source line, or -1 when the class has no line numbers
 * @param kind what is awaited
 * @param mayThrow for {@code await(x, X.class)}, the internal name of the exception class the
 *     caller declared, when it is a class constant; else null
 */
public record SuspensionPoint(int index, int label, int line, Kind kind, String mayThrow) {
    /**
     * A point without a declared exception.
     *
     * @param index the instruction's index in the original method
     * @param label the state number
     * @param line the source line, or -1
     * @param kind what is awaited
     */
    public SuspensionPoint(int index, int label, int line, Kind kind) {
        this(index, label, line, kind, null);
    }

    /** The calls that suspend. */
    public enum Kind {
        /** {@code await(Awaitable)}: a coroutine, future or task. */
        AWAITABLE(1),
        /**
         * {@code await(Awaitable, Class)}: the same await; the class only tells javac which
         * checked exception the caller may catch, and is dropped.
         */
        AWAITABLE_MAY_THROW(2),
        /** {@code await(CompletionStage)}: any JDK completion stage. */
        COMPLETION_STAGE(1),
        /** {@code Yield.value(v)} in a generator: hands {@code v} to the consumer. */
        YIELD_VALUE(1),
        /** {@code Yield.from(sub)} in a generator: delegates to a sub-generator (PEP 380). */
        YIELD_FROM(1),
        /** {@code Yield.from(awaitable)} in a generator-based coroutine: an await. */
        YIELD_FROM_AWAITABLE(1);

        private final int operands;

        Kind(int operands) {
            this.operands = operands;
        }

        /**
         * How many values the call takes off the operand stack: the awaited (or yielded) value
         * first, then any others.
         *
         * @return 1, or 2 for {@link #AWAITABLE_MAY_THROW}
         */
        public int operands() {
            return operands;
        }

        /**
         * Tells whether the call awaits an awaitable, whatever the other arguments.
         *
         * @return true for {@link #AWAITABLE} and {@link #AWAITABLE_MAY_THROW}
         */
        public boolean awaitsAwaitable() {
            return this == AWAITABLE || this == AWAITABLE_MAY_THROW;
        }
    }
}
