package io.jasyncio.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How long one callback or task step may hold the loop, in real time, before the test fails
 * for blocking it. Without this annotation the limit is one second: generous, because the
 * first step of a test also loads and rewrites its classes. A method's annotation replaces its
 * class's.
 *
 * @apiNote The check is asyncio's debug-mode {@code slow_callback_duration} warning (0.1 s by
 *     default) turned into a failure.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface BlockedLoopThreshold {
    /**
     * The threshold.
     *
     * @return seconds of real time; 0 or less turns the check off
     */
    double value();
}
