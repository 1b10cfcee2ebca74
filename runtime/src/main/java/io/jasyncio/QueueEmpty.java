package io.jasyncio;

/**
 * Raised when {@link Queue#getNowait()} found the queue empty.
 *
 * @apiNote Mirrors {@code asyncio.QueueEmpty}.
 */
public class QueueEmpty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message, as asyncio raises it. */
    public QueueEmpty() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message the message, or null
     */
    public QueueEmpty(String message) {
        super(message);
    }
}
