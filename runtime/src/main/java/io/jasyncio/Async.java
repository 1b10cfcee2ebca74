package io.jasyncio;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a coroutine function, the Java spelling of Python's {@code async def}.
 *
 * <p>The method returns {@link Coroutine Coroutine&lt;T&gt;}, suspends with
 * {@link Asyncio#await(Awaitable) await(x)} and returns its value with
 * {@link Asyncio#done(Object) done(v)}:
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Integer> answer() {
 *     await(sleep(1));
 *     return done(42);
 * }
 * }</pre>
 *
 * <p>The jasyncio agent ({@code -javaagent:jasyncio-agent.jar}) rewrites every method carrying
 * this annotation into a resumable state machine. Calling the method then runs none of its body:
 * it returns a new coroutine object holding the arguments, exactly as calling an {@code async def}
 * function does in Python. The body runs when the coroutine is awaited, wrapped in a task, or
 * driven by hand with {@link Coroutine#send(Object)}.
 *
 * <p>A method marked {@code @Async} that the agent did not rewrite fails at its first
 * {@code await} or {@code done} with an {@link IllegalStateException} naming the method and the
 * fix; it never silently blocks a thread.
 *
 * @apiNote Mirrors {@code async def}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Async {}
