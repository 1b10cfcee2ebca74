package io.jasyncio;

import java.util.function.Consumer;

/**
 * A coroutine object: the paused body of an {@link Async @Async} method, created by calling the
 * method and run by awaiting it, wrapping it in a {@link Task}, or driving it by hand.
 *
 * <p>Calling an {@code @Async} method runs none of its body: it only captures the arguments.
 * The body starts when the coroutine is first resumed, and a coroutine runs once: awaiting it a
 * second time is an error, as in Python.
 *
 * <h2>States</h2>
 * <pre>
 *   created ──resume──▶ running ──await of a pending future──▶ suspended
 *                          │  ▲                                   │
 *                          │  └────────────resume─────────────────┘
 *                          └──return or throw──▶ done
 * </pre>
 *
 * <h2>How a chain runs</h2>
 * This class is also the engine that runs coroutines. Awaiting a coroutine calls it inline: the
 * awaiter's body runs the callee's body on the same Java stack, with {@code caller} set. When
 * the innermost coroutine meets a pending future it returns the engine's {@code SUSPENDED}
 * marker; every coroutine on the way out saves its live values, records its callee in
 * {@code waitingOn} and returns {@code SUSPENDED} too, down to the driver (a task step).
 * Resuming reverses this without recursion: the driver's resume walks {@code waitingOn} to the
 * innermost coroutine, resumes it, and hands each result to its {@code caller} in a loop, so the
 * Java stack does not grow with the depth of the chain. Past {@value #MAX_INLINE_DEPTH} nested
 * inline awaits, an await hands the callee to the driver instead of calling it ("bounces"),
 * which bounds the stack for unbounded async recursion too.
 *
 * <p>The agent generates one subclass per {@code @Async} method, through
 * {@link io.jasyncio.abi.Frame}, the base class of generated code; the runtime's own coroutines
 * (sleeps, locks, queues, sockets) are subclasses written by hand. Applications never subclass
 * this class: the members marked protected are the engine's interface to those subclasses.
 *
 * @param <T> the type of the value the coroutine returns
 * @apiNote Mirrors Python's coroutine object ({@code types.CoroutineType}).
 */
public abstract class Coroutine<T> implements Awaitable<T> {
    /** Returned by a body, and by an await, when the coroutine suspended. */
    static final Object SUSPENDED = new Marker("SUSPENDED");

    /** What a coroutine waits on for a bare yield: resume on the loop's next iteration. */
    static final Object YIELD = new Marker("YIELD");

    /** What a generator waits on after {@code Yield.value(v)}: its consumer's next send. */
    static final Object YIELDED = new Marker("YIELDED");

    /** What an async generator waits on after {@code Yield.value(v)}: its step's resume. */
    static final Object ASYNC_YIELDED = new Marker("ASYNC_YIELDED");

    /** What a coroutine that arranged its own wake-up waits on; see {@link #suspendOnItself()}. */
    private static final Object ITSELF = new Marker("ITSELF");

    /**
     * How many inline awaits may nest before an await bounces through the driver. Each level
     * costs three or four Java frames; 128 levels fit a 256 KiB thread stack with room for the
     * user's own frames (400 did not), and a bounce every 128 levels costs nothing measurable.
     */
    static final int MAX_INLINE_DEPTH = 128;

    private static final byte CREATED = 0;
    private static final byte SUSPENDED_STATE = 1;
    private static final byte RUNNING = 2;
    private static final byte DONE = 3;
    /** Or-ed into {@link #state} once an awaiter or task owns the coroutine. */
    private static final byte CLAIMED = 0x10;

    private byte state;
    /**
     * Inline awaits nested below the driver; at most {@link #MAX_INLINE_DEPTH} + 1. A short, so
     * that it shares a word with {@link #state} right after the object header: the engine's own
     * fields end at 24 bytes, where a generated subclass's {@code label} goes, so a coroutine
     * with one saved {@code int} is 32 bytes, not 40 (W3, W5), and a sleep's 40 instead of 48
     * (W2).
     */
    short depth;

    /** The coroutine awaiting this one, while this one is suspended in the await. */
    Coroutine<?> caller;
    /** What this coroutine is suspended on: its callee, a future, or a marker. */
    Object waitingOn;

