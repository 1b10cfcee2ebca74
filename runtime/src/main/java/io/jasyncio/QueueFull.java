package io.jasyncio;

/**
 * Raised when {@link Queue#putNowait(Object)} found the queue full.
 *
 * @apiNote Mirrors {@code asyncio.QueueFull}.
 */
public class QueueFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message, as asyncio raises it. */
    public QueueFull() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message the message, or null
     */
    public QueueFull(String message) {
        super(message);
    }
}
