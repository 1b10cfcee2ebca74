package io.jasyncio.abi;

import io.jasyncio.Coroutine;

/**
 * Base class of every coroutine state machine: the agent generates one final subclass per
 * {@code @Async} method, with a field {@code label} (the suspension point to resume at) and one
 * typed field per value it must keep across a suspension.
 *
 * <h2>Frame layout</h2>
 * <pre>
 *   Frame (this class)                     Count$count$Frame (generated)
 *   ┌──────────────────────────────┐       ┌─────────────────────────────────┐
 *   │ header            12 bytes   │       │ int label                       │
 *   │ byte state, short depth      │       │ Object L0, L1 ... (references)  │
 *   │                              │       │ int I0 ..., long J0 ...,        │
 *   │ Frame caller   (awaiter)     │       │ float F0 ..., double D0 ...     │
 *   │ Object waitingOn (awaitee)   │       └─────────────────────────────────┘
 *   └──────────────────────────────┘
 * </pre>
 *
 * <h2>How a chain runs</h2>
 * Awaiting a coroutine calls it inline: the awaiter's rewritten body calls
 * {@link Intrinsics#await} which sets {@code caller} and runs the callee's body on the same Java
 * stack. When the innermost frame meets a pending future it returns {@link #SUSPENDED}; every
 * frame on the way out saves its live values, records its callee in {@code waitingOn} and
 * returns {@code SUSPENDED} too, down to the driver (a task step). Resuming reverses this
 * without recursion: {@link #resume} walks {@code waitingOn} to the innermost frame, resumes it,
 * and hands each result to its {@code caller} in a loop, so the Java stack does not grow with
 * the depth of the chain. Past {@link #MAX_INLINE_DEPTH} nested inline awaits, an await hands the
 * callee to the driver instead of calling it ("bounces"), which bounds the stack for unbounded
 * async recursion too.
 *
 * @param <T> the coroutine's result type
 */
public abstract class Frame<T> extends Coroutine<T> {

    /** Returned by a body, and by {@link Intrinsics#await}, when the coroutine suspended. */
    public static final Object SUSPENDED = new Marker("SUSPENDED");

    /** What a frame waits on for a bare yield: resume on the loop's next iteration. */
    public static final Object YIELD = new Marker("YIELD");

    /** What a generator frame waits on after {@code Yield.value(v)}: its consumer's next send. */
    public static final Object YIELDED = new Marker("YIELDED");

    /** What an async generator's frame waits on after {@code Yield.value(v)}: its step's resume. */
    static final Object ASYNC_YIELDED = new Marker("ASYNC_YIELDED");

