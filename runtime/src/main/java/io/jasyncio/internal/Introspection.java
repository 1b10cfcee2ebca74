package io.jasyncio.internal;

import io.jasyncio.Asyncio;
import io.jasyncio.FutureCallGraph;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dump hook of {@code java -jar jasyncio-agent.jar ps|pstree PID}: the agent, loaded into
 * this JVM through the Attach API, calls {@link #snapshot()} reflectively, from the attach
 * listener thread, and writes what it returns to a file the command reads.
 *
 * <p>Every loop registers itself here when created, weakly (a loop nobody references can still
 * be collected). A snapshot reads each loop's tasks on that loop's own thread, posted with
 * {@code callSoonThreadsafe}, and waits a bounded time for it; a loop that does not answer in
 * time (its thread is blocked, or busy in one long callback) is read from the calling thread
 * instead and its rows are marked {@code racy}: they may be inconsistent, never wrong in a way
 * that hangs or crashes the target. A loop that is not running is read directly ({@code idle}).
 *
 * <p>The result is made of JDK types only (lists, maps, strings), so that the agent, which knows
 * the runtime's classes only by name, can read it without linking against them.
 */
public final class Introspection {
    private static final Set<SelectorEventLoop> LOOPS =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** How long a snapshot waits for a running loop to answer before a racy read. */
    static final long WAIT_MILLIS = 2000;

    private Introspection() {}

    static void register(SelectorEventLoop loop) {
        LOOPS.add(loop);
    }

    /**
     * One map per unfinished task of every live loop of this JVM, with the keys
     * {@code loop} (an id), {@code thread} (the loop's thread, or empty), {@code read}
     * ({@code safe}, {@code racy} or {@code idle}), {@code id}, {@code name}, {@code coro} (the
     * task's one-line description, {@code Class.method() running at File.java:42}),
     * {@code stack} (a {@code List<String>} of {@code Class.method File.java:42}, innermost
     * first) and {@code awaitedBy} (a {@code List<String>} of the ids of the tasks awaiting it,
     * through gathers and task groups too). Any thread may call it.
     *
     * @return the rows, loops in no particular order, each loop's tasks in creation order
     */
    public static List<Map<String, Object>> snapshot() {
        return snapshot(WAIT_MILLIS);
    }

    static List<Map<String, Object>> snapshot(long waitMillis) {
        List<SelectorEventLoop> loops;
        synchronized (LOOPS) {
            loops = new ArrayList<>(LOOPS);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (SelectorEventLoop loop : loops) {
            if (loop.isClosed()) {
                continue;
            }
            out.addAll(readLoop(loop, waitMillis));
        }
        return out;
    }

    private static List<Map<String, Object>> readLoop(SelectorEventLoop loop, long waitMillis) {
        Thread owner = loop.ownerThread();
        if (owner == null || owner == Thread.currentThread()) {
            return racyRead(loop, owner == null ? "idle" : "safe");
        }
        CompletableFuture<List<Map<String, Object>>> answer = new CompletableFuture<>();
        try {
            loop.callSoonThreadsafe(() -> {
                try {
                    answer.complete(read(loop, "safe"));
                } catch (Throwable t) {
                    answer.completeExceptionally(t);
                }
            });
            return answer.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return racyRead(loop, "racy");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return racyRead(loop, "racy");
        } catch (Exception e) {
            // The loop closed meanwhile, or the read failed on its thread.
            return racyRead(loop, "racy");
        }
    }

    /** Reads from a thread that does not own the loop; a few tries, then gives up quietly. */
    private static List<Map<String, Object>> racyRead(SelectorEventLoop loop, String mode) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return read(loop, mode);
            } catch (RuntimeException | StackOverflowError e) {
                // The loop changed under our feet; try again.
            }
        }
        return List.of();
    }

    private static List<Map<String, Object>> read(SelectorEventLoop loop, String mode) {
        Thread owner = loop.ownerThread();
        String loopId = "0x" + Integer.toHexString(System.identityHashCode(loop));
        String thread = owner == null ? "" : owner.getName() + "#" + owner.getId();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Task<?> t : loop.allTasks()) {
            FutureCallGraph g = Asyncio.captureCallGraph(t);
            List<String> stack = new ArrayList<>();
            for (StackTraceElement e : g.callStack()) {
                String c = e.getClassName();
                String name = c.substring(c.lastIndexOf('.') + 1).replace('$', '.') + "." + e.getMethodName();
                String file = e.getFileName() == null ? "" : e.getFileName();
                stack.add(name + " " + file + (e.getLineNumber() > 0 ? ":" + e.getLineNumber() : ""));
            }
            List<String> by = new ArrayList<>();
            collectAwaitingTasks(g, by, Collections.newSetFromMap(new IdentityHashMap<>()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("loop", loopId);
            row.put("thread", thread);
            row.put("read", mode);
            row.put("id", id(t));
            row.put("name", t.getName());
            row.put(
                    "coro",
                    t.getCoro().getName() + "() running at " + t.getCoro().location());
            row.put("stack", stack);
            row.put("awaitedBy", by);
            rows.add(row);
        }
        return rows;
    }

    private static void collectAwaitingTasks(FutureCallGraph g, List<String> out, Set<Object> seen) {
        for (FutureCallGraph by : g.awaitedBy()) {
            if (!seen.add(by.future())) {
                continue;
            }
            if (by.future() instanceof Task) {
                out.add(id(by.future()));
            } else {
                collectAwaitingTasks(by, out, seen);
            }
        }
    }

    private static String id(Object o) {
        return "0x" + Integer.toHexString(System.identityHashCode(o));
    }
}
