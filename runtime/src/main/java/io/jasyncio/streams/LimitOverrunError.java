package io.jasyncio.streams;

import java.io.IOException;

/**
 * A line or a chunk ending with a separator is longer than the reader's limit.
 *
 * @apiNote Mirrors {@code asyncio.LimitOverrunError}.
 */
public final class LimitOverrunError extends IOException {
    private static final long serialVersionUID = 1L;
    /** How many bytes to consume to get past the data that overran the limit. */
    private final int consumed;

    /**
     * Creates the error.
     *
     * @param message what happened
     * @param consumed how many bytes to consume to get past the offending data
     */
    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * How many bytes to consume to get past the data that overran the limit.
     *
     * @return the count
     */
    public int consumed() {
        return consumed;
    }
}
