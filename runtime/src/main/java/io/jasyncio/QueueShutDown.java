package io.jasyncio;

/**
 * Raised when a queue is used after {@link Queue#shutdown(boolean)}: a put, or a get of an empty (or immediately shut down) queue.
 *
 * @apiNote Mirrors {@code asyncio.QueueShutDown} (Python 3.13).
 */
public class QueueShutDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message, as asyncio raises it. */
    public QueueShutDown() {
        super();
    }

    /**
     * Creates the exception with a message.
     *
     * @param message the message, or null
     */
    public QueueShutDown(String message) {
        super(message);
    }
}
