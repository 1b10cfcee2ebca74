package io.jasyncio.internal;

import io.jasyncio.Coroutine;
import io.jasyncio.Task;

/**
 * The task {@link SelectorEventLoop} creates: it is its own entry in the loop's ready queue, so
 * scheduling a step allocates nothing (asyncio allocates a handle per step).
 *
 * @param <T> the coroutine's result type
 */
public final class LoopTask<T> extends Task<T> implements Runnable {
    private final SelectorEventLoop loop;

    /**
     * Creates the task; {@link #start()} schedules its first step.
     *
     * @param loop the loop that runs it
     * @param coro the coroutine
     * @param name the name, or null for {@code Task-N}
     */
    public LoopTask(SelectorEventLoop loop, Coroutine<T> coro, String name) {
        super(loop, coro, name);
        this.loop = loop;
    }

    /** Schedules the first step: none of the body runs before the loop's next iteration. */
    public void start() {
        loop.enqueue(this);
    }

    @Override
    protected void scheduleStep() {
        loop.enqueue(this);
    }

    /** Runs one step; only the loop calls this, when the task's turn in the ready queue comes. */
    @Override
    public void run() {
        step();
    }
}
