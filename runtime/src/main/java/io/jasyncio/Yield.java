package io.jasyncio;

/**
 * What a generator method writes where Python writes {@code yield}, {@code yield from} and
 * {@code return} (Java 14 made {@code yield} a restricted word, so the calls are qualified).
 *
 * <pre>{@code
 * static Generator<String, String, Integer> echo() {
 *     int n = 0;
 *     String got = Yield.value("ready");          // got = yield "ready"
 *     while (got != null) {
 *         n++;
 *         got = Yield.value("echo " + got);
 *     }
 *     return Yield.result(n);                     // return n
 * }
 * }</pre>
 *
 * <p>In an {@link AsyncGenerator async generator} ({@code async def} with {@code yield}),
 * {@link #value(Object) Yield.value(v)} yields too, and {@link #end()} is the only return:
 * as in Python, an async generator cannot return a value or delegate with {@code yield from}.
 *
 * <p>The agent rewrites these calls; reached without the agent, each throws
 * {@link IllegalStateException} saying so.
 */
public final class Yield {
    private Yield() {}

    /**
     * Yields {@code value} to the consumer and returns what the consumer sends back.
     *
     * @param value the value handed out
     * @param <S> the type of the values sent in
     * @return what {@code send} passed (null for {@code next})
     * @throws IllegalStateException always, when reached: the calling method was not rewritten
     * @apiNote Mirrors the expression {@code yield value}.
     */
    public static <S> S value(Object value) {
        throw NotInstrumented.generator("Yield.value()");
    }

    /**
     * Delegates to {@code sub} until it returns: its yields go to this generator's consumer,
     * values sent and exceptions thrown in go to {@code sub}, closing this generator closes
     * {@code sub}; the call returns {@code sub}'s return value.
     *
     * @param sub the sub-generator
     * @param <R> its return type
     * @return {@code sub}'s return value
     * @throws IllegalStateException always, when reached: the calling method was not rewritten
     * @apiNote Mirrors {@code yield from sub} (PEP 380).
     */
    public static <R> R from(Generator<?, ?, R> sub) {
        throw NotInstrumented.generator("Yield.from()");
    }

    /**
     * Yields each element of {@code elements} to the consumer, then returns null: {@code
     * Yield.from(List.of(1, 2))} is {@code yield from [1, 2]}. Values sent in while it yields
     * must be null (an iterator has no {@code send}); an exception thrown in is raised here.
     *
     * @param elements what to yield
     * @return null (in rewritten code)
     * @throws IllegalStateException always, when reached: the calling method was not rewritten
     * @apiNote Mirrors {@code yield from iterable} for an iterable that is not a generator.
     */
    public static Object from(Iterable<?> elements) {
        throw NotInstrumented.generator("Yield.from()");
    }

    /**
     * In a {@link GeneratorCoroutine generator-based coroutine}, waits for {@code awaitable} as
     * {@code await} does. A plain generator cannot delegate to a coroutine; the agent refuses it.
     *
     * @param awaitable a coroutine, future or task
     * @param <T> the value's type
     * @return the value (in rewritten code)
     * @throws IllegalStateException always, when reached: the calling method was not rewritten
     * @apiNote Mirrors {@code yield from awaitable} in an {@code @asyncio.coroutine} function.
     */
    public static <T> T from(Awaitable<T> awaitable) {
        throw NotInstrumented.generator("Yield.from()");
    }

    /**
     * Returns {@code value} from a generator method: {@code return Yield.result(v);} is the
     * spelling of {@code return v} in a generator.
     *
     * @param value the return value, delivered by {@link StopIteration#value()}
     * @param <Y> the yield type
     * @param <S> the send type
     * @param <R> the return type
     * @return never returns when reached
     * @throws IllegalStateException always, when reached: the calling method was not rewritten
     */
    public static <Y, S, R> Generator<Y, S, R> result(R value) {
        throw NotInstrumented.generator("Yield.result()");
    }

    /**
     * Returns from a generator method without a value.
     *
     * @param <Y> the yield type
     * @param <S> the send type
     * @return never returns when reached
     * @throws IllegalStateException always, when reached: the calling method was not rewritten
     */
    public static <Y, S> Generator<Y, S, Void> done() {
        throw NotInstrumented.generator("Yield.done()");
    }

    /**
     * Returns from an async generator method: {@code return Yield.end();} is the spelling of
     * falling off the end (or a bare {@code return}) in an {@code async def} with {@code yield}.
     * An async generator returns no value; the agent refuses {@link #result(Object)} there.
     *
     * @param <Y> the yield type
     * @param <S> the send type
     * @return never returns when reached
     * @throws IllegalStateException always, when reached: the calling method was not rewritten
     */
    public static <Y, S> AsyncGenerator<Y, S> end() {
        throw NotInstrumented.generator("Yield.end()");
    }
}
