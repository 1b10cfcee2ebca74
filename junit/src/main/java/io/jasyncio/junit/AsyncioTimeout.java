package io.jasyncio.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fails a test that runs too long, in loop time, in wall time, or both. A method's annotation
 * replaces its class's.
 *
 * <p>When a limit expires, the extension cancels the coroutine {@link TestLoop#run} is running
 * (so its {@code finally} blocks run), and the test fails with a message naming the limit, even
 * if the coroutine swallowed the cancellation. The wall-time limit also interrupts the test
 * thread, to free a loop blocked in a callback; it counts from the start of the first
 * {@code @BeforeEach} method to the end of the last {@code @AfterEach} method.
 *
 * @apiNote On virtual time the loop-time limit is the one that catches a coroutine that waits
 *     forever for a timer: loop time jumps to the limit at once instead of after a real wait.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AsyncioTimeout {
    /**
     * The most loop time the test may use, counted from the loop's creation.
     *
     * @return seconds of loop time; 0 or less for no limit
     */
    double loop() default 0;

    /**
     * The most real time the test may use.
     *
     * @return seconds of wall-clock time; 0 or less for no limit
     */
    double wall() default 0;
}
