package io.jasyncio;

/**
 * Receives the errors an event loop cannot hand to anyone else: a callback that threw, a task
 * whose exception was never retrieved.
 *
 * @apiNote Mirrors the handler of {@code loop.set_exception_handler(handler)}, which Python calls
 *     as {@code handler(loop, context)}.
 */
@FunctionalInterface
public interface ExceptionHandler {
    /**
     * Handles one error. Runs on the loop thread; an exception it throws is logged and dropped.
     *
     * @param loop the loop that caught the error
     * @param context what happened
     */
    void handle(EventLoop loop, ErrorContext context);
}
