package io.jasyncio.samples;

import io.jasyncio.EventLoop;
import io.jasyncio.TimerHandle;

/**
 * One connection's deadline for the protocol servers, which move it on every chunk or request:
 * moving it only sets a field, because the loop timer behind it is not rescheduled each time.
 * The timer is armed at most {@code granularity} ahead; when it fires before the deadline it is
 * armed again, and only a deadline moved earlier than the armed timer re-arms it at once. A
 * connection therefore costs one timer per {@code granularity} seconds however busy it is, and
 * nothing per read, while the deadline is still kept exactly. Loop thread only.
 */
final class Deadline {
    private static final double ROUNDING = 1e-6;
    private final EventLoop loop;
    private final double granularity;
    private final Runnable onExpiry;
    private final Runnable check = this::check;
    private double when = Double.POSITIVE_INFINITY;
    private TimerHandle timer;

    /**
     * @param loop the connection's loop
     * @param granularity the longest a timer is armed for, in seconds: the shortest delay the
     *     connection uses, so that moving the deadline later never needs a new timer
     * @param onExpiry what to do when the deadline passes (once per deadline set)
     */
    Deadline(EventLoop loop, double granularity, Runnable onExpiry) {
        this.loop = loop;
        this.granularity = granularity;
        this.onExpiry = onExpiry;
    }

    /** Sets the deadline {@code seconds} from now. */
    void in(double seconds) {
        at(loop.time() + seconds);
    }

    /** Sets the deadline to {@code when}, in loop time. */
    void at(double when) {
        this.when = when;
        if (timer == null || timer.when() > when) {
            if (timer != null) {
                timer.cancel();
            }
            arm();
        }
    }

    /** Removes the deadline and its timer, for a closed connection. */
    void cancel() {
        when = Double.POSITIVE_INFINITY;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void arm() {
        timer = loop.callLater(Math.min(when - loop.time(), granularity), check);
    }

    private void check() {
        timer = null;
        if (when == Double.POSITIVE_INFINITY) {
            return;
        }
        // The loop keeps timers in whole nanoseconds: one may fire a rounding error before when.
        if (loop.time() >= when - ROUNDING) {
            when = Double.POSITIVE_INFINITY;
            onExpiry.run();
        } else {
            arm();
        }
    }
}
