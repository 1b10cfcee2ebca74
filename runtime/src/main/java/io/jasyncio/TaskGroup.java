package io.jasyncio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A scope of tasks: the body creates tasks in the group with {@link #createTask}, and the scope
 * ends only when all of them are done. The first task to fail cancels the other tasks and the
 * body; when everything is done the failures are raised together in an {@link ExceptionGroup}.
 * Entered by {@link Asyncio#taskGroup(Function)}.
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Void> main() {
 *     await(taskGroup(tg -> {
 *         tg.createTask(fetch("a"));
 *         tg.createTask(fetch("b"));
 *         return sleep(0);
 *     }));
 *     // both fetches are done here
 *     return done();
 * }
 * }</pre>
 *
 * <h2>Cancellation</h2>
 * A failing task cancels the task running the body (the parent) once, and the scope calls
 * {@link Task#uncancel()} for it on exit; the body's {@link CancelledError} is then swallowed
 * unless someone else cancelled the parent too, in which case it propagates (after the group's
 * tasks are done, and only if no task failed). Cancelling the parent while the scope waits for
 * its tasks cancels them all. An {@link Error} other than {@link CancelledError} and
 * {@link GeneratorExit} (Python's {@code KeyboardInterrupt}/{@code SystemExit}, see
 * {@link EventLoop#stopsTheLoop}) is raised alone, not in a group; raised by a task, it also
 * stops the loop at once, as in asyncio. Use a group only on its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.TaskGroup} (Python 3.12, {@code taskgroups.py}). Python's
 *     {@code async with TaskGroup() as tg:} becomes {@code await(taskGroup(tg -> body(tg)))}.
 *     Where Python iterates a set of tasks (which of them is cancelled first), jasyncio uses
 *     creation order. The body's own exception comes last in the group, as in Python.
 */
public final class TaskGroup {
    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private EventLoop loop;
    private Task<?> parentTask;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private List<Throwable> errors = new ArrayList<>();
    private Throwable baseError;
    private Future<Boolean> onCompletedFut;
    private final Consumer<Future<?>> onTaskDone = new OnTaskDone();

    /** The group's done callback; as an {@link AwaiterLink} it shows the parent task awaiting. */
    private final class OnTaskDone implements Consumer<Future<?>>, AwaiterLink {
        @Override
        public void accept(Future<?> task) {
            onTaskDone(task);
        }

        @Override
        public Future<?> awaiter() {
            return parentTask;
        }
    }

    /**
     * Creates a task group that is not entered yet; {@link #asyncWith} enters it.
     *
     * @apiNote Mirrors {@code asyncio.TaskGroup()}.
     */
    public TaskGroup() {}

    /**
     * A coroutine that enters this group, runs {@code body} with it and waits for every task of
     * the group, as {@link Asyncio#taskGroup} does: {@code async with tg: return await body(tg)}.
     * A group is entered once.
     *
     * @param body creates the body's coroutine from the entered group
     * @param <T> the body's result type
     * @return the coroutine, giving the body's result
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException when awaited, if the group was entered before ("TaskGroup
     *     &lt;TaskGroup entered&gt; has already been entered") or not in a task
     * @apiNote Mirrors {@code async with tg:} on an {@code asyncio.TaskGroup()}.
     */
    public <T> Coroutine<T> asyncWith(Function<TaskGroup, ? extends Coroutine<T>> body) {
        return new Scope<T>(this, body);
    }

    /**
     * Creates a task in the group, on the group's loop.
     *
     * @param coro the coroutine
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the group is not entered yet, is finished, or is shutting
     *     down after a failure or a cancellation
     * @apiNote Mirrors {@code TaskGroup.create_task(coro)}; Python raises {@code RuntimeError}.
     */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    /**
     * Creates a named task in the group, on the group's loop.
     *
     * @param coro the coroutine
     * @param name the task's name, or null for a default one
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the group is not entered yet, is finished, or is shutting
     *     down after a failure or a cancellation
     * @apiNote Mirrors {@code TaskGroup.create_task(coro, name=name)}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        if (!entered) {
            throw new IllegalStateException("TaskGroup " + this + " has not been entered");
        }
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        Task<T> task = name == null ? loop.createTask(coro) : loop.createTask(coro, name);
        if (task.done()) {
            // An eager task may already be done.
            onTaskDone(task);
        } else {
            tasks.add(task);
            task.addDoneCallback((Consumer) onTaskDone);
        }
        return task;
    }

    /**
     * Describes the group as Python's repr does, e.g. {@code <TaskGroup tasks=2 entered>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<TaskGroup");
        if (!tasks.isEmpty()) {
            sb.append(" tasks=").append(tasks.size());
        }
        if (errors != null && !errors.isEmpty()) {
            sb.append(" errors=").append(errors.size());
        }
        if (aborting) {
            sb.append(" cancelling");
        } else if (entered) {
            sb.append(" entered");
        }
        return sb.append('>').toString();
    }

    /** {@code __aenter__}. */
    private void enter() {
        if (entered) {
            throw new IllegalStateException("TaskGroup " + this + " has already been entered");
        }
        loop = Asyncio.getRunningLoop();
        parentTask = Asyncio.currentTask();
        if (parentTask == null) {
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task");
        }
        entered = true;
    }

    private static boolean isBaseError(Throwable e) {
        return EventLoop.stopsTheLoop(e);
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            if (!t.done()) {
                t.cancel();
            }
        }
    }

    private void onTaskDone(Future<?> task) {
        tasks.remove(task);
        if (onCompletedFut != null && tasks.isEmpty() && !onCompletedFut.done()) {
            onCompletedFut.setResult(true);
        }
        if (task.cancelled()) {
            return;
        }
        Throwable exc = task.exception();
        if (exc == null) {
            return;
        }
        errors.add(exc);
        if (isBaseError(exc) && baseError == null) {
            baseError = exc;
        }
        if (parentTask.done()) {
            loop.callExceptionHandler(ErrorContext.ofTask(
                    "Task " + task + " has errored out but its parent task " + parentTask + " is already completed",
                    exc,
                    (Task<?>) task));
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Cancel the parent once, so that whatever the body awaits is interrupted; exit()
            // uncancels it, so the parent is not left cancelled.
            abort();
            parentCancelRequested = true;
            parentTask.cancel();
        }
    }

    /**
     * The coroutine {@code taskGroup(body)} returns: {@code async with TaskGroup() as tg: return
     * await body(tg)}, with {@code __aexit__} inlined.
     *
     * <pre>
     *   label 0: enter; await body(tg) ──suspends──▶ label 1: body done (value or error)
     *   exit prelude (record base error, uncancel, abort if the body failed)
     *   ┌─▶ while tasks left: await onCompletedFut ──suspends──▶ label 2: a CancelledError
     *   │        here while not aborting means the parent was cancelled: abort          │
     *   └────────────────────────────────────────────────────────────────────────────┘
     *   then: base error / propagated CancelledError / ExceptionGroup / the body's value
     * </pre>
     */
    static final class Scope<T> extends Coroutine<T> {
        private final TaskGroup tg;
        private final Function<TaskGroup, ? extends Coroutine<T>> body;
        private int label;
        private Object bodyValue;
        private Throwable bodyError;
        private Throwable propagateCancellationError;

        Scope(TaskGroup tg, Function<TaskGroup, ? extends Coroutine<T>> body) {
            if (body == null) {
                throw new NullPointerException("body");
            }
            this.tg = tg;
            this.body = body;
        }

        @Override
        @SuppressWarnings("fallthrough")
        protected Object invoke(Object value, Throwable error) {
            switch (label) {
                case 0:
                    tg.enter();
                    label = 1;
                    try {
                        value = awaitIn(body.apply(tg), this);
                        if (value == SUSPENDED) {
                            return SUSPENDED;
                        }
                    } catch (Throwable t) {
                        value = null;
                        error = t;
                    }
                // fall through: the body finished without suspending
                case 1:
                    bodyValue = value;
                    bodyError = error;
                    exitPrelude();
                    return waitForTasks();
                case 2:
                    if (error instanceof CancelledError) {
                        if (!tg.aborting) {
                            // The parent task is being cancelled while the tasks still run.
                            propagateCancellationError = error;
                            tg.abort();
                        }
                    } else if (error != null) {
                        throw Sneaky.sneaky(error);
                    }
                    tg.onCompletedFut = null;
                    return waitForTasks();
                default:
                    throw new IllegalStateException("bad label " + label);
            }
        }

        /** The part of {@code __aexit__} before its wait loop. */
        private void exitPrelude() {
            Throwable exc = bodyError;
            tg.exiting = true;
            if (exc != null && isBaseError(exc) && tg.baseError == null) {
                tg.baseError = exc;
            }
            propagateCancellationError = exc instanceof CancelledError ? exc : null;
            if (tg.parentCancelRequested) {
                // The group cancelled the parent: it must uncancel it.
                if (tg.parentTask.uncancel() == 0) {
                    // No cancellation left: do not propagate CancelledError.
                    propagateCancellationError = null;
                }
            }
            if (exc != null && !tg.aborting) {
                // The parent is being cancelled, or the body failed.
                tg.abort();
            }
        }

        /** {@code while self._tasks: await self._on_completed_fut}, then the outcome. */
        private Object waitForTasks() {
            while (!tg.tasks.isEmpty()) {
                if (tg.onCompletedFut == null) {
                    tg.onCompletedFut = tg.loop.createFuture();
                }
                label = 2;
                Object r;
                Throwable error = null;
                try {
                    r = awaitIn(tg.onCompletedFut, this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                } catch (CancelledError e) {
                    error = e;
                }
                if (error != null && !tg.aborting) {
                    propagateCancellationError = error;
                    tg.abort();
                }
                tg.onCompletedFut = null;
            }
            label = 3;
            return outcome();
        }

        private Object outcome() {
            if (tg.baseError != null) {
                throw Sneaky.sneaky(tg.baseError);
            }
            // A CancelledError propagates unless tasks failed: their errors have priority.
            if (propagateCancellationError != null && tg.errors.isEmpty()) {
                throw Sneaky.sneaky(propagateCancellationError);
            }
            if (bodyError != null && !(bodyError instanceof CancelledError)) {
                tg.errors.add(bodyError);
            }
            if (!tg.errors.isEmpty()) {
                List<Throwable> errs = tg.errors;
                tg.errors = null;
                throw new ExceptionGroup("unhandled errors in a TaskGroup", errs);
            }
            return bodyValue;
        }

        @Override
        public String getName() {
            return "TaskGroup";
        }

        @Override
        protected String sourceFile() {
            return "TaskGroup.java";
        }

        @Override
        protected int currentLine() {
            return -1;
        }
    }
}
