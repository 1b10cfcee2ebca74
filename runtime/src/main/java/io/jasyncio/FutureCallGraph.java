package io.jasyncio;

import java.util.List;

/**
 * One node of an async call graph: a future or task, where its coroutine is (for a task) and
 * what awaits it, recursively. {@link Asyncio#captureCallGraph(Future)} builds it and
 * {@link Asyncio#formatCallGraph(FutureCallGraph)} prints it.
 *
 * <pre>
 *   Task-1  main() ── await gather ──▶ gather future ◀── child of ── Task-2  worker()
 *   captureCallGraph(Task-2) = Task-2 [worker:12]
 *                               └ awaited by: gather future
 *                                              └ awaited by: Task-1 [main:30]
 * </pre>
 *
 * @param future the future or task
 * @param callStack where its coroutine is, innermost frame first; empty for a plain future
 * @param awaitedBy the nodes of what awaits it: tasks suspended on it, gathers it is a child of,
 *     the parent task of its task group
 * @apiNote Mirrors {@code asyncio.FutureCallGraph} of Python 3.14, with Java stack trace
 *     elements for its {@code FrameCallGraphEntry} items.
 */
public record FutureCallGraph(Future<?> future, List<StackTraceElement> callStack, List<FutureCallGraph> awaitedBy) {

    /**
     * Makes the node, copying the lists.
     *
     * @param future the future or task
     * @param callStack innermost frame first
     * @param awaitedBy what awaits it
     * @throws NullPointerException if an argument is null
     */
    public FutureCallGraph {
        if (future == null) {
            throw new NullPointerException("future");
        }
        callStack = List.copyOf(callStack);
        awaitedBy = List.copyOf(awaitedBy);
    }
}
