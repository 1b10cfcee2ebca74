package io.jasyncio;

/**
 * What an event loop knows about an error it reports to its {@link ExceptionHandler}.
 *
 * @param message a description of what failed; never null
 * @param exception the exception, or null
 * @param future the future or task concerned, or null
 * @param handle the callback handle that threw, or null
 * @param transport the transport concerned (a {@link Transport} or a {@link DatagramTransport}),
 *     or null
 * @param protocol the protocol of that transport, or null
 * @param task the task concerned where asyncio's context names it {@code task} rather than
 *     {@code future} (a task failing during {@code run()}'s shutdown, or after its
 *     {@code TaskGroup}'s parent finished), or null
 * @apiNote Mirrors the {@code context} dict of {@code loop.call_exception_handler(context)}, with
 *     its keys {@code message}, {@code exception}, {@code future}, {@code task},
 *     {@code handle}, {@code transport} and {@code protocol}.
 */
public record ErrorContext(
        String message,
        Throwable exception,
        Future<?> future,
        Handle handle,
        Object transport,
        Object protocol,
        Task<?> task) {
    /**
     * Checks the message.
     *
     * @param message a description of what failed
     * @param exception the exception, or null
     * @param future the future or task concerned, or null
     * @param handle the callback handle that threw, or null
     * @param transport the transport concerned, or null
     * @param protocol the protocol concerned, or null
     * @param task the task concerned, under asyncio's key {@code task}, or null
     * @throws NullPointerException if {@code message} is null
     */
    public ErrorContext {
        if (message == null) {
            throw new NullPointerException("message");
        }
    }

    /**
     * A context without a task key.
     *
     * @param message a description of what failed
     * @param exception the exception, or null
     * @param future the future or task concerned, or null
     * @param handle the callback handle that threw, or null
     * @param transport the transport concerned, or null
     * @param protocol the protocol concerned, or null
     * @throws NullPointerException if {@code message} is null
     */
    public ErrorContext(
            String message, Throwable exception, Future<?> future, Handle handle, Object transport, Object protocol) {
        this(message, exception, future, handle, transport, protocol, null);
    }

    /**
     * A context naming a task under asyncio's key {@code task}, which the default handler
     * prints as {@code task: <Task ...>}.
     *
     * @param message what failed
     * @param exception the exception, or null
     * @param task the task
     * @return the context
     */
    public static ErrorContext ofTask(String message, Throwable exception, Task<?> task) {
        return new ErrorContext(message, exception, null, null, null, null, task);
    }

    /**
     * A context without a transport.
     *
     * @param message a description of what failed
     * @param exception the exception, or null
     * @param future the future or task concerned, or null
     * @param handle the callback handle that threw, or null
     * @throws NullPointerException if {@code message} is null
     */
    public ErrorContext(String message, Throwable exception, Future<?> future, Handle handle) {
        this(message, exception, future, handle, null, null);
    }

    /**
     * A context naming the transport and the protocol a callback failed on.
     *
     * @param message what failed
     * @param exception the exception, or null
     * @param transport the transport
     * @param protocol its protocol
     * @return the context
     */
    public static ErrorContext ofTransport(String message, Throwable exception, Object transport, Object protocol) {
        return new ErrorContext(message, exception, null, null, transport, protocol);
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
