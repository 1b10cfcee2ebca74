package io.jasyncio;

import java.util.Locale;

/**
 * A meeting point for a fixed number of coroutines: each calls {@link #waitParties()}, and all
 * are released together when the last of the {@link #parties()} arrives. The barrier then
 * drains (the released coroutines leave) and can be used again.
 *
 * <pre>
 *   FILLING ──last party arrives──▶ DRAINING ──all left──▶ FILLING
 *      │  reset() with waiters ──▶ RESETTING ──all left──▶ FILLING
 *      └──abort()──▶ BROKEN (for good)
 * </pre>
 *
 * <p>Built on a {@link Condition}; not thread-safe: use it from its loop's thread only.
 *
 * @apiNote Mirrors {@code asyncio.Barrier} (Python 3.11+). Python's {@code wait()} is
 *     {@link #waitParties()} here, because {@link Object#wait()} is final.
 */
public final class Barrier {
    private enum State {
        FILLING,
        DRAINING,
        RESETTING,
        BROKEN
    }

    private final Condition cond = new Condition();
    private final int parties;
    private State state = State.FILLING;
    private int count;

    /**
     * Creates a barrier for {@code parties} coroutines.
     *
     * @param parties how many coroutines must wait to release them all
     * @throws IllegalArgumentException {@code "parties must be > 0"} if {@code parties} is less
     *     than 1
     * @apiNote Mirrors {@code asyncio.Barrier(parties)}; Python raises {@code ValueError}.
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0");
        }
        this.parties = parties;
    }

    /**
     * Waits until {@link #parties()} coroutines wait, then releases them all. Coroutines that
     * arrive while the barrier drains or resets wait for the next round.
     *
     * <p>If the calling task is cancelled while waiting, it leaves the barrier (its place is
     * freed) and the coroutine throws {@link CancelledError}.
     *
     * @return a coroutine that completes with the caller's arrival index, 0 to
     *     {@code parties - 1}; it throws {@link BrokenBarrierError} if the barrier is or gets
     *     broken ({@code "Barrier aborted"}) or is reset while waiting
     *     ({@code "Abort or reset of barrier"})
     * @apiNote Mirrors {@code async Barrier.wait()}.
     */
    public Coroutine<Integer> waitParties() {
        return new WaitParties();
    }

    /**
     * Resets the barrier to its empty state; coroutines waiting on it get
     * {@link BrokenBarrierError}.
     *
     * @return a coroutine that completes with null once done (it takes the barrier's lock)
     * @apiNote Mirrors {@code async Barrier.reset()}.
     */
    public Coroutine<Void> reset() {
        return AsyncWith.running("Barrier.reset", cond::acquire, cond::release, () -> {
            if (count > 0) {
                if (state != State.RESETTING) {
                    state = State.RESETTING;
                }
            } else {
                state = State.FILLING;
            }
            cond.notifyAllWaiters();
        });
    }

    /**
     * Breaks the barrier for good: waiting and later {@link #waitParties()} calls throw
     * {@link BrokenBarrierError}.
     *
     * @return a coroutine that completes with null once done (it takes the barrier's lock)
     * @apiNote Mirrors {@code async Barrier.abort()}.
     */
    public Coroutine<Void> abort() {
        return AsyncWith.running("Barrier.abort", cond::acquire, cond::release, () -> {
            state = State.BROKEN;
            cond.notifyAllWaiters();
        });
    }

    /**
     * How many coroutines must wait to release them.
     *
     * @return the number of parties
     * @apiNote Mirrors {@code Barrier.parties}.
     */
    public int parties() {
        return parties;
    }

    /**
     * How many coroutines wait while the barrier fills; 0 while it drains, resets or is broken.
     *
     * @return the number waiting
     * @apiNote Mirrors {@code Barrier.n_waiting}.
     */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /**
     * Tells whether the barrier is broken.
     *
     * @return true after {@link #abort()}
     * @apiNote Mirrors {@code Barrier.broken}.
     */
    public boolean broken() {
        return state == State.BROKEN;
    }

    private void exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            cond.notifyAllWaiters();
        }
    }

    /**
     * Describes the barrier as asyncio's repr does, e.g. {@code <io.jasyncio.Barrier object at 0x1b6d3586 [filling, waiters:1/3]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String extra = state.name().toLowerCase(Locale.ROOT);
        if (!broken()) {
            extra += ", waiters:" + nWaiting() + "/" + parties;
        }
        return "<" + Reprs.object(this) + " [" + extra + "]>";
    }

    /**
     * {@code Barrier.wait()}, by hand:
     * <pre>{@code
     * await cond.acquire()                                   # label 0 -> 1
     * try:
     *     await cond.wait_for(not draining and not resetting) # -> 2
     *     if broken: raise BrokenBarrierError("Barrier aborted")
     *     try:
     *         index = count; count += 1
     *         if index + 1 == parties: state = DRAINING; notify_all()
     *         else:
     *             await cond.wait_for(state != FILLING)       # -> 3
     *             if broken or resetting: raise BrokenBarrierError(...)
     *         return index
     *     finally: count -= 1; exit()
     * finally: cond.release()
     * }</pre>
     */
    private final class WaitParties extends Coroutine<Integer> {
        private int label;
        private int index;

        @Override
        @SuppressWarnings("fallthrough")
        protected Object invoke(Object value, Throwable error) {
            switch (label) {
                case 0:
                    label = 1;
                    try {
                        value = awaitIn(cond.acquire(), this);
                    } catch (Throwable t) {
                        throw Sneaky.sneaky(t);
                    }
                    if (value == SUSPENDED) {
                        return SUSPENDED;
                    }
                // fall through
                case 1:
                    if (error != null) {
                        throw Sneaky.sneaky(error);
                    }
                    label = 2;
                    try {
                        value = awaitIn(cond.waitFor(() -> state != State.DRAINING && state != State.RESETTING), this);
                    } catch (Throwable t) {
                        value = null;
                        error = t;
                    }
                    if (value == SUSPENDED) {
                        return SUSPENDED;
                    }
                // fall through
                case 2:
                    if (error == null && state == State.BROKEN) {
                        error = new BrokenBarrierError("Barrier aborted");
                    }
                    if (error != null) {
                        label = 4;
                        cond.release();
                        throw Sneaky.sneaky(error);
                    }
                    index = count++;
                    if (index + 1 == parties) {
                        state = State.DRAINING;
                        cond.notifyAllWaiters();
                        return leave(null);
                    }
                    label = 3;
                    try {
                        value = awaitIn(cond.waitFor(() -> state != State.FILLING), this);
                    } catch (Throwable t) {
                        value = null;
                        error = t;
                    }
                    if (value == SUSPENDED) {
                        return SUSPENDED;
                    }
                // fall through
                case 3:
                    if (error == null && (state == State.BROKEN || state == State.RESETTING)) {
                        error = new BrokenBarrierError("Abort or reset of barrier");
                    }
                    return leave(error);
                default:
                    throw new IllegalStateException("bad label " + label);
            }
        }

        /** The two finally blocks: leave the count, release the lock, then return or throw. */
        private Object leave(Throwable error) {
            label = 4;
            try {
                count--;
                exit();
            } finally {
                cond.release();
            }
            if (error != null) {
                throw Sneaky.sneaky(error);
            }
            return index;
        }

        @Override
        public String getName() {
            return "Barrier.wait";
        }

        @Override
        protected String sourceFile() {
            return null;
        }

        @Override
        protected int currentLine() {
            return -1;
        }
    }
}
