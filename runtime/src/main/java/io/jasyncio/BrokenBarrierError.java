package io.jasyncio;

/**
 * Raised when a {@link Barrier} is broken or reset while a coroutine waits on it, or is broken when a coroutine starts waiting.
 *
 * @apiNote Mirrors {@code asyncio.BrokenBarrierError}.
 */
public class BrokenBarrierError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message, as asyncio raises it. */
    public BrokenBarrierError() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message the message, or null
     */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
