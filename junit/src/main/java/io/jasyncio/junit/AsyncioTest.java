package io.jasyncio.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the tests of a class with the {@link AsyncioExtension}: every test (and its
 * {@code @BeforeEach} and {@code @AfterEach} methods) may take a {@link TestLoop} parameter, a
 * fresh event loop on virtual time, and runs its coroutines with {@link TestLoop#run}.
 *
 * <pre>{@code
 * @AsyncioTest
 * class RetryTest {
 *     @Test
 *     void retriesAfterOneSecond(TestLoop loop) {
 *         assertEquals("ok", loop.run(fetchWithRetry()));
 *         assertEquals(1.0, loop.time());
 *     }
 * }
 * }</pre>
 *
 * <p>Why a parameter and not a test method returning {@code Coroutine}: JUnit Jupiter only
 * discovers {@code void} test and lifecycle methods (5.14 reports a non-void {@code @Test} as a
 * discovery issue and skips it), so a test cannot hand its coroutine to the extension by
 * returning it. {@code loop.run(body())} keeps the body a real {@code @Async} method and the
 * test one line.
 *
 * <p>After each test the extension checks, and fails the test with a message naming each
 * culprit, if: a task is still pending; a task finished with an exception nobody retrieved; a
 * coroutine created by the test thread was never awaited; a callback blocked the loop longer
 * than {@link BlockedLoopThreshold} (1 s by default); the loop's exception handler was called;
 * or an {@link AsyncioTimeout} expired.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(AsyncioExtension.class)
public @interface AsyncioTest {}
