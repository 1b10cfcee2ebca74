package io.jasyncio.streams;

import java.io.EOFException;

/**
 * End of stream was reached before the requested bytes or separator were read.
 *
 * @apiNote Mirrors {@code asyncio.IncompleteReadError} (an {@code EOFError} in Python, an
 *     {@link EOFException} here).
 */
public final class IncompleteReadError extends EOFException {
    private static final long serialVersionUID = 1L;
    /** The bytes read before end of stream. */
    private final byte[] partial;

    /** The number of bytes expected, or -1 when a separator was expected. */
    private final int expected;

    /**
     * Creates the error.
     *
     * @param partial the bytes read before end of stream
     * @param expected the number of bytes expected, or -1 when a separator was expected
     */
    public IncompleteReadError(byte[] partial, int expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : Integer.toString(expected))
                + " expected bytes");
        this.partial = partial.clone();
        this.expected = expected;
    }

    /**
     * The bytes read before end of stream.
     *
     * @return a copy of them
     */
    public byte[] partial() {
        return partial.clone();
    }

    /**
     * The number of bytes that were expected.
     *
     * @return the count, or -1 when a separator was expected
     */
    public int expected() {
        return expected;
    }
}
