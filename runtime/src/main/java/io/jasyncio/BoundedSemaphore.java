package io.jasyncio;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: its counter
 * never exceeds its initial value.
 *
 * @apiNote Mirrors {@code asyncio.BoundedSemaphore}.
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /**
     * Creates a bounded semaphore with {@code value} permits, which is also its bound.
     *
     * @param value the initial and maximal number of permits
     * @throws IllegalArgumentException if {@code value} is negative
     * @apiNote Mirrors {@code asyncio.BoundedSemaphore(value)}.
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /**
     * Creates a bounded semaphore with one permit.
     *
     * @apiNote Mirrors {@code asyncio.BoundedSemaphore()}.
     */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * Gives a permit back and wakes the first waiter, if any.
     *
     * @throws IllegalArgumentException with asyncio's message
     *     {@code "BoundedSemaphore released too many times"} if every permit is already free
     * @apiNote Mirrors {@code BoundedSemaphore.release()}; Python raises {@code ValueError}, whose
     *     counterpart is {@code IllegalArgumentException}.
     */
    @Override
    public void release() {
        if (value() >= bound) {
            throw new IllegalArgumentException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
