package io.jasyncio;

/**
 * Raised on an operation a future's state forbids: setting the result of a done future, asking
 * the result of a pending one.
 *
 * @apiNote Mirrors {@code asyncio.InvalidStateError}.
 */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was invalid
     */
    public InvalidStateError(String message) {
        super(message);
    }
}
