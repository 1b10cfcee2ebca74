package io.jasyncio;

/**
 * Raised inside a task when it is cancelled, and by a cancelled future's {@code result()}.
 *
 * <p>It extends {@link Error}, not {@link Exception}, so that {@code catch (Exception e)} does
 * not swallow a cancellation, as {@code except Exception} does not in Python.
 *
 * @apiNote Mirrors {@code asyncio.CancelledError}, a {@code BaseException} since Python 3.8.
 */
public class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates a cancellation without a message. */
    public CancelledError() {
        super();
    }

    /**
     * Creates a cancellation carrying the message given to {@code cancel(msg)}.
     *
     * @param message the message, or null
     */
    public CancelledError(String message) {
        super(message);
    }
}
