package io.jasyncio;

/**
 * A flag that coroutines can wait for: {@link #set()} wakes every waiter at once, and
 * {@link #wait()} returns at once while the flag is set. Starts cleared.
 *
 * <p>Not thread-safe: use it from its loop's thread only.
 *
 * @apiNote Mirrors {@code asyncio.Event}. Python's {@code wait()} is {@link #waitSet()}
 *     here, because {@link Object#wait()} is final.
 */
public final class Event {
    private final WaiterFrame.Waiters waiters = new WaiterFrame.Waiters();
    private boolean value;

    /** Creates a cleared event. */
    public Event() {}

    /**
     * Tells whether the flag is set.
     *
     * @return true if set
     * @apiNote Mirrors {@code Event.is_set()}.
     */
    public boolean isSet() {
        return value;
    }

    /**
     * Sets the flag and wakes every waiter, in the order they started waiting. Does nothing if
     * the flag is already set.
     *
     * @apiNote Mirrors {@code Event.set()}.
     */
    public void set() {
        if (!value) {
            value = true;
            for (Future<Object> fut : waiters) {
                if (!fut.done()) {
                    fut.setResult(Boolean.TRUE);
                }
            }
        }
    }

    /**
     * Clears the flag: later waits block until the next {@link #set()}. Waiters already woken
     * still return true.
     *
     * @apiNote Mirrors {@code Event.clear()}.
     */
    public void clear() {
        value = false;
    }

    /**
     * Waits until the flag is set; returns at once if it is set already.
     *
     * <p>If the calling task is cancelled while waiting, the coroutine throws
     * {@link CancelledError} and the event is unchanged; other waiters are not affected.
     *
     * @return a coroutine that completes with true once the flag is set
     * @throws IllegalStateException (from the coroutine) if it has to wait outside a running
     *     loop
     * @apiNote Mirrors {@code async Event.wait()}; Java's {@code Object.wait()} is final, hence
     *     the name.
     */
    public Coroutine<Boolean> waitSet() {
        return new WaiterFrame<>("Event.wait", waiters) {
            @Override
            Object attempt() {
                return value ? Boolean.TRUE : WAIT;
            }

            @Override
            Object woken(Future<Object> fut) {
                return Boolean.TRUE;
            }
        };
    }

    /** The waiters of {@link #waitSet()}, shared by waits built on this event. */
    WaiterFrame.Waiters waiters() {
        return waiters;
    }

    /**
     * Describes the event as asyncio's repr does, e.g. {@code <io.jasyncio.Event object at 0x1b6d3586 [unset, waiters:1]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String extra = value ? "set" : "unset";
        if (!waiters.isEmpty()) {
            extra += ", waiters:" + waiters.size();
        }
        return "<" + Reprs.object(this) + " [" + extra + "]>";
    }
}
