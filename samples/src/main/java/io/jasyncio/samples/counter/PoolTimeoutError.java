package io.jasyncio.samples.counter;

/**
 * Every connection of a {@link RedisPool} stayed lent out for the whole acquire timeout.
 *
 * @apiNote redis-py's {@code BlockingConnectionPool} raises {@code ConnectionError("No
 *     connection available.")} in the same case.
 */
public final class PoolTimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message the pool's size and the time waited
     * @param cause the {@link io.jasyncio.TimeoutError} of the wait
     */
    public PoolTimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
