package io.jasyncio.internal.trace;

import io.jasyncio.Coroutine;
import io.jasyncio.Handle;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What the loop calls, through its {@code tracer} field, when a trace or a JFR recording
 * watches it; the field is null otherwise, so an untraced loop pays one predictable branch per
 * hook. It fans each event out to an in-memory {@link Recorder} (for {@code io.jasyncio.Trace})
 * and to JFR, either of which may be absent. Loop thread only.
 *
 * <p>Callbacks nest: an eager task's first step runs inside another step, so the open
 * callbacks are kept on a small stack.
 */
public final class Tracer {
    private final LongSupplier clock;
    private Recorder recorder;
    /** A {@code JfrSink}, typed as Object so that this class loads without {@code jdk.jfr}. */
    private Object jfr;

    private Runnable[] openHandles = new Runnable[4];
    private long[] openStarts = new long[4];
    private Object[] openJfr = new Object[4];
    private int depth;

    /**
     * Creates a tracer reading {@code clock}.
     *
     * @param clock the loop's clock: traces are in loop time
     */
    public Tracer(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * The recorder, or null.
     *
     * @return the recorder
     */
    public Recorder recorder() {
        return recorder;
    }

    /**
     * Sets the recorder.
     *
     * @param recorder the recorder, or null
     */
    public void setRecorder(Recorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Whether JFR events are published.
     *
     * @return true if they are
     */
    public boolean jfrOn() {
        return jfr != null;
    }

    /**
     * Turns JFR publishing on or off.
     *
     * @param on whether to publish
     */
    public void setJfr(boolean on) {
        this.jfr = on ? JfrSink.create() : null;
    }

    /**
     * Whether anything still listens.
     *
     * @return false when both the recorder and JFR are off
     */
    public boolean idle() {
        return recorder == null && jfr == null;
    }

    /**
     * A task was created.
     *
     * @param task the task
     */
    public void taskCreated(Task<?> task) {
        long now = clock.getAsLong();
        if (recorder != null) {
            recorder.taskCreated(task, now);
        }
        if (jfr != null) {
            ((JfrSink) jfr).taskCreated(task, now);
        }
    }

    /**
     * Something joined the ready queue; a task there was woken.
     *
     * @param r what was queued
     */
    public void enqueued(Runnable r) {
        if (r instanceof Task<?> t) {
            long now = clock.getAsLong();
            if (recorder != null) {
                recorder.woken(t, now);
            }
            if (jfr != null) {
                ((JfrSink) jfr).woken(t, now);
            }
        }
    }

    /**
     * A timer was scheduled.
     *
     * @param timer the timer
     * @param callback its callback
     */
    public void timerScheduled(TimerHandle timer, Runnable callback) {
        timerScheduled(timer.when(), callback);
    }

    /**
     * A timer entry was scheduled: a loop timer, or a sleeping coroutine's own entry.
     *
     * @param when its deadline, in loop seconds
     * @param callback what runs then (a callback, or the sleep that wakes its task)
     */
    public void timerScheduled(double when, Object callback) {
        long now = clock.getAsLong();
        if (recorder != null) {
            recorder.mark(now, now, "timer scheduled", "for " + formatLoopTime(when) + ": " + callback);
        }
        if (jfr != null) {
            ((JfrSink) jfr).timerScheduled(callback, now, when);
        }
    }

    /**
     * An I/O callback became ready.
     *
     * @param r the callback the selector queued
     */
    public void ioReady(Runnable r) {
        long now = clock.getAsLong();
        if (recorder != null) {
            recorder.mark(now, now, "I/O ready", String.valueOf(r));
        }
        if (jfr != null) {
            ((JfrSink) jfr).ioReady(r, now);
        }
    }

    /**
     * The loop is about to run {@code handle}: a task step, a timer, an I/O or plain callback.
     *
     * @param handle what runs
     */
    public void before(Runnable handle) {
        long now = clock.getAsLong();
        if (depth == openHandles.length) {
            openHandles = Arrays.copyOf(openHandles, depth * 2);
            openStarts = Arrays.copyOf(openStarts, depth * 2);
            openJfr = Arrays.copyOf(openJfr, depth * 2);
        }
        openHandles[depth] = handle;
        openStarts[depth] = now;
        Object ev = null;
        if (handle instanceof Task<?> t) {
            if (recorder != null) {
                recorder.stepStarted(t, now);
            }
            if (jfr != null) {
                ev = ((JfrSink) jfr).stepStarted(t, now);
            }
        } else if (jfr != null) {
            ev = ((JfrSink) jfr).callbackStarted(handle, now);
        }
        openJfr[depth] = ev;
        depth++;
    }

    /**
     * {@code handle}, the innermost open one, has returned or thrown.
     *
     * @param handle what ran
     */
    public void after(Runnable handle) {
        if (depth == 0 || openHandles[depth - 1] != handle) {
            return; // started before this tracer was attached
        }
        depth--;
        long start = openStarts[depth];
        Object ev = openJfr[depth];
        openHandles[depth] = null;
        openJfr[depth] = null;
        long now = clock.getAsLong();
        if (handle instanceof Task<?> t) {
            WaitDescriber.Description w = t.done() ? null : WaitDescriber.describe(t);
            if (recorder != null) {
                recorder.stepEnded(t, now, w == null ? WaitKind.RUNNING : w.kind(), w == null ? "" : w.detail());
            }
            if (jfr != null) {
                ((JfrSink) jfr).stepEnded(ev, t, w == null ? Recorder.outcome(t) : null, w == null ? null : w.detail());
            }
        } else {
            if (recorder != null) {
                String kind = isTimer(handle) ? "timer" : "callback";
                recorder.mark(start, now, kind, describe(handle));
            }
            if (jfr != null) {
                ((JfrSink) jfr).callbackEnded(ev, handle);
            }
        }
    }

    static String describe(Runnable handle) {
        if (handle instanceof Handle) {
            return handle.toString();
        }
        return handle.getClass().getName();
    }

    private static String formatLoopTime(double seconds) {
        return String.format(Locale.ROOT, "%.6f", seconds);
    }

    /**
     * Tells whether a callback the loop runs is a timer: a {@link TimerHandle}, or a sleeping
     * coroutine, which is its own entry in the loop's timer heap (tasks, the other coroutines in
     * the ready queue, are {@link Task}s).
     *
     * @param handle what the loop runs
     * @return true for a timer
     */
    static boolean isTimer(Runnable handle) {
        return handle instanceof TimerHandle || handle instanceof Coroutine;
    }
}
