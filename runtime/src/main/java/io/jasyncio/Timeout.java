package io.jasyncio;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A deadline on a block of code running in the current task: when it passes, the task is
 * cancelled, and the {@link CancelledError} that leaves the block is turned into a
 * {@link TimeoutError}. Created and entered by {@link Asyncio#timeout(double, Function)} and
 * {@link Asyncio#timeoutAt(Double, Function)}, which hand it to the body so that the body can
 * {@link #reschedule} it; or created first with {@link #Timeout(Double)} and entered, once, by
 * {@link #asyncWith(Function)}.
 *
 * <pre>
 *   created ──enter──▶ entered ──deadline: task.cancel()──▶ expiring ──exit──▶ expired
 *                         │                                                 (TimeoutError if
 *                         └──────────exit before the deadline──▶ exited      the count is back)
 * </pre>
 *
 * <p>Structured cancellation: on entry the timeout records {@link Task#cancelling()}; on exit
 * after expiring it calls {@link Task#uncancel()} once for the cancel it issued, and raises
 * {@code TimeoutError} only if the count is back to its value on entry and the body ended with
 * {@code CancelledError}. A cancel from elsewhere (an outer timeout, {@code task.cancel()}) is
 * therefore never swallowed. Single-threaded: use it only on its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.Timeout} (Python 3.12, {@code timeouts.py}). Python's
 *     {@code async with asyncio.timeout(d) as t:} becomes
 *     {@code await(timeout(d, t -> body(t)))}. A deadline of {@code null} means none, as
 *     Python's {@code None}.
 */
public final class Timeout {
    private enum State {
        CREATED,
        ENTERED,
        EXPIRING,
        EXPIRED,
        EXITED
    }

    private State state = State.CREATED;
    private Handle handler;
    private Task<?> task;
    private int cancelling;
    private Double when;

    /**
     * Creates a timeout that is not entered yet; {@link #asyncWith} enters it. Any thread.
     *
     * @param when the deadline in the loop's {@link EventLoop#time()} seconds, or null for none
     * @apiNote Mirrors {@code asyncio.Timeout(when)} (Python 3.11).
     */
    public Timeout(Double when) {
        this.when = when;
    }

    /**
     * A coroutine that enters this timeout, runs {@code body} inside it and exits it: {@code
     * async with t: return await body()}. A timeout is entered once.
     *
     * @param body creates the body's coroutine when the timeout is entered
     * @param <T> the body's result type
     * @return the coroutine
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException when awaited, if the timeout was entered before ("Timeout
     *     has already been entered") or not in a task
     * @apiNote Mirrors {@code async with t:} on an {@code asyncio.Timeout}.
     */
    public <T> Coroutine<T> asyncWith(Supplier<? extends Coroutine<T>> body) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        return new Scope<T>(this, t -> body.get());
    }

    /**
     * Like {@link #asyncWith(Supplier)}, handing this timeout to the body.
     *
     * @param body creates the body's coroutine from the entered timeout
     * @param <T> the body's result type
     * @return the coroutine
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException when awaited, if the timeout was entered before or not in a
     *     task
     * @apiNote Mirrors {@code async with t as t:} on an {@code asyncio.Timeout}.
     */
    public <T> Coroutine<T> asyncWith(Function<Timeout, ? extends Coroutine<T>> body) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        return new Scope<T>(this, body);
    }

    /**
     * The deadline, in the loop's {@link EventLoop#time()} seconds.
     *
     * @return the deadline, or null if there is none
     * @apiNote Mirrors {@code Timeout.when()}.
     */
    public Double when() {
        return when;
    }

    /**
     * Moves the deadline. A deadline already past cancels the task on the loop's next
     * iteration.
     *
     * @param when the new deadline in loop time, or null for none
     * @throws IllegalStateException if the timeout is not entered, or has expired or exited
     * @apiNote Mirrors {@code Timeout.reschedule(when)}; Python raises {@code RuntimeError}.
     */
    public void reschedule(Double when) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) {
                throw new IllegalStateException("Timeout has not been entered");
            }
            throw new IllegalStateException("Cannot change state of " + stateName() + " Timeout");
        }
        this.when = when;
        if (handler != null) {
            handler.cancel();
        }
        if (when == null) {
            handler = null;
        } else {
            EventLoop loop = task.getLoop();
            handler = when <= loop.time() ? loop.callSoon(this::onTimeout) : loop.callAt(when, this::onTimeout);
        }
    }

    /**
     * Tells whether the deadline passed and the timeout cancelled its task.
     *
     * @return true once expiring or expired
     * @apiNote Mirrors {@code Timeout.expired()}.
     */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * Describes the timeout as Python's repr does: {@code <Timeout [active] when=1.5>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "<Timeout [" + stateName() + "]"
                + (state == State.ENTERED ? " when=" + (when == null ? "None" : Math.round(when * 1000) / 1000.0) : "")
                + ">";
    }

    private String stateName() {
        switch (state) {
            case CREATED:
                return "created";
            case ENTERED:
                return "active";
            case EXPIRING:
                return "expiring";
            case EXPIRED:
                return "expired";
            default:
                return "finished";
        }
    }

    /** {@code __aenter__}. */
    void enter() {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        Task<?> current = Asyncio.currentTask();
        if (current == null) {
            throw new IllegalStateException("Timeout should be used inside a task");
        }
        state = State.ENTERED;
        task = current;
        cancelling = current.cancelling();
        reschedule(when);
    }

    /**
     * {@code __aexit__}: returns the exception to throw out of the block ({@code error} itself,
     * or a TimeoutError replacing it), or null.
     */
    Throwable exit(Throwable error) {
        if (handler != null) {
            handler.cancel();
            handler = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancelling && error instanceof CancelledError) {
                // No new cancel requests since entry: this cancellation is ours.
                return new TimeoutError(error);
            }
        } else if (state == State.ENTERED) {
            state = State.EXITED;
        }
        return error;
    }

    private void onTimeout() {
        task.cancel();
        state = State.EXPIRING;
        handler = null;
    }

    /**
     * The coroutine {@code timeout(...)} returns: {@code async with timeout: return await body}.
     *
     * <pre>
     *   label 0: enter(); await body(this) ──suspends──▶ label 1
     *      │ (body done inline)                           │ (body done)
     *      └────────────────▶ exit(error) ◀──────────────┘ ──▶ return value / throw
     * </pre>
     */
    static final class Scope<T> extends Coroutine<T> {
        private final Timeout timeout;
        private final Function<Timeout, ? extends Awaitable<T>> body;
        private int label;

        Scope(Timeout timeout, Function<Timeout, ? extends Awaitable<T>> body) {
            this.timeout = timeout;
            this.body = body;
        }

        @Override
        protected Object invoke(Object value, Throwable error) {
            if (label == 0) {
                label = 1;
                timeout.enter();
                try {
                    Awaitable<T> aw = body.apply(timeout);
                    value = awaitIn(aw, this);
                    if (value == SUSPENDED) {
                        return SUSPENDED;
                    }
                } catch (Throwable t) {
                    value = null;
                    error = t;
                }
            }
            // label 1: the body is done, with value or error.
            label = 2;
            Throwable out = timeout.exit(error);
            if (out != null) {
                throw Sneaky.sneaky(out);
            }
            return value;
        }

        @Override
        public String getName() {
            return "timeout";
        }

        @Override
        protected String sourceFile() {
            return "Timeout.java";
        }

        @Override
        protected int currentLine() {
            return -1;
        }
    }
}
