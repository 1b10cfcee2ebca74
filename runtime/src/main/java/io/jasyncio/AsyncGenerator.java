package io.jasyncio;

import java.util.List;
import java.util.function.Function;

/**
 * An async generator object: the paused body of an {@link Async @Async} method declared to
 * return {@code AsyncGenerator}, which both awaits ({@code await(x)}) and hands values out one
 * at a time ({@link Yield#value(Object) Yield.value(v)}); each value costs its consumer one
 * await.
 *
 * <pre>{@code
 * @Async static AsyncGenerator<Integer, Void> ticker(int n, double delay) {
 *     try {
 *         for (int i = 0; i < n; i++) {
 *             Yield.value(i);                       // yield i
 *             await(sleep(delay));
 *         }
 *     } finally {
 *         System.out.println("ticker done");        // runs on aclose() and at shutdown too
 *     }
 *     return Yield.end();                           // an async generator returns no value
 * }
 *
 * @Async static Coroutine<Void> main() {
 *     AsyncGenerator<Integer, Void> ticks = ticker(3, 0.1);
 *     while (await(ticks.advance())) {              // async for i in ticker(3, 0.1):
 *         System.out.println(ticks.current());
 *     }
 *     return done();
 * }
 * }</pre>
 *
 * <p>Calling the method runs none of its body. An await inside the body suspends the task that
 * is consuming the generator, as in Python: the generator has no task of its own. Only one
 * {@code anext}/{@code asend}/{@code athrow}/{@code aclose} may be in progress at a time.
 *
 * <p>Finalisation: the running loop remembers every async generator that started iterating
 * (weakly: an abandoned one can still be collected). {@link EventLoop#shutdownAsyncgens()},
 * which {@link Asyncio#run} and {@link Runner#close()} call, closes the unfinished ones so
 * their {@code finally} blocks run; an unfinished one that becomes unreachable while its loop
 * runs is closed in a task on that loop.
 *
 * @param <Y> the type of the values yielded
 * @param <S> the type of the values sent in with {@link #asend}
 * @apiNote Mirrors Python's async generator object ({@code typing.AsyncGenerator[Y, S]}).
 *     Python's {@code async for} has no Java syntax: {@link #advance()} with {@link #current()}
 *     is the loop, {@link #forEach} and {@link #toList()} are the common whole-loop forms.
 */
public interface AsyncGenerator<Y, S> {

    /**
     * An awaitable that runs the generator to its next yield.
     *
     * @return a coroutine whose value is the next value yielded; awaiting it throws
     *     {@link StopAsyncIteration} when the generator has finished, and
     *     {@link IllegalStateException} ("anext(): asynchronous generator is already running")
     *     if another step of this generator is in progress
     * @apiNote Mirrors {@code anext(agen)} ({@code agen.__anext__()}).
     */
    Coroutine<Y> anext();

    /**
     * An awaitable that runs the generator to its next yield, or gives {@code defaultValue}
     * when it has finished.
     *
     * @param defaultValue what the await gives at the end instead of raising
     * @return a coroutine whose value is the next value yielded, or {@code defaultValue}
     * @apiNote Mirrors {@code anext(agen, default)}.
     */
    Coroutine<Y> anext(Y defaultValue);

    /**
     * An awaitable that resumes the generator, making its pending {@code Yield.value(...)}
     * return {@code value}, and runs it to its next yield.
     *
     * @param value what the pending yield returns; must be null while the generator has not
     *     started
     * @return a coroutine whose value is the next value yielded; awaiting it throws
     *     {@link StopAsyncIteration} at the end, and {@link IllegalArgumentException} if
     *     {@code value} is not null for a generator that has not started ("can't send non-null
     *     value to a just-started async generator")
     * @apiNote Mirrors {@code agen.asend(value)}.
     */
    Coroutine<Y> asend(S value);

    /**
     * An awaitable that raises {@code error} inside the generator at its pending yield and runs
     * it to its next yield.
     *
     * @param error the exception to raise
     * @return a coroutine whose value is the next value yielded, if the generator catches the
     *     error and yields; awaiting it throws {@link StopAsyncIteration} if the generator
     *     returns instead, and whatever the generator lets escape ({@code error} included). On a
     *     generator that has not started, the error is raised at once and none of the body
     *     runs; on a finished one the await gives null, as CPython 3.11 and 3.12 do
     * @throws NullPointerException if {@code error} is null
     * @apiNote Mirrors {@code agen.athrow(error)}.
     */
    Coroutine<Y> athrow(Throwable error);

    /**
     * An awaitable that finishes the generator: raises {@link GeneratorExit} at its pending
     * yield so that its {@code finally} blocks run (and may await). A generator that has not
     * started, or has finished, is just marked done.
     *
     * @return a coroutine done when the generator has finished; awaiting it throws
     *     {@link IllegalStateException} ("async generator ignored GeneratorExit") if the
     *     generator yields again, and any other exception the generator raises while closing
     * @apiNote Mirrors {@code agen.aclose()}.
     */
    Coroutine<Void> aclose();

    /**
     * An awaitable that moves to the generator's next value: true, with the value in
     * {@link #current()}, or false once the generator has finished. One call per iteration of
     * {@code while (await(gen.advance())) { ... gen.current() ... }}, the Java spelling of
     * {@code async for}; the loop body may await, and leaving it early leaves the generator
     * suspended (close it with {@link #aclose()}, or let the loop's shutdown do it).
     *
     * @return a coroutine whose value says whether a value was produced
     */
    Coroutine<Boolean> advance();

    /**
     * The value the last successful {@link #advance()} produced.
     *
     * @return the value, or null before the first advance
     */
    Y current();

    /**
     * A coroutine that runs {@code body} on each value in turn, awaiting what it returns before
     * asking for the next value: {@code async for v in agen: await body(v)}. The body is usually
     * an {@code @Async} lambda or method reference; when it throws, the loop stops and the
     * exception propagates, leaving the generator suspended, as in Python.
     *
     * @param body what to run on each value; returns the awaitable to await, or null for none
     * @return the coroutine; its value is null
     * @throws NullPointerException if {@code body} is null
     */
    Coroutine<Void> forEach(Function<? super Y, ? extends Awaitable<?>> body);

    /**
     * A coroutine that collects every remaining value.
     *
     * @return the coroutine; its value is a new modifiable list
     * @apiNote Mirrors {@code [v async for v in agen]}.
     */
    Coroutine<List<Y>> toList();

    /**
     * The qualified name of the generator's method, such as {@code Ticks.ticker}.
     *
     * @return the name
     * @apiNote Mirrors {@code ag_code.co_qualname}.
     */
    String getName();

    /**
     * Tells whether the generator has finished, by returning, throwing or being closed.
     *
     * @return true once finished
     */
    boolean isDone();

    /**
     * Tells whether one of the generator's steps ({@code anext}, {@code asend},
     * {@code athrow}, {@code aclose}) is in progress, possibly suspended on an await inside
     * the generator.
     *
     * @return true while a step is in progress
     * @apiNote Mirrors {@code ag_running}.
     */
    boolean isRunning();
}
