package io.jasyncio;

/**
 * Raised by {@link Asyncio#waitFor}, {@link Asyncio#timeout} and {@link Asyncio#asCompleted}
 * when the time allowed runs out. When a timeout turned a cancellation into this error, the
 * {@link CancelledError} is its {@linkplain #getCause() cause}.
 *
 * @apiNote Mirrors {@code asyncio.TimeoutError}, which since Python 3.11 is the builtin
 *     {@code TimeoutError}; {@code raise TimeoutError from exc} becomes the cause.
 */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates a timeout error without message or cause. */
    public TimeoutError() {
        super();
    }

    /**
     * Creates a timeout error caused by the cancellation the timeout issued.
     *
     * @param cause the {@link CancelledError} the timeout turned into this error, or null
     */
    public TimeoutError(Throwable cause) {
        super(null, cause);
    }
}
