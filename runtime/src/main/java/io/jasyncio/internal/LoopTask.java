package io.jasyncio.internal;

import io.jasyncio.Context;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;

/**
 * The task {@link SelectorEventLoop} creates: it is its own entry in the loop's ready queue, so
 * scheduling a step allocates nothing (asyncio allocates a handle per step).
 *
 * @param <T> the coroutine's result type
 */
final class LoopTask<T> extends Task<T> implements Runnable {
    /**
     * Creates the task; the loop's {@code createTask} starts it.
     *
     * @param loop the loop that runs it
     * @param coro the coroutine
     * @param name the name, or null for {@code Task-N}
     * @param context the context its steps run in, or null for a copy of the current one
     */
    LoopTask(SelectorEventLoop loop, Coroutine<T> coro, String name, Context context) {
        super(loop, coro, name, context);
    }

    /** Runs one step; only the loop calls this, when the task's turn in the ready queue comes. */
    @Override
    public void run() {
        step();
    }
}
