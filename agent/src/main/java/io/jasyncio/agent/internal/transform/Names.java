package io.jasyncio.agent.internal.transform;

/**
 * The runtime's names, as the agent knows them: by string only, so that the agent never loads a
 * runtime class while transforming. The frame classes' superclasses are named by
 * {@link io.jasyncio.agent.internal.model.MethodKind}.
 */
final class Names {
    static final String ASYNC_DESC = "Lio/jasyncio/Async;";
    static final String INSTRUMENTED_DESC = "Lio/jasyncio/abi/Instrumented;";
    static final String ASYNCIO = "io/jasyncio/Asyncio";
    static final String COROUTINE_DESC = "Lio/jasyncio/Coroutine;";
    static final String AWAIT_DESC = "(Lio/jasyncio/Awaitable;)Ljava/lang/Object;";
    static final String AWAIT_STAGE_DESC = "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;";
    /** {@code await(awaitable, X.class)}: the class only declares a checked exception to javac. */
    static final String AWAIT_MAY_THROW_DESC = "(Lio/jasyncio/Awaitable;Ljava/lang/Class;)Ljava/lang/Object;";

    static final String DONE_VALUE_DESC = "(Ljava/lang/Object;)Lio/jasyncio/Coroutine;";
    static final String DONE_VOID_DESC = "()Lio/jasyncio/Coroutine;";

    static final String YIELD = "io/jasyncio/Yield";
    static final String GENERATOR_DESC = "Lio/jasyncio/Generator;";
    static final String YIELD_VALUE_DESC = "(Ljava/lang/Object;)Ljava/lang/Object;";
    static final String YIELD_FROM_DESC = "(Lio/jasyncio/Generator;)Ljava/lang/Object;";
    static final String YIELD_FROM_AWAITABLE_DESC = "(Lio/jasyncio/Awaitable;)Ljava/lang/Object;";
    /** {@code Yield.from(iterable)}: delegation to an iterable's iterator. */
    static final String YIELD_FROM_ITERABLE_DESC = "(Ljava/lang/Iterable;)Ljava/lang/Object;";

    static final String GENERATOR_COROUTINE_DESC = "Lio/jasyncio/GeneratorCoroutine;";
    static final String YIELD_RESULT_DESC = "(Ljava/lang/Object;)Lio/jasyncio/Generator;";
    static final String YIELD_DONE_DESC = "()Lio/jasyncio/Generator;";
    static final String ASYNC_GENERATOR_DESC = "Lio/jasyncio/AsyncGenerator;";
    /** {@code Yield.end()}: the return of an async generator. */
    static final String YIELD_END_DESC = "()Lio/jasyncio/AsyncGenerator;";

    static final String INTRINSIC_YIELD_VALUE_DESC = "(Ljava/lang/Object;Lio/jasyncio/abi/Frame;)Ljava/lang/Object;";
    static final String INTRINSIC_YIELD_FROM_DESC =
            "(Lio/jasyncio/Generator;Lio/jasyncio/abi/Frame;)Ljava/lang/Object;";
    static final String INTRINSIC_YIELD_FROM_ITERABLE_DESC =
            "(Ljava/lang/Iterable;Lio/jasyncio/abi/Frame;)Ljava/lang/Object;";

    static final String FRAME = "io/jasyncio/abi/Frame";
    static final String FRAME_DESC = "Lio/jasyncio/abi/Frame;";
    static final String INTRINSICS = "io/jasyncio/abi/Intrinsics";
    static final String INTRINSIC_AWAIT_DESC = "(Lio/jasyncio/Awaitable;Lio/jasyncio/abi/Frame;)Ljava/lang/Object;";
    static final String INTRINSIC_ENTER_INLINE_DESC =
            "(Lio/jasyncio/Awaitable;Lio/jasyncio/abi/Frame;)Lio/jasyncio/abi/Frame;";
    static final String INTRINSIC_LEAVE_INLINE_DESC =
            "(Ljava/lang/Object;Lio/jasyncio/abi/Frame;Lio/jasyncio/abi/Frame;)Ljava/lang/Object;";
    static final String INTRINSIC_FAIL_INLINE_DESC =
            "(Ljava/lang/Throwable;Lio/jasyncio/abi/Frame;)Ljava/lang/Throwable;";
    static final String INTRINSIC_AWAIT_STAGE_DESC =
            "(Ljava/util/concurrent/CompletionStage;Lio/jasyncio/abi/Frame;)Ljava/lang/Object;";
    static final String FRAME_FACTORY_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;ILjava/lang/String;Ljava/lang/String;[Ljava/lang/String;)"
            + "Ljava/lang/invoke/CallSite;";
    /** The body's descriptor: the frame, the value sent in, the exception thrown in. */
    static final String BODY_DESC =
            "(Lio/jasyncio/abi/Frame;Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;";

    static final String INVOKE_DESC = "(Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;";

    /** Must equal {@code io.jasyncio.abi.Intrinsics.ABI_VERSION}; a test checks they agree. */
    static final int ABI_VERSION = 3;

    private Names() {}

    static boolean isAwait(String owner, String name, String desc) {
        return owner.equals(ASYNCIO)
                && name.equals("await")
                && (desc.equals(AWAIT_DESC) || desc.equals(AWAIT_STAGE_DESC) || desc.equals(AWAIT_MAY_THROW_DESC));
    }

    /**
     * {@code done(v)}/{@code done()} of a coroutine, {@code Yield.result(v)}/{@code Yield.done()} of a
     * generator, or {@code Yield.end()} of an async generator.
     */
    static boolean isDone(String owner, String name, String desc) {
        if (owner.equals(YIELD)) {
            return name.equals("result") && desc.equals(YIELD_RESULT_DESC)
                    || name.equals("done") && desc.equals(YIELD_DONE_DESC)
                    || isYieldEnd(owner, name, desc);
        }
        return owner.equals(ASYNCIO)
                && name.equals("done")
                && (desc.equals(DONE_VALUE_DESC) || desc.equals(DONE_VOID_DESC));
    }

    /** True for the no-value forms, which the rewrite replaces with null. */
    static boolean isVoidDone(String desc) {
        return desc.equals(DONE_VOID_DESC) || desc.equals(YIELD_DONE_DESC) || desc.equals(YIELD_END_DESC);
    }

    static boolean isYieldEnd(String owner, String name, String desc) {
        return owner.equals(YIELD) && name.equals("end") && desc.equals(YIELD_END_DESC);
    }

    static boolean isYieldValue(String owner, String name, String desc) {
        return owner.equals(YIELD) && name.equals("value") && desc.equals(YIELD_VALUE_DESC);
    }

    /** {@code Yield.from(generator)} or {@code Yield.from(iterable)}: a yield from. */
    static boolean isYieldFrom(String owner, String name, String desc) {
        return owner.equals(YIELD)
                && name.equals("from")
                && (desc.equals(YIELD_FROM_DESC) || desc.equals(YIELD_FROM_ITERABLE_DESC));
    }

    /** {@code Yield.from(awaitable)}: an await, in a generator-based coroutine. */
    static boolean isYieldFromAwaitable(String owner, String name, String desc) {
        return owner.equals(YIELD) && name.equals("from") && desc.equals(YIELD_FROM_AWAITABLE_DESC);
    }
}
