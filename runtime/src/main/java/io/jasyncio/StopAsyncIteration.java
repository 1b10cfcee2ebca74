package io.jasyncio;

/**
 * Raised by awaiting {@link AsyncGenerator#anext()} (or {@code asend}, {@code athrow}) when the
 * async generator has finished: the end of an asynchronous iteration.
 *
 * <p>An async generator's own body must not throw it: one that escapes the body becomes an
 * {@link IllegalStateException} ("async generator raised StopAsyncIteration"), as PEP 479 says.
 *
 * @apiNote Mirrors {@code StopAsyncIteration}.
 */
public class StopAsyncIteration extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the signal. */
    public StopAsyncIteration() {
        super(null, null, false, false);
    }
}
