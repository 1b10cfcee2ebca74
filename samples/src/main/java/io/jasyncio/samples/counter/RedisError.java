package io.jasyncio.samples.counter;

/**
 * An error reply from Redis ({@code -ERR ...}, {@code -WRONGTYPE ...}): the command failed, but
 * the connection is still in step with Redis and can carry the next command.
 *
 * @apiNote redis-py raises {@code redis.ResponseError} for the same reply.
 */
public final class RedisError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error for one reply.
     *
     * @param message Redis's text, without the leading {@code -}, such as {@code "ERR value is not
     *     an integer or out of range"}
     */
    public RedisError(String message) {
        super(message);
    }

    /**
     * The error's kind: the first word of Redis's message, such as {@code ERR} or
     * {@code WRONGTYPE}.
     *
     * @return the prefix
     */
    public String prefix() {
        String m = getMessage();
        int space = m.indexOf(' ');
        return space < 0 ? m : m.substring(0, space);
    }
}