    /**
     * Told of every coroutine created while set. Deliberately not volatile: every coroutine
     * creation reads it, and a volatile read there was a measurable share of a {@code sleep(0)}
     * switch (W1). A plain static load costs nothing beyond the load itself when unset; see
     * {@link #setCreationListener} for what that means for visibility.
     */
    private static Consumer<? super Coroutine<?>> creationListener;

    /** Orders concurrent {@link #setCreationListener} calls (and publishes the field with them). */
    private static final Object LISTENER_LOCK = new Object();

    /**
     * For the engine's subclasses only: the frames of {@link io.jasyncio.abi} and the runtime's
     * own coroutines. Tells the creation listener, if one is set.
     */
    @SuppressWarnings("this-escape") // the listener only records the reference
    protected Coroutine() {
        Consumer<? super Coroutine<?>> listener = creationListener;
        if (listener != null && kind().equals("coroutine")) {
            listener.accept(this);
        }
    }

    /**
     * Sets the one listener told of every coroutine created from now on, in any thread, on the
     * thread that creates it; the coroutine's own fields are not yet set when it is called, so
     * it should only record the reference. Generators and async generators, which run on the
     * same engine but are iterated rather than awaited, are not reported. Test tools use it to find coroutines that were never
     * awaited ({@link #isStarted()} still false when the test ends), and debug mode to report
     * them when they are collected. Chain to the listener it returns, so that tools stack.
     *
     * <p>Coroutines created by this thread after the call, and by threads started or
     * synchronised with this one after it, are guaranteed to be reported; a thread already
     * running with no such ordering may miss the change for a while (the field is read without
     * a memory barrier, to keep coroutine creation cheap). Set it before starting the loops it
     * must watch.
     *
     * @param listener the listener, or null to remove it
     * @return the listener it replaces, or null
     * @apiNote Plays the role of CPython's coroutine origin tracking
     *     ({@code sys.set_coroutine_origin_tracking_depth}) and of its "coroutine was never
     *     awaited" warning, for any tool.
     */
    public static Consumer<? super Coroutine<?>> setCreationListener(Consumer<? super Coroutine<?>> listener) {
        synchronized (LISTENER_LOCK) {
            Consumer<? super Coroutine<?>> previous = creationListener;
            creationListener = listener;
            return previous;
        }
    }

    /**
     * A coroutine is awaited as itself.
     *
     * @return this coroutine
     */
    @Override
    public final Awaitable<T> awaitTarget() {
        return this;
    }

    // ------------------------------------------------------------------------------------------
    // What a subclass provides

    /**
     * Runs the body from where it stopped: a generated subclass calls the static method holding
     * the rewritten body, passing itself.
     *
     * @param value the value the pending await produces, or null
     * @param error the exception the pending await throws, or null
     * @return the body's result, or the engine's {@code SUSPENDED} marker
     */
    protected abstract Object invoke(Object value, Throwable error);

    /**
     * The qualified name of the coroutine's function, such as {@code Count.count}.
     *
     * @return the name
     * @apiNote Mirrors {@code cr_code.co_qualname}.
     */
    public abstract String getName();

    /**
     * The source file of the coroutine's function, or null if unknown.
     *
     * @return the file name
     */
    protected abstract String sourceFile();

    /**
     * The source line of the await the coroutine is suspended at, or -1.
     *
     * @return the line, or -1 when not suspended or unknown
     */
    protected abstract int currentLine();

    // ------------------------------------------------------------------------------------------
    // State

    /**
     * Where the coroutine is: {@code Count.java:12} while suspended at line 12.
     *
     * @return file and line of the current suspension point, or just the file when unknown
     */
    public final String location() {
        String file = sourceFile() == null ? "<unknown>" : sourceFile();
        int line = (state & 0xF) == SUSPENDED_STATE ? currentLine() : -1;
        return line > 0 ? file + ":" + line : file;
    }

    /**
     * Tells whether the coroutine has finished, by returning, throwing or being closed.
     *
     * @return true once done
     */
    public final boolean isDone() {
        return (state & 0xF) == DONE;
    }

