package io.jasyncio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds and prints async call graphs ({@link FutureCallGraph}) and the all-tasks dump; the
 * code behind {@link Asyncio#captureCallGraph(Future)} and {@link Asyncio#formatAllTasks}.
 */
final class CallGraph {
    private CallGraph() {}

    /** The graph of {@code future}; for the running task, its live Java stack is read too. */
    static FutureCallGraph capture(Future<?> future) {
        return capture(future, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static FutureCallGraph capture(Future<?> future, Set<Future<?>> path) {
        path.add(future);
        List<StackTraceElement> stack = callStack(future);
        List<FutureCallGraph> by = new ArrayList<>();
        for (Future<?> awaiter : future.awaiters()) {
            // A cycle of awaits would recurse forever; each node appears once on a path.
            if (!path.contains(awaiter)) {
                by.add(capture(awaiter, path));
            }
        }
        path.remove(future);
        return new FutureCallGraph(future, stack, by);
    }

    /** Where the task's coroutine is, innermost first; empty for a plain future. */
    static List<StackTraceElement> callStack(Future<?> future) {
        List<StackTraceElement> out = new ArrayList<>();
        if (!(future instanceof Task<?> task) || future.done()) {
            return out;
        }
        Coroutine<?> coro = task.getCoro();
        List<StackTraceElement> suspended = new ArrayList<>();
        Coroutine<?> f = coro;
        for (; f != null && !f.isExecuting(); f = f.awaitedCoroutine()) {
            suspended.add(f.toStackTraceElement());
        }
        if (f != null && Asyncio.currentTaskOrNull() == future) {
            // The task is running (it is the current task): the running frame and whatever it
            // awaits inline are on this thread's Java stack, down to the resume that ran them.
            StackWalker.getInstance().forEach(new Consumer<StackWalker.StackFrame>() {
                private boolean stopped;

                @Override
                public void accept(StackWalker.StackFrame sf) {
                    String c = sf.getClassName();
                    if (stopped) {
                        return;
                    }
                    if (c.equals(AwaitChains.RESUME_CLASS) && sf.getMethodName().equals("resume")) {
                        stopped = true;
                    } else if (!AwaitChains.isEngine(c)
                            && !c.endsWith("$Frame")
                            && !c.equals(CallGraph.class.getName())
                            && !c.startsWith(CallGraph.class.getName() + "$")
                            && !c.equals(Asyncio.class.getName())
                            && !(c.equals(Task.class.getName())
                                    && sf.getMethodName().endsWith("Stack"))) {
                        out.add(sf.toStackTraceElement());
                    }
                }
            });
        }
        Collections.reverse(suspended);
        out.addAll(suspended);
        return out;
    }

    /** Python's {@code format_call_graph} layout. */
    static String format(FutureCallGraph graph) {
        StringBuilder sb = new StringBuilder();
        render(graph, sb, 0);
        return sb.toString();
    }

    private static void render(FutureCallGraph g, StringBuilder sb, int level) {
        String indent = "    ".repeat(level);
        Future<?> f = g.future();
        sb.append(indent)
                .append(
                        f instanceof Task<?> task
                                ? "* Task(name='" + task.getName() + "', id=" + id(f) + ")"
                                : "* Future(id=" + id(f) + ")")
                .append('\n');
        if (!g.callStack().isEmpty()) {
            sb.append(indent).append("  + Call stack:\n");
            for (StackTraceElement e : g.callStack()) {
                String file = e.getFileName() == null ? "<unknown>" : e.getFileName();
                sb.append(indent)
                        .append("  |   File '")
                        .append(file)
                        .append("'")
                        .append(e.getLineNumber() > 0 ? ", line " + e.getLineNumber() : "")
                        .append(", in ")
                        .append(Task.qualifiedName(e))
                        .append("()\n");
            }
        }
        if (!g.awaitedBy().isEmpty()) {
            sb.append(indent).append("  + Awaited by:\n");
            for (FutureCallGraph by : g.awaitedBy()) {
                render(by, sb, level + 1);
            }
        }
    }

    /** A future's id for printing, as Python prints {@code id(obj)}. */
    static String id(Object o) {
        return "0x" + Integer.toHexString(System.identityHashCode(o));
    }

    /**
     * Every unfinished task of {@code loop}, each as
     * {@code Task<name> coro=<Class.method() running at File.java:42>}, then its await chain
     * innermost first ({@code at ...} lines, as a Java thread dump), then what awaits it.
     */
    static String formatAllTasks(EventLoop loop) {
        StringBuilder sb = new StringBuilder();
        for (Task<?> t : loop.allTasks()) {
            Coroutine<?> c = t.getCoro();
            sb.append("Task<")
                    .append(t.getName())
                    .append("> coro=<")
                    .append(c.getName())
                    .append("() ")
                    .append(c.isDone() ? "done, defined" : "running")
                    .append(" at ")
                    .append(c.location())
                    .append(">\n");
            for (StackTraceElement e : callStack(t)) {
                sb.append("    at ").append(e).append('\n');
            }
            for (Task<?> by : awaitingTasks(t)) {
                sb.append("    awaited by Task<").append(by.getName()).append(">\n");
            }
        }
        return sb.toString();
    }

    /** The tasks that await {@code f}, directly or through futures such as a gather's. */
    static List<Task<?>> awaitingTasks(Future<?> f) {
        List<Task<?>> out = new ArrayList<>();
        Set<Future<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Future<?>> todo = new ArrayList<>(f.awaiters());
        while (!todo.isEmpty()) {
            Future<?> a = todo.remove(0);
            if (!seen.add(a)) {
                continue;
            }
            if (a instanceof Task<?> task) {
                out.add(task);
            } else {
                todo.addAll(a.awaiters());
            }
        }
        return out;
    }
}