    /** What a frame that arranged its own wake-up waits on; see {@link #suspendOnItself()}. */
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
     * that it shares a word with {@link #state} right after the object header: the frame's own
     * fields end at 24 bytes, where the generated subclass's {@code label} goes, so a frame with one
     * saved {@code int} is 32 bytes, not 40 (W3, W5), and a sleep's frame 40 instead of 48 (W2).
     */
    short depth;

    Frame<?> caller;
    Object waitingOn;

    /**
     * Told of every frame created while set: test tools ({@code jasyncio-junit}) and debug mode
     * use it to find coroutines that were never awaited.
     *
     * <p>Deliberately not volatile: every coroutine creation reads it, and a volatile read there
     * was a measurable share of a {@code sleep(0)} switch (W1). A plain static load costs nothing
     * beyond the load itself when unset. The price is visibility: a thread is guaranteed to see a
     * new listener only if something orders it after {@link #setCreationListener} (starting the
     * thread, or any lock or volatile it shares with the setter, such as the loop's
     * {@code callSoonThreadsafe} queue). Test tools and debug mode set it before they start the
     * loop whose frames they watch, which satisfies that.
     */
    private static java.util.function.Consumer<? super Frame<?>> creationListener;

    /** Generated subclasses call this from their constructor. */
    @SuppressWarnings("this-escape") // the listener only records the reference
    protected Frame() {
        java.util.function.Consumer<? super Frame<?>> listener = creationListener;
        if (listener != null) {
            listener.accept(this);
        }
    }

    /**
     * Sets the one listener told of every coroutine frame created from now on, in any thread,
     * on the thread that creates it; the frame's subclass fields are not yet set when it is
     * called, so it should only record the reference. For test tools and debug mode, not for
     * applications.
     *
     * <p>Frames created by this thread after the call, and by threads started or synchronised
     * with this one after it, are guaranteed to be reported; a thread already running with no
     * such ordering may miss the change for a while (the field is read without a memory barrier,
     * to keep coroutine creation cheap). Set it before starting the loops it must watch.
     *
     * @param listener the listener, or null to remove it
     * @return the listener it replaces, or null
     */
    public static java.util.function.Consumer<? super Frame<?>> setCreationListener(
            java.util.function.Consumer<? super Frame<?>> listener) {
        synchronized (LISTENER_LOCK) {
            java.util.function.Consumer<? super Frame<?>> previous = creationListener;
            creationListener = listener;
            return previous;
        }
    }

    /** Orders concurrent {@link #setCreationListener} calls (and publishes the field with them). */
    private static final Object LISTENER_LOCK = new Object();

    /**
     * Runs the body from the current label: the generated subclass calls the static method
     * holding the rewritten body, passing itself.
     *
     * @param value the value the pending await produces, or null
     * @param error the exception the pending await throws, or null
     * @return the body's result, or {@link #SUSPENDED}
     */
    protected abstract Object invoke(Object value, Throwable error);

    /**
     * The qualified name of the method this frame runs, such as {@code Count.count}.
     *
     * @return the name
     */
    @Override
    public abstract String getName();

    /**
     * The source file of the method, or null if the class has none.
     *
     * @return the file name
     */
    protected abstract String sourceFile();

    /**
     * The source line of the suspension point the frame is stopped at, or -1.
     *
     * @return the line, or -1 when not suspended or unknown
     */
    protected abstract int currentLine();

    @Override
    public final String location() {
        String file = sourceFile() == null ? "<unknown>" : sourceFile();
        int line = (state & 0xF) == SUSPENDED_STATE ? currentLine() : -1;
        return line > 0 ? file + ":" + line : file;
    }

    @Override
    public final boolean isDone() {
        return (state & 0xF) == DONE;
    }

    @Override
    public final boolean isRunning() {
        return (state & 0xF) == RUNNING;
    }

    @Override
    public final boolean isStarted() {
        return (state & 0xF) != CREATED;
    }

    @Override
    protected final void claim() {
        if (state != CREATED) {
            throw new IllegalStateException(
                    (state & 0xF) == DONE
                            ? "cannot reuse already awaited coroutine " + getName() + "()"
                            : "coroutine " + getName() + "() is being awaited already");
        }
        state = CLAIMED;
        if (io.jasyncio.internal.debug.DebugReports.trackingCoroutines) { // debug mode only
            io.jasyncio.internal.debug.DebugReports.coroutineStarted(this);
        }
    }

    /**
     * Records what this frame is about to suspend on; hand-written frames call this before
     * returning {@link #SUSPENDED} from {@link #invoke}.
     *
     * @param awaitable a pending {@link io.jasyncio.Future}, or {@link #YIELD}
     */
    protected final void suspendOn(Object awaitable) {
        waitingOn = awaitable;
    }

    /**
     * Records that this frame waits on nothing outside itself: it arranged its own wake-up (a
     * sleep is its own timer entry), so {@link #awaiting()} names the frame itself, and the task
     * driving the chain asks it how it will be woken. Hand-written frames call this before
     * returning {@link #SUSPENDED} from {@link #invoke}.
     */
    protected final void suspendOnItself() {
        waitingOn = ITSELF;
    }

    /**
     * Runs this one frame from its label until it suspends, returns or throws. A frame that
     * throws or returns is done.
     */
    final Object step(Object value, Throwable error) {
        byte s = state;
        if ((s & 0xF) >= RUNNING) {
            throw new IllegalStateException(
                    (s & 0xF) == RUNNING
                            ? "coroutine " + getName() + "() is already executing"
                            : "cannot reuse already awaited coroutine " + getName() + "()");
        }
        if ((s & 0xF) == CREATED && error != null) {
            // Python's coro.throw() on an unstarted coroutine: none of the body runs, not even
            // its finally blocks.
            finish();
            throw io.jasyncio.internal.Throwables.sneaky(error);
        }
        state = (byte) (RUNNING | (s & CLAIMED));
        Object r;
        try {
            r = invoke(value, error);
        } catch (Throwable t) {
            finish();
            throw io.jasyncio.internal.Throwables.sneaky(leaving(t));
        }
        if (r == SUSPENDED) {
            state = (byte) (SUSPENDED_STATE | (s & CLAIMED));
        } else {
            finish();
        }
        return r;
    }

    /**
     * Marks a claimed, unstarted frame as running, as {@link #step} does before it calls
     * {@link #invoke}: for {@link Intrinsics#enterInline}, whose caller calls the body itself.
     */
    final void startedInline() {
        state = (byte) (RUNNING | CLAIMED);
    }

    /** Marks a frame started by {@link #startedInline} as suspended after its body returned. */
    final void suspendedInline() {
        state = (byte) (SUSPENDED_STATE | CLAIMED);
    }

    /**
     * The exception that leaves this frame when its body throws {@code t}; generators turn a
     * {@link io.jasyncio.StopIteration} into an error here, as PEP 479 says. Runs only on the
     * exceptional path.
     *
     * @param t what the body threw
     * @return what the frame throws
     */
    protected Throwable leaving(Throwable t) {
        return t;
    }

    @Override
    public Object close() {
        if (!isStarted()) {
            if (io.jasyncio.internal.debug.DebugReports.trackingCoroutines) { // debug mode only
                io.jasyncio.internal.debug.DebugReports.coroutineStarted(this);
            }
            finish();
            return null;
        }
        if (isDone()) {
            return null;
        }
        Object r;
        try {
            r = resume(null, new io.jasyncio.GeneratorExit());
        } catch (io.jasyncio.GeneratorExit e) {
            return null;
        }
        if (r == SUSPENDED) {
            throw new IllegalStateException(kind() + " ignored GeneratorExit");
        }
        return r;
    }

    /**
     * What this frame runs, for messages: "coroutine" or "generator".
     *
     * @return the kind's name
     */
    protected String kind() {
        return "coroutine";
    }

    final void finish() {
        state = DONE;
        waitingOn = null;
    }

    @Override
    protected final Object resume(Object value, Throwable error) {
        Frame<?> f = this;
        for (Object w; (w = f.waitingOn) instanceof Frame; ) {
            f = (Frame<?>) w;
        }
        f.waitingOn = null;
        if (error != null) {
            // Await chains: the error is raised at this frame's await, off the Java stack.
            io.jasyncio.internal.AwaitChains.record(error, f);
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
                io.jasyncio.internal.AwaitChains.record(t, f);
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
                Frame<?> leaf = f;
                for (Object w; (w = leaf.waitingOn) instanceof Frame; ) {
                    leaf = (Frame<?>) w;
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

    private static Frame<?> up(Frame<?> f) {
        Frame<?> c = f.caller;
        f.caller = null;
        c.waitingOn = null;
        return c;
    }

    @Override
    protected final Object awaiting() {
        Frame<?> f = this;
        Object w = waitingOn;
        while (w instanceof Frame) {
            f = (Frame<?>) w;
            w = f.waitingOn;
        }
        return w == YIELD ? null : w == ITSELF ? f : w;
    }

    /**
     * A hand driver ({@code send}, {@code throwInto}) gets what the chain waits on; a sleep,
     * which normally wakes its task from the timer heap directly, hands it a future instead.
     */
    @Override
    protected Object suspendedValue() {
        Object w = awaiting();
        return w instanceof io.jasyncio.internal.Sleep ? ((io.jasyncio.internal.Sleep<?>) w).attach(null) : w;
    }

    /**
     * This frame as a stack trace element, for await chains and call graphs: the method's
     * class and name, its source file and, while suspended, the line of the await it is
     * stopped at (-1 otherwise).
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
     * The coroutine frame this one is suspended in an await of, if it awaits a coroutine.
     *
     * @return the awaited frame, or null when it awaits a future, a yield or nothing
     */
    public final Frame<?> awaitedFrame() {
        Object w = waitingOn;
        return w instanceof Frame ? (Frame<?>) w : null;
    }

    /**
     * The coroutine frame that awaits this one, once it has been awaited.
     *
     * @return the awaiting frame, or null for the outermost frame of a chain
     */
    public final Frame<?> callerFrame() {
        return caller;
    }

    /** The frame this one waits on, or the future, or {@link #YIELD}; for introspection. */
    final Object waitingOn() {
        return waitingOn;
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
}