    /**
     * Tells whether the coroutine is executing right now: its own code, or that of a coroutine
     * it awaits, which runs on its behalf.
     *
     * @return true while running
     * @apiNote Mirrors {@code cr_running} (and {@code gi_running} for a generator).
     */
    public final boolean isRunning() {
        return getState() == CoroutineState.RUNNING;
    }

    /** True while this coroutine's own body is on the Java stack. */
    final boolean isExecuting() {
        return (state & 0xF) == RUNNING;
    }

    /**
     * The coroutine's state. A coroutine suspended in an await of another coroutine counts as
     * running while that one runs, as in Python, where the awaiter's frame passes every resume on.
     *
     * @return the state
     * @apiNote Mirrors {@code inspect.getcoroutinestate(coro)} and, for a generator, {@code
     *     inspect.getgeneratorstate(gen)}.
     */
    public final CoroutineState getState() {
        switch (state & 0xF) {
            case CREATED:
                return CoroutineState.CREATED;
            case RUNNING:
                return CoroutineState.RUNNING;
            case DONE:
                return CoroutineState.CLOSED;
            default:
                for (Object w = waitingOn; w instanceof Coroutine<?> c; w = c.waitingOn) {
                    if ((c.state & 0xF) == RUNNING) {
                        return CoroutineState.RUNNING;
                    }
                }
                return CoroutineState.SUSPENDED;
        }
    }

    /**
     * What the coroutine is suspended in an await of: a coroutine, a future or a task.
     *
     * @return the awaited coroutine or future; null when the coroutine is not suspended, waits
     *     for the loop's next iteration ({@code sleep(0)}), or arranged its own wake-up (the
     *     runtime's {@code sleep})
     * @apiNote Mirrors {@code cr_await}, which for a future is the future's iterator.
     */
    public final Awaitable<?> getAwait() {
        return (state & 0xF) == SUSPENDED_STATE && waitingOn instanceof Awaitable<?> a ? a : null;
    }

    /**
     * Where the coroutine is: its class, method, file and, while suspended, the line of the
     * await it is stopped at.
     *
     * @return the element, or null once the coroutine is done
     * @apiNote Mirrors {@code cr_frame} (None once closed), with its {@code f_code} and {@code
     *     f_lineno}; before the first resume the line is -1 where Python gives the {@code def}.
     */
    public final StackTraceElement getFrame() {
        return isDone() ? null : toStackTraceElement();
    }

    /**
     * The line of the await (or yield) the coroutine is suspended at.
     *
     * @return the line, or -1 when it is not suspended or the line is unknown
     * @apiNote Mirrors {@code cr_frame.f_lineno} of a suspended coroutine.
     */
    public final int getLine() {
        return (state & 0xF) == SUSPENDED_STATE ? currentLine() : -1;
    }

    /**
     * Tells whether the coroutine's body has started running.
     *
     * @return false until the first resume
     */
    public final boolean isStarted() {
        return (state & 0xF) != CREATED;
    }

