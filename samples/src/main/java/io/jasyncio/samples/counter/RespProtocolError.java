package io.jasyncio.samples.counter;

/**
 * Bytes from the server that are not RESP2, or a reply of a type the command never returns. The
 * connection is out of step after it and is closed.
 */
public final class RespProtocolError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was expected and what came
     */
    public RespProtocolError(String message) {
        super(message);
    }
}
