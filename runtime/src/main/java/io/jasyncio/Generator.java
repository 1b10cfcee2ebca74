package io.jasyncio;

import java.util.stream.Stream;

/**
 * A generator object: the paused body of a generator method, which hands values out one at a
 * time with {@link Yield#value(Object) Yield.value(v)} and receives what {@link #send} passes in.
 *
 * <pre>{@code
 * static Generator<Integer, Void, String> countdown(int n) {
 *     while (n > 0) {
 *         Yield.value(n--);
 *     }
 *     return Yield.result("liftoff");
 * }
 *
 * for (int i : countdown(3)) { ... }          // 3, 2, 1
 * }</pre>
 *
 * <p>A method whose declared return type is {@code Generator} and whose body uses {@link Yield}
 * is a generator method: the jasyncio agent rewrites it into a state machine, and calling it runs
 * none of its body until the first {@link #next()} or {@link #send(Object) send(null)}, as in
 * Python. Not thread-safe.
 *
 * @param <Y> the type of the values yielded
 * @param <S> the type of the values sent in
 * @param <R> the type of the value returned at the end
 * @apiNote Mirrors Python's generator object ({@code typing.Generator[Y, S, R]}).
 */
public interface Generator<Y, S, R> extends Iterable<Y> {

    /**
     * Runs the generator to its next yield.
     *
     * @return the value yielded
     * @throws StopIteration when the generator returns; it carries the return value
     * @apiNote Mirrors {@code next(gen)}.
     */
    Y next();

    /**
     * Resumes the generator, making the pending {@code Yield.value(...)} return {@code value},
     * and runs it to its next yield.
     *
     * @param value what the pending yield returns; must be null on the first send
     * @return the next value yielded
     * @throws StopIteration when the generator returns; it carries the return value
     * @throws IllegalArgumentException if a non-null value is sent to a generator that has not
     *     started (Python's {@code TypeError}), or the generator is running ("generator already
     *     executing", Python's {@code ValueError})
     * @apiNote Mirrors {@code gen.send(value)}.
     */
    Y send(S value);

    /**
     * Raises {@code error} inside the generator at its pending yield, and runs it to its next
     * yield.
     *
     * @param error the exception to raise
     * @return the next value yielded, if the generator catches the error and yields
     * @throws StopIteration when the generator returns
     * @apiNote Mirrors {@code gen.throw(error)}; any exception the generator lets escape,
     *     {@code error} included, propagates to the caller.
     */
    Y throwInto(Throwable error);

    /**
     * Finishes the generator: raises {@link GeneratorExit} at its pending yield so its
     * {@code finally} blocks run. A generator that has not started is just marked done.
     *
     * @return the generator's return value if it returned on {@code GeneratorExit}, else null
     * @throws IllegalStateException ("generator ignored GeneratorExit") if it yields again
     * @apiNote Mirrors {@code gen.close()} of Python 3.13, which returns the return value; that
     *     is why {@code Generator} is not {@link AutoCloseable}, whose {@code close()} returns
     *     nothing. Closing the {@link #stream()} closes the generator.
     */
    R close();

    /**
     * The generator's remaining values as a sequential stream; closing the stream closes the
     * generator.
     *
     * @return the stream
     */
    Stream<Y> stream();

    /**
     * Where the generator is in its life.
     *
     * @return the state
     * @apiNote Mirrors {@code inspect.getgeneratorstate(gen)}: {@code GEN_CREATED}, {@code
     *     GEN_RUNNING}, {@code GEN_SUSPENDED}, {@code GEN_CLOSED}.
     */
    CoroutineState getState();

    /**
     * The qualified name of the generator's method, such as {@code Countdown.countdown}.
     *
     * @return the name
     * @apiNote Mirrors {@code gi_code.co_qualname} ({@code __qualname__}).
     */
    String getName();

    /**
     * Tells whether the generator is executing right now.
     *
     * @return true while running
     * @apiNote Mirrors {@code gi_running}.
     */
    boolean isRunning();

    /**
     * The generator this one delegates to with {@code Yield.from}, while it does.
     *
     * @return the sub-generator (for {@code Yield.from(iterable)}, the generator over the
     *     iterable's iterator), or null
     * @apiNote Mirrors {@code gi_yieldfrom}.
     */
    Generator<?, ?, ?> getYieldFrom();

    /**
     * Where the generator is: class, method, file and, while suspended, the line of its yield.
     *
     * @return the element, or null once the generator is closed
     * @apiNote Mirrors {@code gi_frame}.
     */
    StackTraceElement getFrame();
}
