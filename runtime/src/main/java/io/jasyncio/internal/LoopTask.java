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
    /** Links of the loop's {@link TaskRegistry}; null when not registered. */
    LoopTask<?> prevTask;

    LoopTask<?> nextTask;

    /**
     * Creates the task; {@link #start()} schedules its first step.
     *
     * @param loop the loop that runs it
     * @param coro the coroutine
     * @param name the name, or null for {@code Task-N}
     */
    public LoopTask(SelectorEventLoop loop, Coroutine<T> coro, String name) {
        super(loop, coro, name);
    }

    /** The loop, from {@code Future}'s own field: a second reference would cost 4 bytes a task (W2). */
    private SelectorEventLoop loop() {
        return (SelectorEventLoop) getLoop();
    }

    /** Schedules the first step: none of the body runs before the loop's next iteration. */
    public void start() {
        loop().registerTask(this);
        loop().enqueue(this);
    }

    /**
     * Runs the first step now, inside {@code createTask}, up to the coroutine's first real
     * suspension, with this task as the current task for that step; a coroutine that finishes
     * without suspending leaves a done task that was never scheduled.
     *
     * @apiNote Mirrors {@code Task.__eager_start} of Python 3.12.
     */
    public void startEagerly() {
        Task<?> previous = loop().swapCurrentTask(null);
        try {
            loop().registerTask(this);
            step();
        } finally {
            loop().swapCurrentTask(previous);
        }
    }

    @Override
    protected void finished() {
        loop().unregisterTask(this);
    }

    @Override
    protected void scheduleStep() {
        loop().enqueue(this);
    }

    /** Runs one step; only the loop calls this, when the task's turn in the ready queue comes. */
    @Override
    public void run() {
        step();
    }
}
