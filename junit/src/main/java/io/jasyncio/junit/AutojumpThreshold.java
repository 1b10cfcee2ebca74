package io.jasyncio.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How long, in real time, the virtual-time loop of a test waits for pending real work (a
 * socket, an executor job, a child process, an awaited {@code CompletableFuture}) before it
 * jumps its clock to the next timer anyway. Without this annotation it is {@link
 * io.jasyncio.VirtualClock#DEFAULT_AUTOJUMP_THRESHOLD} (one second). With no real work pending
 * the clock jumps at once whatever the threshold, so sleeps still take no real time. A method's
 * annotation replaces its class's; it has no effect on {@link RealTime} tests.
 *
 * <p>Raise it for real work slower than a second (a remote server); lower it for a test whose
 * server idles while the test sleeps through many timers, each of which otherwise costs the
 * threshold in real time. Each jump past pending real work is reported after the test (see
 * {@link AsyncioTest}).
 *
 * @apiNote Mirrors trio's {@code MockClock(autojump_threshold=...)}; see {@link
 *     io.jasyncio.VirtualClock#setAutojumpThreshold}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AutojumpThreshold {
    /**
     * The threshold.
     *
     * @return seconds of real time; 0 jumps at once even past real work
     */
    double value();
}
