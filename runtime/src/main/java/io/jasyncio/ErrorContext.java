package io.jasyncio;

/**
 * What an event loop knows about an error it reports to its {@link ExceptionHandler}.
 *
 * @param message a description of what failed; never null
 * @param exception the exception, or null
 * @param future the future or task concerned, or null
 * @param handle the callback handle that threw, or null
 * @apiNote Mirrors the {@code context} dict of {@code loop.call_exception_handler(context)}, with
 *     its keys {@code message}, {@code exception}, {@code future} (or {@code task}) and
 *     {@code handle}.
 */
public record ErrorContext(String message, Throwable exception, Future<?> future, Handle handle) {
    /**
     * Checks the message.
     *
     * @param message a description of what failed
     * @param exception the exception, or null
     * @param future the future or task concerned, or null
     * @param handle the callback handle that threw, or null
     * @throws NullPointerException if {@code message} is null
     */
    public ErrorContext {
        if (message == null) {
            throw new NullPointerException("message");
        }
    }

    /**
     * A context with just a message and an exception.
     *
     * @param message what failed
     * @param exception the exception, or null
     * @return the context
     */
    public static ErrorContext of(String message, Throwable exception) {
        return new ErrorContext(message, exception, null, null);
    }
}
