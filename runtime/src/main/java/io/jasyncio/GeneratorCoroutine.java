package io.jasyncio;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a generator-based coroutine, the style {@code @asyncio.coroutine} and {@code yield from}
 * gave Python 3.4: a method returning {@link Coroutine} that waits with
 * {@link Yield#from(Awaitable) Yield.from(awaitable)} instead of {@code await}.
 *
 * <pre>{@code
 * @GeneratorCoroutine
 * static Coroutine<String> py34Coro() {
 *     String s = Yield.from(stuff());         // yield from stuff()
 *     return done(s);
 * }
 * }</pre>
 *
 * <p>It interoperates both ways, as in Python: native coroutines can await it, it can wait for
 * native coroutines, futures and tasks, and {@code createTask}, {@code gather} and {@code run}
 * accept it. Its first use logs, once per method, the warning Python 3.8 to 3.10 printed once
 * per decorated function.
 *
 * @deprecated Mirrors {@code @asyncio.coroutine}, deprecated since Python 3.8 and removed in
 *     3.11; write an {@link Async @Async} method with {@code await} instead.
 */
@Deprecated
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GeneratorCoroutine {}
