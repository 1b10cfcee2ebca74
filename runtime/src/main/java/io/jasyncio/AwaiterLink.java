package io.jasyncio;

/**
 * A done callback that stands for a future awaiting the one it is registered on: a gather's
 * per-child callback (the gather awaits the child), a task group's (its parent task awaits
 * every task of the group). Call graphs follow these links, as Python 3.14 follows
 * {@code _asyncio_awaited_by}; registering costs nothing more than the callback itself.
 */
interface AwaiterLink {
    /**
     * The future or task that awaits the future this callback is registered on.
     *
     * @return the awaiter, or null if there is none any more
     */
    Future<?> awaiter();
}
