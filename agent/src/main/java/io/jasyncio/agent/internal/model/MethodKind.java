package io.jasyncio.agent.internal.model;

/**
 * What a rewritten method is, decided once from its annotations, return type and calls; every
 * step after the classification, and {@code explain}, reads it from here.
 */
public enum MethodKind {
    /** An {@code @Async} method returning {@code Coroutine}: Python's {@code async def}. */
    COROUTINE("io/jasyncio/abi/Frame"),
    /**
     * A lambda body (javac's synthetic {@code lambda$...} method) returning {@code Coroutine}
     * that awaits or returns {@code done(...)}: an {@code async} lambda, which Java cannot
     * annotate.
     */
    COROUTINE_LAMBDA("io/jasyncio/abi/Frame"),
    /**
     * A {@code @GeneratorCoroutine} method: Python 3.4's {@code @asyncio.coroutine}, waiting with
     * {@code Yield.from(awaitable)}; deprecated, so its first use logs a warning.
     */
    GENERATOR_COROUTINE("io/jasyncio/abi/Frame"),
    /**
     * A method returning {@code Generator} that uses {@code Yield}, annotated or not, lambda
     * bodies included: Python's generator function.
     */
    GENERATOR("io/jasyncio/abi/GeneratorFrame"),
    /** An {@code @Async} method returning {@code AsyncGenerator}: Python's async generator. */
    ASYNC_GENERATOR("io/jasyncio/abi/AsyncGeneratorFrame");

    private final String frameSuperclass;

    MethodKind(String frameSuperclass) {
        this.frameSuperclass = frameSuperclass;
    }

    /**
     * The runtime class the method's frame class extends.
     *
     * @return its internal name, such as {@code io/jasyncio/abi/GeneratorFrame}
     */
    public String frameSuperclass() {
        return frameSuperclass;
    }
}
