package io.jasyncio;

/**
 * When {@link Asyncio#wait} returns.
 *
 * @apiNote Mirrors the constants {@code asyncio.FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and
 *     {@code ALL_COMPLETED}.
 */
public enum ReturnWhen {
    /** As soon as any future is done or cancelled. */
    FIRST_COMPLETED,
    /**
     * As soon as any future fails with an exception (a cancellation does not count), or when
     * all are done.
     */
    FIRST_EXCEPTION,
    /** When all futures are done or cancelled. */
    ALL_COMPLETED
}
