package io.jasyncio;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A coroutine scheduled on an event loop: a {@link Future} that the coroutine's result
 * completes.
 *
 * <p>A task runs its coroutine in steps. A step resumes the coroutine (sending in the result of
 * the future it awaited, or throwing that future's exception) and runs it until it suspends
 * again, returns or throws. When it suspends on a pending future, the task registers itself as
 * that future's done callback; when it yields bare ({@code sleep(0)}), it requeues itself.
 *
 * <pre>
 *   createTask ──▶ [ready queue] ──step──▶ suspended on future F ──F done──▶ [ready queue] ─ …
 *                                   └──▶ returned / threw / cancelled: the task is done
 * </pre>
 *
 * <h2>Cancellation</h2>
 * {@link #cancel(String)} cancels the future the task waits on, or, if it waits on nothing,
 * makes the next step throw {@link CancelledError} into the coroutine. A task cancelled before
 * its first step runs none of its body. The coroutine may catch the error; the task is
 * cancelled only if {@code CancelledError} escapes it.
 *
 * @param <T> the type of the coroutine's result
 * @apiNote Mirrors {@code asyncio.Task}.
 */
public class Task<T> extends Future<T> {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** The class of the runtime's sleep coroutine (and its subclass), left out of stacks. */
    private static final String SLEEP_CLASS = "io.jasyncio.internal.Sleep";

    private final Coroutine<T> coro;
    /** The name given, or the default {@code Task-N} once asked for; null until then. */
    private String name;
    /**
     * N of the default name {@code Task-N}, taken at creation so numbering follows creation
     * order as in asyncio, but turned into a string only when someone asks: a string per task
     * cost about 60 of the bytes a sleeping task retained (W2).
     */
    private final int id;
    /**
     * The future this task waits on, the coroutine that will wake it itself (a sleep, from the
     * timer heap), or a Throwable to throw into the coroutine next step.
     */
    private Object waiter;

    private int cancelRequests;
    private boolean mustCancel;

    /**
     * The context every step runs in: a copy of the creator's, or the one given; null for an
     * empty one not made yet (made when a step sets a variable or {@link #getContext()} asks),
     * so a task of a program that uses no context variable costs this field and nothing more.
     */
    private Context context;

    /** Links of the loop's registry of unfinished tasks ({@link TaskRegistry}); null when not in it. */
    Task<?> prevTask;

    Task<?> nextTask;

    /**
     * Creates a task for {@code coro}, for implementations of the loop: their
     * {@link EventLoop#createTask(Coroutine)} makes it and starts it with
     * {@code EventLoop.startTask}. In a loop in debug mode, the task remembers where it was
     * created.
     *
     * @param loop the loop that runs the task
     * @param coro the coroutine to run
     * @param name the task's name, or null for {@code Task-N}
     * @throws NullPointerException if {@code loop} or {@code coro} is null
     * @throws IllegalArgumentException if {@code coro} is a {@link Generator} ("a coroutine was
     *     expected, got ...", Python 3.12's {@code TypeError})
     * @throws IllegalStateException if the coroutine was already awaited or wrapped in a task
     */
    @SuppressWarnings("this-escape")
    protected Task(EventLoop loop, Coroutine<T> coro, String name) {
        this(loop, coro, name, null, false);
    }

    /**
     * Creates a task for {@code coro} that runs in {@code context}, for implementations of the
     * loop: their {@link EventLoop#createTask(Coroutine, String, Context)} makes it.
     *
     * @param loop the loop that runs the task
     * @param coro the coroutine to run
     * @param name the task's name, or null for {@code Task-N}
     * @param context the context every step runs in, or null for a copy of the current one
     * @throws NullPointerException if {@code loop} or {@code coro} is null
     * @throws IllegalStateException if the coroutine was already awaited or wrapped in a task
     */
    @SuppressWarnings("this-escape")
    protected Task(EventLoop loop, Coroutine<T> coro, String name, Context context) {
        this(loop, coro, name, context, context != null);
    }

    @SuppressWarnings("this-escape")
    private Task(EventLoop loop, Coroutine<T> coro, String name, Context context, boolean given) {
        super(loop);
        this.context = given ? context : loop.captureContext();
        if (coro == null) {
            throw new NullPointerException("coro");
        }
        if (coro instanceof Generator) {
            // A generator is a Coroutine at run time only (it shares the engine); Python 3.12
            // refuses it here too, instead of failing later with "Task got bad yield".
            throw new IllegalArgumentException("a coroutine was expected, got " + coro);
        }
        coro.claim();
        this.coro = coro;
        // As in asyncio, only unnamed tasks take a number.
        this.id = name == null ? COUNTER.incrementAndGet() : 0;
        this.name = name;
        if (loop.getDebug()) {
            DebugReports.taskCreated(this);
        }
    }

    /** Schedules the task's next step on its loop. */
    private void scheduleStep() {
        getLoop().scheduleStep(this);
    }

    /** Called once when the task becomes done, before its done callbacks run. */
    private void finished() {
        getLoop().tasks.remove(this);
    }

    /**
     * Refused: a task's result is its coroutine's.
     *
     * @param value ignored
     * @throws IllegalStateException always ("Task does not support set_result operation")
     * @apiNote Mirrors {@code Task.set_result}, which raises {@code RuntimeError}.
     */
    @Override
    public void setResult(T value) {
        throw new IllegalStateException("Task does not support set_result operation");
    }

    /**
     * Refused: a task's exception is its coroutine's.
     *
     * @param error ignored
     * @throws IllegalStateException always ("Task does not support set_exception operation")
     * @apiNote Mirrors {@code Task.set_exception}, which raises {@code RuntimeError}.
     */
    @Override
    public void setException(Throwable error) {
        throw new IllegalStateException("Task does not support set_exception operation");
    }

    /** Called by a future this task awaits when it becomes done. */
    final void wakeUp(Future<?> future) {
        scheduleStep();
    }

    /**
     * Runs one step of the coroutine. The loop calls this when the task's turn comes; user code
     * must not.
     *
     * @throws InvalidStateError if the task is already done
     * @apiNote Mirrors {@code Task.__step}, together with {@code Task.__wakeup}.
     */
    protected final void step() {
        if (done()) {
            throw new InvalidStateError("step(): already done: " + this);
        }
        Object value = null;
        Throwable error = null;
        Object w = waiter;
        waiter = null;
        if (w instanceof Future<?> f) {
            if (f.cancelled()) {
                error = f.cancelledError();
            } else if (f.exception() != null) {
                error = f.exception();
            } else {
                value = f.result();
            }
        } else if (w instanceof Throwable t) {
            error = t;
        }
        if (mustCancel) {
            if (!(error instanceof CancelledError)) {
                error = cancelledError();
            }
            mustCancel = false;
        }
        EventLoop loop = getLoop();
        if (loop.currentTask != null) {
            throw new IllegalStateException("Cannot enter into task " + this + " while another task " + loop.currentTask
                    + " is being executed.");
        }
        // asyncio runs each step inside self._context.run(...). The swap happens only when the
        // task's context differs from the current one: with no variable ever set both are null
        // and a step pays two loads and a compare.
        ThreadState state = loop.threadState;
        if (state == null) {
            state = ThreadState.get(); // an eager task created before its loop runs
        }
        Context c = context;
        Context outer = state.context;
        if (c != outer) {
            if (c != null) {
                if (c.entered) {
                    throw c.alreadyEntered();
                }
                c.entered = true;
            }
            state.context = c;
        } else if (c != null) {
            throw c.alreadyEntered();
        }
        loop.currentTask = this;
        try {
            run(value, error);
        } finally {
            Context now = state.context;
            if (now != outer) {
                if (now != c) {
                    context = now; // made by a ContextVar.set in this step
                }
                if (now != null) {
                    now.entered = false;
                }
                state.context = outer;
            }
            if (loop.currentTask != this) {
                throw new IllegalStateException(
                        "Leaving task " + this + " does not match the current task " + loop.currentTask + ".");
            }
            loop.currentTask = null;
        }
    }

    /**
     * The context the task's steps run in: a copy of the context current where the task was
     * created, or the one given to {@code createTask}. It holds what the task's coroutine set.
     *
     * @return the context (made now if it is still empty and nobody asked for it before)
     * @apiNote Mirrors {@code Task.get_context()} of Python 3.12.
     */
    public final Context getContext() {
        Context c = context;
        if (c == null) {
            c = new Context();
            context = c;
            EventLoop loop = getLoop();
            if (loop.currentTask == this && ThreadState.get().context == null) {
                ThreadState state = ThreadState.get();
                // Asked from inside this step: the new context is the one this step runs in.
                c.entered = true;
                state.context = c;
            }
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private void run(Object value, Throwable error) {
        Object r;
        try {
            r = coro.resume(value, error);
        } catch (CancelledError e) {
            finished();
            super.cancel(e.getMessage());
            return;
        } catch (Throwable e) {
            finished();
            super.setException(e);
            if (EventLoop.stopsTheLoop(e)) {
                // Task.__step: SystemExit and KeyboardInterrupt are stored and re-raised.
                throw e;
            }
            return;
        }
        if (r != Coroutine.SUSPENDED) {
            finished();
            if (mustCancel) {
                mustCancel = false;
                super.cancel(cancelMessage());
            } else {
                super.setResult((T) r);
            }
            return;
        }
        Object awaited = coro.awaiting();
        if (awaited instanceof Coroutine<?> self) {
            // It arranged its own wake-up (a sleep is its own timer entry, which re-queues this
            // task when due): no future (W2).
            awaited = self.attachDriver(this);
            if (awaited == null) {
                waiter = self;
                if (mustCancel && self.cancelWakeUp()) {
                    mustCancel = false;
                    wakeCancelled(cancelMessage());
                }
                return;
            }
        }
        if (awaited == null) {
            // A bare yield gives up control for one loop iteration.
            scheduleStep();
        } else if (awaited instanceof Future<?> f) {
            if (f.getLoop() != getLoop()) {
                waiter = new IllegalStateException(
                        "Task " + this + " got Future " + f + " attached to a different loop");
                scheduleStep();
            } else if (f == this) {
                waiter = new IllegalStateException("Task cannot await on itself: " + this);
                scheduleStep();
            } else {
                waiter = f;
                f.addCallback(this);
                if (mustCancel && f.cancel(cancelMessage())) {
                    mustCancel = false;
                }
            }
        } else {
            waiter = new IllegalStateException("Task got bad yield: " + awaited);
            scheduleStep();
        }
    }

    /**
     * Requests cancellation: the coroutine will see a {@link CancelledError} at the point where
     * it waits, on the loop's next iteration at the earliest.
     *
     * @param message carried by the {@code CancelledError}, or null
     * @return false if the task is already done, true otherwise
     * @apiNote Mirrors {@code Task.cancel(msg=message)}: the request is counted (see
     *     {@link #cancelling()}) and one or many requests produce one {@code CancelledError}.
     */
    @Override
    public boolean cancel(String message) {
        if (done()) {
            return false;
        }
        cancelRequests++;
        if (waiter instanceof Future<?> f && f.cancel(message)) {
            return true;
        }
        if (waiter instanceof Coroutine<?> self && self.cancelWakeUp()) {
            wakeCancelled(message);
            return true;
        }
        mustCancel = true;
        setCancelMessage(message);
        return true;
    }

    /**
     * What cancelling the future a sleep awaits does in asyncio, for a sleep that has no future:
     * the task's next step, queued now, throws {@code CancelledError(message)} at the sleep.
     */
    private void wakeCancelled(String message) {
        waiter = new CancelledError(message);
        scheduleStep();
    }

    @Override
    CancelledError cancelledError() {
        return new CancelledError(cancelMessage());
    }

    /**
     * How many cancellation requests are pending: {@link #cancel(String)} raises it,
     * {@link #uncancel()} lowers it.
     *
     * @return the count
     * @apiNote Mirrors {@code Task.cancelling()}.
     */
    public final int cancelling() {
        return cancelRequests;
    }

    /**
     * Withdraws one cancellation request; structured primitives such as {@code timeout} and
     * {@code TaskGroup} call it when they absorb a cancellation they issued.
     *
     * @return the remaining count
     * @apiNote Mirrors {@code Task.uncancel()}.
     */
    public final int uncancel() {
        if (cancelRequests > 0) {
            cancelRequests--;
            if (cancelRequests == 0) {
                mustCancel = false;
            }
        }
        return cancelRequests;
    }

    /**
     * The coroutine this task runs.
     *
     * @return the coroutine
     * @apiNote Mirrors {@code Task.get_coro()}.
     */
    public final Coroutine<T> getCoro() {
        return coro;
    }

    /**
     * The task's name.
     *
     * @return the name, {@code Task-N} unless set
     * @apiNote Mirrors {@code Task.get_name()}.
     */
    public final String getName() {
        String n = name;
        if (n == null) {
            n = "Task-" + id;
            name = n;
        }
        return n;
    }

    /**
     * Renames the task.
     *
     * @param name the new name
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code Task.set_name(value)}.
     */
    public final void setName(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        this.name = name;
    }

    /**
     * Describes the task as asyncio's repr does: {@code <Task pending name='Task-1'
     * coro=<Count.count() running at Count.java:12> wait_for=<Future pending
     * cb=[Task.task_wakeup()]> cb=[App.<lambda>()]>}; {@code cancelling} instead of
     * {@code pending} once a cancellation is requested; once done {@code <Task finished
     * name='Task-1' coro=<Count.count() done, defined at Count.java> result=42>}
     * ({@code exception=...} instead of {@code result=...}; {@code cancelled} has neither). A
     * task waiting in {@code sleep}, which needs no future here, shows the future asyncio's
     * {@code sleep} would wait for.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return super.toString();
    }

    @Override
    final String reprName() {
        return "Task"; // never the loop's own subclass
    }

    @Override
    final void reprState(StringBuilder sb) {
        sb.append(cancelling() > 0 && !done() ? "cancelling" : stateName())
                .append(" name=")
                .append(Reprs.pyStr(getName()))
                .append(" coro=<")
                .append(coro.getName())
                .append("() ")
                .append(coro.isDone() ? "done, defined" : "running")
                .append(" at ")
                .append(coro.location())
                .append('>');
        Object w = waiter;
        if (w instanceof Future<?> f) {
            sb.append(" wait_for=").append(f);
        } else if (w instanceof Coroutine<?>) {
            sb.append(" wait_for=<Future pending cb=[Task.task_wakeup()]>");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Await chains (issue 8)

    /**
     * The logical stack of the task's coroutine, oldest (outermost) frame first: for a pending
     * task, the chain of coroutine frames it is suspended in, from its own coroutine down to
     * the innermost await, each with the line of that await (called from inside the running
     * task, its live Java frames down to the step's start); for a task that failed, the
     * coroutine frames its exception passed through; for a task that succeeded or was
     * cancelled, nothing.
     *
     * @return a new list of elements such as {@code Count.count(Count.java:12)}
     * @apiNote Mirrors {@code Task.get_stack()}, which for a suspended task sees only the
     *     outermost coroutine; here the whole await chain is there.
     */
    public final List<StackTraceElement> getStack() {
        return getStack(Integer.MAX_VALUE);
    }

    /**
     * At most {@code limit} frames of {@link #getStack()}: the newest ones of a stack, the
     * oldest ones of a failed task's traceback, as asyncio does; still oldest first.
     *
     * @param limit the most frames to return
     * @return a new list, oldest frame first
     * @throws IllegalArgumentException if {@code limit} is negative
     * @apiNote Mirrors {@code Task.get_stack(limit=limit)}.
     */
    public final List<StackTraceElement> getStack(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("Task.getStack: limit must be >= 0, got " + limit);
        }
        List<StackTraceElement> out = new ArrayList<>();
        if (done()) {
            Throwable e = cancelled() ? null : peekException();
            if (e == null) {
                return out;
            }
            StackTraceElement[] trace = e.getStackTrace();
            // The coroutine part of the trace: what ran above the runtime's resume (the thrower
            // and the callers the exception rippled through); for an exception made outside
            // the coroutine (set on a future), only the callers it was raised into.
            int resume = -1;
            for (int i = 0; i < trace.length && resume < 0; i++) {
                if (trace[i].getMethodName().equals("resume")
                        && trace[i].getClassName().equals(AwaitChains.RESUME_CLASS)) {
                    resume = i;
                }
            }
            for (int i = (resume >= 0 ? resume : trace.length) - 1; i >= 0 && out.size() < limit; i--) {
                String c = trace[i].getClassName();
                boolean await = AwaitChains.isAwaitElement(trace[i]);
                if (await || resume >= 0 && !AwaitChains.isEngine(c) && !c.endsWith("$Frame")) {
                    out.add(trace[i]);
                }
            }
            return out;
        }
        if (Asyncio.currentTaskOrNull() == this) {
            // Called from inside the task: its live Java stack, as asyncio reads the live frames.
            out.addAll(CallGraph.callStack(this));
            Collections.reverse(out);
        } else {
            for (Coroutine<?> f = coro; f != null; f = f.awaitedCoroutine()) {
                if (f.getClass().getName().startsWith(SLEEP_CLASS)) {
                    // The runtime's own sleep frame: asyncio shows the user's await of sleep as
                    // the innermost frame.
                    break;
                }
                out.add(f.toStackTraceElement());
            }
        }
        return out.size() > limit ? new ArrayList<>(out.subList(out.size() - limit, out.size())) : out;
    }

    /**
     * Prints {@link #getStack()} to {@link System#err}, as asyncio does.
     *
     * @apiNote Mirrors {@code Task.print_stack()}.
     */
    public final void printStack() {
        printStack(Integer.MAX_VALUE, System.err);
    }

    /**
     * Prints {@link #getStack()} to {@code out}.
     *
     * @param out where to print
     * @apiNote Mirrors {@code Task.print_stack(file=out)}.
     */
    public final void printStack(PrintStream out) {
        printStack(Integer.MAX_VALUE, out);
    }

    /**
     * Prints {@link #getStack(int)} to {@code out} in asyncio's layout:
     * <pre>
     * Stack for &lt;Task pending name='Task-1' coro=&lt;Chain.outer() running at Chain.java:10&gt;&gt; (most recent call last):
     *   File "Chain.java", line 10, in Chain.outer
     *   File "Chain.java", line 15, in Chain.middle
     * </pre>
     * A failed task prints {@code Traceback for ...} and its exception last; a task with no
     * stack prints {@code No stack for ...}.
     *
     * @param limit the most frames to print
     * @param out where to print
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws NullPointerException if {@code out} is null
     * @apiNote Mirrors {@code Task.print_stack(limit=limit, file=out)}.
     */
    public final void printStack(int limit, PrintStream out) {
        if (out == null) {
            throw new NullPointerException("out");
        }
        List<StackTraceElement> stack = getStack(limit);
        Throwable e = done() && !cancelled() ? peekException() : null;
        StringBuilder sb = new StringBuilder();
        if (stack.isEmpty()) {
            sb.append("No stack for ").append(this).append('\n');
        } else {
            sb.append(e != null ? "Traceback" : "Stack")
                    .append(" for ")
                    .append(this)
                    .append(" (most recent call last):\n");
            for (StackTraceElement el : stack) {
                sb.append(formatFrame(el)).append('\n');
            }
        }
        if (e != null) {
            sb.append(e).append('\n');
        }
        out.print(sb);
        out.flush();
    }

    /**
     * One frame as asyncio prints it: {@code   File "Count.java", line 12, in Count.count}.
     *
     * @param e the frame
     * @return the line, without a line break
     */
    static String formatFrame(StackTraceElement e) {
        String file = e.getFileName() == null ? "<unknown>" : e.getFileName();
        return "  File \"" + file + "\"" + (e.getLineNumber() > 0 ? ", line " + e.getLineNumber() : "") + ", in "
                + qualifiedName(e);
    }

    /**
     * The method's name as coroutines report theirs: simple class name, dot, method.
     *
     * @param e the frame
     * @return e.g. {@code Count.count}
     */
    static String qualifiedName(StackTraceElement e) {
        String c = e.getClassName();
        return c.substring(c.lastIndexOf('.') + 1).replace('$', '.') + "." + e.getMethodName();
    }
}
