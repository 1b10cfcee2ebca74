package io.jasyncio.internal.trace;

import io.jasyncio.Task;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Publishes the loop's events as JFR events, in the category "jasyncio". Loaded only when the
 * {@code jdk.jfr} module is present and a recording has them enabled (see {@link JfrSwitch}).
 * Every event carries the loop time in seconds ({@code loopTime}), since JFR's own timestamps
 * are real time and a virtual clock may be running far ahead.
 */
final class JfrSink {
    private JfrSink() {}

    static JfrSink create() {
        return new JfrSink();
    }

    /** A task step: begins when the loop runs it, commits when it returns. */
    @Name("io.jasyncio.TaskStep")
    @Label("Task Step")
    @Category("jasyncio")
    @Description("One step of a task: the coroutine ran from a resumption to its next suspension or its end")
    @StackTrace(false)
    static final class TaskStepEvent extends Event {
        @Label("Task")
        String task;

        @Label("Loop Time")
        @Description("The loop clock, in seconds, when the step began")
        double loopTime;

        @Label("Suspended On")
        @Description("What the task waits on after the step, if it did not finish")
        String suspendedOn;

        @Label("Outcome")
        @Description("result, exception or cancelled, if the task finished in this step")
        String outcome;
    }

    /** A task was created. */
    @Name("io.jasyncio.TaskCreated")
    @Label("Task Created")
    @Category("jasyncio")
    @StackTrace(false)
    static final class TaskCreatedEvent extends Event {
        @Label("Task")
        String task;

        @Label("Loop Time")
        double loopTime;
    }

    /** A waiting task was woken: it joined the ready queue. */
    @Name("io.jasyncio.TaskWakeup")
    @Label("Task Wakeup")
    @Category("jasyncio")
    @StackTrace(false)
    static final class TaskWakeupEvent extends Event {
        @Label("Task")
        String task;

        @Label("Loop Time")
        double loopTime;
    }

    /** A callback other than a task step ran: a timer, an I/O callback, a callSoon. */
    @Name("io.jasyncio.Callback")
    @Label("Loop Callback")
    @Category("jasyncio")
    @StackTrace(false)
    static final class CallbackEvent extends Event {
        @Label("Callback")
        String callback;

        @Label("Kind")
        String kind;

        @Label("Loop Time")
        double loopTime;
    }

    /** A timer was scheduled. */
    @Name("io.jasyncio.TimerScheduled")
    @Label("Timer Scheduled")
    @Category("jasyncio")
    @StackTrace(false)
    static final class TimerScheduledEvent extends Event {
        @Label("Callback")
        String callback;

        @Label("Due")
        @Description("The loop time, in seconds, the timer is due at")
        double when;

        @Label("Loop Time")
        double loopTime;
    }

    /** The selector reported a channel ready and queued its callback. */
    @Name("io.jasyncio.IoReady")
    @Label("I/O Ready")
    @Category("jasyncio")
    @StackTrace(false)
    static final class IoReadyEvent extends Event {
        @Label("Callback")
        String callback;

        @Label("Loop Time")
        double loopTime;
    }

    void taskCreated(Task<?> task, long now) {
        TaskCreatedEvent e = new TaskCreatedEvent();
        if (e.shouldCommit()) {
            e.task = task.getName();
            e.loopTime = now / 1e9;
            e.commit();
        }
    }

    void woken(Task<?> task, long now) {
        TaskWakeupEvent e = new TaskWakeupEvent();
        if (e.shouldCommit()) {
            e.task = task.getName();
            e.loopTime = now / 1e9;
            e.commit();
        }
    }

    Object stepStarted(Task<?> task, long now) {
        TaskStepEvent e = new TaskStepEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.task = task.getName();
        e.loopTime = now / 1e9;
        e.begin();
        return e;
    }

    void stepEnded(Object ev, Task<?> task, String outcome, String suspendedOn) {
        if (ev instanceof TaskStepEvent e) {
            e.end();
            if (e.shouldCommit()) {
                e.outcome = outcome;
                e.suspendedOn = suspendedOn;
                e.commit();
            }
        }
    }

    Object callbackStarted(Runnable handle, long now) {
        CallbackEvent e = new CallbackEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.loopTime = now / 1e9;
        e.begin();
        return e;
    }

    void callbackEnded(Object ev, Runnable handle) {
        if (ev instanceof CallbackEvent e) {
            e.end();
            if (e.shouldCommit()) {
                e.callback = Tracer.describe(handle);
                e.kind = Tracer.isTimer(handle) ? "timer" : "callback";
                e.commit();
            }
        }
    }

    void timerScheduled(Object callback, long now, double when) {
        TimerScheduledEvent e = new TimerScheduledEvent();
        if (e.shouldCommit()) {
            e.callback = String.valueOf(callback);
            e.when = when;
            e.loopTime = now / 1e9;
            e.commit();
        }
    }

    void ioReady(Runnable r, long now) {
        IoReadyEvent e = new IoReadyEvent();
        if (e.shouldCommit()) {
            e.callback = String.valueOf(r);
            e.loopTime = now / 1e9;
            e.commit();
        }
    }
}