    /**
     * Marks the coroutine as owned by one awaiter or task, so that nobody else can run it.
     *
     * @throws IllegalStateException ("cannot reuse already awaited coroutine", "coroutine is
     *     being awaited already", asyncio's texts) if it was already claimed or started
     */
    final void claim() {
        if (state != CREATED) {
            if ((state & 0xF) == DONE) {
                throw new IllegalStateException("cannot reuse already awaited coroutine");
            }
            throw new IllegalStateException("coroutine is being awaited already");
        }
        state = CLAIMED;
        if (DebugReports.trackingCoroutines) { // debug mode only
            DebugReports.coroutineStarted(this);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Suspending: what a hand-written body calls before it returns SUSPENDED

    /**
     * Records what this coroutine is about to suspend on; hand-written coroutines call this
     * before returning {@code SUSPENDED} from {@link #invoke}.
     *
     * @param awaitable a pending {@link Future}, or the engine's marker of a bare yield
     */
    protected final void suspendOn(Object awaitable) {
        waitingOn = awaitable;
    }

    /**
     * Records that this coroutine waits on nothing outside itself: it arranged its own wake-up
     * (a sleep is its own timer entry), so the task driving the chain asks it, through
     * {@link #attachDriver}, how it will be woken. Hand-written coroutines call this before
     * returning {@code SUSPENDED} from {@link #invoke}.
     */
    protected final void suspendOnItself() {
        waitingOn = ITSELF;
    }

    /**
     * For a coroutine that suspended on itself ({@link #suspendOnItself()}): tells it who drives
     * the chain, so that it can wake the driver. The engine calls it right after the chain
     * suspended on this coroutine.
     *
     * @param task the task whose step just suspended, or null for a hand driver
     *     ({@link #send}, {@link #throwInto})
     * @return null if the coroutine will wake {@code task} itself, else a future the driver
     *     waits on instead
     * @throws IllegalStateException if this coroutine does not arrange its own wake-up
     */
    protected Future<?> attachDriver(Task<?> task) {
        throw new IllegalStateException("coroutine " + getName() + "() did not suspend on itself");
    }

    /**
     * For a coroutine that suspended on itself: withdraws its wake-up, because the task it
     * would wake is cancelled; the task then wakes at once with {@link CancelledError}.
     *
     * @return true if the wake-up was still to come; false if it already happened (the task is
     *     then queued already)
     */
    protected boolean cancelWakeUp() {
        return false;
    }

    // ------------------------------------------------------------------------------------------
    // Driving by hand

    /**
     * Drives the coroutine by hand, with no loop: sends {@code value} in at the point where it is
     * suspended and runs it to its next suspension.
     *
     * @param value the value the pending await produces; must be null on the first send
     * @return what the coroutine now waits on: a {@link Future}, or null for a bare yield
     * @throws StopIteration when the coroutine returns; it carries the return value
     * @throws IllegalArgumentException if a non-null value is sent to a coroutine that has not
     *     started (Python's {@code TypeError}), or the coroutine is running ("coroutine already
     *     executing", Python's {@code ValueError})
     * @throws IllegalStateException if the coroutine is done
     * @apiNote Mirrors {@code coro.send(value)}.
     */
    public Object send(Object value) {
        if (!isStarted() && DebugReports.trackingCoroutines) {
            DebugReports.coroutineStarted(this); // debug mode only
        }
        if (value != null && !isStarted()) {
            // Python's TypeError ("non-None"): null is Java's None.
            throw new IllegalArgumentException("can't send non-null value to a just-started "
                    + (this instanceof Generator ? "generator" : "coroutine"));
        }
        return driveByHand(value, null);
    }

    /**
     * Throws {@code error} into the coroutine at the point where it is suspended, and runs it to
     * its next suspension.
     *
     * @param error the exception to raise at the pending await
     * @return what the coroutine now waits on: a {@link Future}, or null for a bare yield
     * @throws StopIteration when the coroutine catches the error and returns
     * @throws NullPointerException if {@code error} is null
     * @apiNote Mirrors {@code coro.throw(error)}. Named {@code throwInto} because {@code throw}
     *     is a Java keyword. Any exception the coroutine lets escape, {@code error} included,
     *     propagates to the caller.
     */
    public Object throwInto(Throwable error) {
        if (error == null) {
            throw new NullPointerException("error");
        }
        return driveByHand(null, error);
    }

    private Object driveByHand(Object value, Throwable error) {
        Object r = resume(value, error);
        if (r == SUSPENDED) {
            return suspendedValue();
        }
        throw new StopIteration(r);
    }

    /**
     * What {@link #send} and {@link #throwInto} hand out when the coroutine suspends: for a
     * coroutine, what it waits on (a sleep, which normally wakes its task from the timer heap
     * directly, hands out a future instead); a generator hands out the value it yielded.
     *
     * @return the value given to the caller of {@code send}
     */
    protected Object suspendedValue() {
        Object w = awaiting();
        return w instanceof Coroutine<?> self ? self.attachDriver(null) : w;
    }

    /**
     * Finishes the coroutine: raises {@link GeneratorExit} at the point where it is suspended,
     * so its {@code finally} blocks run. A coroutine that has not started is just marked done.
     *
     * @return what the coroutine returned if it returned on {@code GeneratorExit}, else null
     * @throws IllegalStateException if it suspends again instead of finishing
     * @apiNote Mirrors {@code coro.close()} (3.13 returns the return value).
     */
    public Object close() {
        if (!isStarted()) {
            if (DebugReports.trackingCoroutines) { // debug mode only
                DebugReports.coroutineStarted(this);
            }
            finish();
            return null;
        }
        if (isDone()) {
            return null;
        }
        Object r;
        try {
            r = resume(null, new GeneratorExit());
        } catch (GeneratorExit e) {
            return null;
        }
        if (r == SUSPENDED) {
            throw new IllegalStateException(kind() + " ignored GeneratorExit");
        }
        return r;
    }

    /**
     * What this coroutine runs, for messages: "coroutine" or "generator".
     *
     * @return the kind's name
     */
    protected String kind() {
        return "coroutine";
    }

    /**
     * The exception that leaves this coroutine when its body throws {@code t}; generators turn
     * a {@link StopIteration} into an error here, as PEP 479 says. Runs only on the exceptional
     * path.
     *
     * @param t what the body threw
     * @return what the coroutine throws
     */
    protected Throwable leaving(Throwable t) {
        return t;
    }

    // ------------------------------------------------------------------------------------------
    // The engine

    /**
     * Runs this one coroutine from where it stopped until it suspends, returns or throws. A
     * coroutine that throws or returns is done.
     */
    final Object step(Object value, Throwable error) {
        byte s = state;
        if ((s & 0xF) >= RUNNING) {
            if ((s & 0xF) == RUNNING) {
                // Python's ValueError, as the interpreter words it for the frame's kind.
                throw new IllegalArgumentException(kind() + " already executing");
            }
            throw new IllegalStateException("cannot reuse already awaited coroutine");
        }
        if ((s & 0xF) == CREATED && error != null) {
            // Python's coro.throw() on an unstarted coroutine: none of the body runs, not even
            // its finally blocks.
            finish();
            throw Sneaky.sneaky(error);
        }
        state = (byte) (RUNNING | (s & CLAIMED));
        Object r;
        try {
            r = invoke(value, error);
        } catch (Throwable t) {
            finish();
            throw Sneaky.sneaky(leaving(t));
        }
        if (r == SUSPENDED) {
            state = (byte) (SUSPENDED_STATE | (s & CLAIMED));
        } else {
            finish();
        }
        return r;
    }

    final void finish() {
        state = DONE;
        waitingOn = null;
    }

    /**
     * Resumes the coroutine from where its innermost awaited coroutine is suspended, sending
     * {@code value} (or throwing {@code error}) in at that point, and runs until the whole chain
     * is suspended again or the coroutine finishes. For drivers (a {@link Task}, {@link #send});
     * runs on the caller's stack and grows it by a constant, whatever the depth of the chain.
     *
     * @return the coroutine's result, or {@link #SUSPENDED}
     */
    final Object resume(Object value, Throwable error) {
        Coroutine<?> f = this;
        for (Object w; (w = f.waitingOn) instanceof Coroutine<?> c; ) {
            f = c;
        }
        f.waitingOn = null;
        if (error != null) {
            // Await chains: the error is raised at this coroutine's await, off the Java stack.
            AwaitChains.record(error, f);
        }
        while (true) {
            Object r;
            try {
                r = f.step(value, error);
            } catch (Throwable t) {
                if (f == this) {
                    throw t;
                }
                f = up(f);
                // Await chains: the caller is not on the Java stack; show where it awaited.
                AwaitChains.record(t, f);
                value = null;
                error = t;
                continue;
            }
            if (r == SUSPENDED) {
                if (f.waitingOn == ASYNC_YIELDED && f != this) {
                    // An async generator yielded: its anext step completes with the value
                    // (AsyncGeneratorFrame.Step) instead of the task suspending.
                    f = up(f);
                    value = null;
                    error = null;
                    continue;
                }
                Coroutine<?> leaf = f;
                for (Object w; (w = leaf.waitingOn) instanceof Coroutine<?> c; ) {
                    leaf = c;
                }
                if (!leaf.isStarted()) {
                    // A bounced await: start the callee here, on a shallow stack.
                    leaf.depth = 0;
                    f = leaf;
                    value = null;
                    error = null;
                    continue;
                }
                return SUSPENDED;
            }
            if (f == this) {
                return r;
            }
            f = up(f);
            value = r;
            error = null;
        }
    }

    private static Coroutine<?> up(Coroutine<?> f) {
        Coroutine<?> c = f.caller;
        f.caller = null;
        c.waitingOn = null;
        return c;
    }

    /**
     * What the innermost suspended coroutine of this chain waits on: a {@link Future}, null for
     * a bare yield (such as {@code sleep(0)}), or the coroutine itself when it arranged its own
     * wake-up.
     */
    final Object awaiting() {
        Coroutine<?> f = this;
        Object w = waitingOn;
        while (w instanceof Coroutine<?> c) {
            f = c;
            w = f.waitingOn;
        }
        return w == YIELD ? null : w == ITSELF ? f : w;
    }

    /**
     * Awaits {@code awaitable} on behalf of the coroutine {@code self}, for the runtime's own
     * coroutines in this package; see {@link Engine#await}. A generator is refused here, where
     * the frames of generated code check for one with a cheaper class test of their own.
     *
     * @return the value, or {@link #SUSPENDED}
     */
    static Object awaitIn(Awaitable<?> awaitable, Coroutine<?> self) {
        if (awaitable instanceof Generator && !(self instanceof Generator)) {
            throw new IllegalArgumentException("object generator can't be used in 'await' expression");
        }
        return Engine.await(awaitable, self);
    }

    // ------------------------------------------------------------------------------------------
    // Seeing the chain

    /**
     * This coroutine as a stack trace element, for await chains and call graphs: its class and
     * method, its source file and, while suspended, the line of the await it is stopped at (-1
     * otherwise).
     *
     * @return a new element such as {@code Count.count(Count.java:12)}
     */
    public final StackTraceElement toStackTraceElement() {
        String name = getName();
        int dot = name.lastIndexOf('.');
        String method = dot >= 0 ? name.substring(dot + 1) : name;
        String cls = getClass().getName();
        String suffix = "$" + method + "$Frame";
        int at = cls.lastIndexOf(suffix);
        if (at > 0) {
            // A generated frame, Host$method$Frame (maybe with a uniquifying suffix).
            cls = cls.substring(0, at);
        }
        int line = (state & 0xF) == SUSPENDED_STATE ? currentLine() : -1;
        return new StackTraceElement(cls, method, sourceFile(), line);
    }

    /**
     * The coroutine this one is suspended in an await of, if it awaits a coroutine.
     *
     * @return the awaited coroutine, or null when it awaits a future, a yield or nothing
     * @apiNote Mirrors {@code cr_await} when that is a coroutine.
     */
    public final Coroutine<?> awaitedCoroutine() {
        return waitingOn instanceof Coroutine<?> c ? c : null;
    }

    /**
     * The coroutine that awaits this one, once it has been awaited and while it is suspended.
     *
     * @return the awaiting coroutine, or null for the outermost coroutine of a chain
     */
    public final Coroutine<?> awaitingCoroutine() {
        return caller;
    }

    /** The coroutine, future or marker this one waits on; for introspection. */
    final Object waitingOn() {
        return waitingOn;
    }

    /**
     * Describes the coroutine as Python's repr does:
     * {@code <coroutine Count.count() running at Count.java:12>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String where = isDone() ? "done" : isRunning() ? "running" : "suspended";
        return "<coroutine " + getName() + "() " + where + " at " + location() + ">";
    }

    private static final class Marker {
        private final String name;

        Marker(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The engine's operations for the frames of {@link io.jasyncio.abi}, whose static entry
     * points rewritten code calls, and for the runtime's own coroutines outside this package.
     * Not for applications.
     */
    protected static final class Engine {
        /** Returned by a body, and by an await, when the coroutine suspended. */
        public static final Object SUSPENDED = Coroutine.SUSPENDED;

        /** What a coroutine waits on for a bare yield: resume on the loop's next iteration. */
        public static final Object YIELD = Coroutine.YIELD;

        /** What a generator waits on after {@code Yield.value(v)}: its consumer's next send. */
        public static final Object YIELDED = Coroutine.YIELDED;

        /** What an async generator waits on after {@code Yield.value(v)}: its step's resume. */
        public static final Object ASYNC_YIELDED = Coroutine.ASYNC_YIELDED;

        /** How many inline awaits may nest before an await bounces through the driver. */
        public static final int MAX_INLINE_DEPTH = Coroutine.MAX_INLINE_DEPTH;

        private Engine() {}

        /**
         * Awaits {@code awaitable} on behalf of {@code self}: a coroutine runs inline, on this
         * stack, and its result is returned or its exception thrown (if it suspends,
         * {@code self} suspends with it); a done future gives its result (or throws) at once; a
         * pending future suspends {@code self}. The caller refuses generators.
         *
         * @param awaitable what to await
         * @param self the awaiting coroutine
         * @return the value, or {@link #SUSPENDED}
         * @throws NullPointerException if {@code awaitable} is null
         * @throws IllegalStateException if a coroutine is awaited twice
         * @throws IllegalArgumentException if {@code awaitable} is of no known kind
         */
        public static Object await(Awaitable<?> awaitable, Coroutine<?> self) {
            if (awaitable instanceof BareYield) {
                // sleep(0): the awaiter yields itself, so the sleep's coroutine is never run, stored
                // or resumed, and escape analysis can drop it once this is inlined (W1). Claiming it
                // keeps "cannot reuse already awaited coroutine" for a second await.
                Coroutine<?> bare = (Coroutine<?>) awaitable;
                bare.claim();
                bare.finish();
                self.waitingOn = YIELD;
                return SUSPENDED;
            }
            if (awaitable instanceof Coroutine<?> callee) {
                callee.claim();
                callee.caller = self;
                if (self.depth >= MAX_INLINE_DEPTH) {
                    self.waitingOn = callee;
                    return SUSPENDED;
                }
                callee.depth = (short) (self.depth + 1);
                Object r = callee.step(null, null);
                if (r == SUSPENDED) {
                    self.waitingOn = callee;
                } else {
                    callee.caller = null;
                }
                return r;
            }
            if (awaitable instanceof Future<?> future) {
                if (future.done()) {
                    return future.result();
                }
                self.waitingOn = future;
                return SUSPENDED;
            }
            if (awaitable == null) {
                throw new NullPointerException("await(null) in " + self.getName() + "()");
            }
            // A library's own awaitable, asked last so that the cases above pay no interface
            // call. What it names is a coroutine or a future, awaited as above.
            Awaitable<?> target = resolve(awaitable);
            if (target instanceof Generator && !(self instanceof Generator)) {
                throw new IllegalArgumentException("object generator can't be used in 'await' expression");
            }
            return await(target, self);
        }

        /**
         * The coroutine or future that awaiting {@code awaitable} awaits: itself for a
         * coroutine or a future, else what {@link Awaitable#awaitTarget()} names, asked until
         * it is one.
         *
         * @param awaitable the awaitable, not null
         * @param <T> the result type
         * @return a {@link Coroutine} or a {@link Future}
         * @throws IllegalArgumentException if {@code awaitTarget()} returns null, or its chain
         *     does not reach a coroutine or a future within 100 steps
         */
        @SuppressWarnings("unchecked")
        public static <T> Awaitable<T> resolve(Awaitable<T> awaitable) {
            Awaitable<T> a = awaitable;
            for (int i = 0; i < 100; i++) {
                if (a instanceof Coroutine || a instanceof Future) {
                    return a;
                }
                Awaitable<T> next = a.awaitTarget();
                if (next == null) {
                    throw new IllegalArgumentException(a.getClass().getName()
                            + ".awaitTarget() returned null: it must return a coroutine or a" + " future");
                }
                a = next;
            }
            throw new IllegalArgumentException(
                    "cannot await " + awaitable.getClass().getName()
                            + ": awaitTarget() did not lead to a coroutine or a future in 100 steps");
        }

        /**
         * First half of an await whose callee's body the awaiter calls itself: claims the
         * callee and checks the depth, as {@link #await} does before it would run the body.
         *
         * @param awaitable the callee, just created
         * @param self the awaiting coroutine
         * @return the callee, now running, whose body the caller must call; or null when the
         *     await bounces (too deep), in which case {@code self} waits on the callee
         * @throws IllegalStateException if the coroutine was awaited before
         */
        public static Coroutine<?> enterInline(Awaitable<?> awaitable, Coroutine<?> self) {
            Coroutine<?> callee = (Coroutine<?>) awaitable;
            callee.claim();
            if (self.depth >= MAX_INLINE_DEPTH) {
                callee.caller = self;
                self.waitingOn = callee;
                return null;
            }
            // The link to the caller is made only if the callee suspends (leaveInline): nothing
            // reads it while the callee runs on the caller's Java stack, and storing the caller
            // into a callee that escapes would make every frame escape. This way a callee whose
            // body the JIT inlines, and whose own callees do not suspend, is never allocated (W3).
            callee.depth = (short) (self.depth + 1);
            callee.state = RUNNING | CLAIMED;
            return callee;
        }

        /**
         * Second half of an await started with {@link #enterInline}, after the callee's body
         * returned.
         *
         * @param result what the callee's body returned: its result or {@link #SUSPENDED}
         * @param callee the callee
         * @param self the awaiting coroutine
         * @return {@code result}; if it is {@link #SUSPENDED}, {@code self} now waits on the callee
         */
        public static Object leaveInline(Object result, Coroutine<?> callee, Coroutine<?> self) {
            if (result == SUSPENDED) {
                callee.state = SUSPENDED_STATE | CLAIMED;
                callee.caller = self;
                self.waitingOn = callee;
            } else {
                callee.finish();
            }
            return result;
        }

        /**
         * The exceptional end of an await started with {@link #enterInline}: the callee's body
         * threw, and the callee is done.
         *
         * @param thrown what the body threw
         * @param callee the callee
         * @return the exception the caller must throw at its await
         */
        public static Throwable failInline(Throwable thrown, Coroutine<?> callee) {
            // Direct callees are plain coroutine frames, whose leaving(t) is t; calling the
            // virtual method here would make the frame escape on this path, which the JIT
            // compiles even when it never runs.
            callee.finish();
            return thrown;
        }

        /**
         * Runs {@code callee} one step as the callee of {@code caller}, as an await would, for a
         * driver that must see what the callee suspended on (an async generator's step): on a
         * suspension the link stays, on a return or throw it is undone.
         *
         * @param callee the coroutine to run
         * @param caller the coroutine that runs it
         * @param value the value to send in, or null
         * @param error the exception to throw in, or null
         * @return the callee's result, or {@link #SUSPENDED}
         */
        public static Object stepAsCallee(Coroutine<?> callee, Coroutine<?> caller, Object value, Throwable error) {
            callee.caller = caller;
            // Past the bound the depth only means "bounce".
            callee.depth = (short) Math.min(caller.depth + 1, MAX_INLINE_DEPTH);
            Object r;
            try {
                r = callee.step(value, error);
            } catch (Throwable t) {
                callee.caller = null;
                throw t;
            }
            if (r != SUSPENDED || callee.waitingOn == ASYNC_YIELDED) {
                callee.caller = null;
            }
            return r;
        }

        /**
         * Tells whether {@code c} is suspended at a yield of an async generator.
         *
         * @param c the coroutine
         * @return true if it waits on {@link #ASYNC_YIELDED}
         */
        public static boolean yieldedAsync(Coroutine<?> c) {
            return c.waitingOn == ASYNC_YIELDED;
        }

        /**
         * The first-iteration hook of an async generator, which the loop running in this thread
         * uses to track it until it finishes, so that {@code shutdownAsyncgens} and a collected
         * handle can still close it.
         *
         * @param handle what the user holds; tracked weakly
         * @param view another view of the same generator, used to close it
         * @return what the generator calls once when it finishes; it does nothing outside a loop
         * @apiNote Mirrors the {@code firstiter} hook of {@code sys.set_asyncgen_hooks}.
         */
        public static Runnable firstIter(Object handle, AsyncGenerator<?, ?> view) {
            return AsyncGeneratorRegistry.firstIter(handle, view);
        }

        /**
         * Marks {@code c} done without running any of it.
         *
         * @param c the coroutine
         */
        public static void finish(Coroutine<?> c) {
            c.finish();
        }
    }
}
