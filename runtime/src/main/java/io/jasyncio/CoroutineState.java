package io.jasyncio;

/**
 * Where a coroutine or a generator is in its life, as {@link Coroutine#getState()} and {@link
 * Generator#getState()} tell.
 *
 * @apiNote Mirrors the states of {@code inspect.getcoroutinestate} ({@code CORO_CREATED},
 *     {@code CORO_RUNNING}, {@code CORO_SUSPENDED}, {@code CORO_CLOSED}) and {@code
 *     inspect.getgeneratorstate} ({@code GEN_CREATED}, ...).
 */
public enum CoroutineState {
    /** Not started: created, perhaps wrapped in a task, none of its body run yet. */
    CREATED,
    /** Executing: its body, or that of a coroutine it awaits, is running now. */
    RUNNING,
    /** Stopped at an await (or, for a generator, a yield), waiting to be resumed. */
    SUSPENDED,
    /** Finished: it returned, threw or was closed. */
    CLOSED
}
