package io.jasyncio.internal.process;

import io.jasyncio.SubprocessOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends the loops' child processes when the JVM exits, normally or on SIGTERM (a shutdown hook):
 * each live child and its descendants get SIGTERM, and what is left after
 * {@link SubprocessOptions#EXIT_GRACE_SECONDS} gets SIGKILL. Children started with
 * {@link SubprocessOptions#keepOnExit()} are never registered, and outlive the JVM as they do
 * asyncio's interpreter.
 *
 * <p>Descendants are looked up before anything is signalled: once a child is gone, its own
 * children belong to init and cannot be found from here.
 */
final class ChildReaper {
    /** Children still running; each leaves on its own exit. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    private static boolean hooked;

    private ChildReaper() {}

    /**
     * Ends {@code child} when the JVM exits, unless it has exited by then.
     *
     * @param child a child just started
     */
    static void endOnExit(Process child) {
        synchronized (ChildReaper.class) {
            if (!hooked) {
                try {
                    Runtime.getRuntime().addShutdownHook(new Thread(ChildReaper::endAll, "jasyncio-child-reaper"));
                } catch (IllegalStateException shuttingDown) {
                    return; // no hook can be added any more: nothing will end the child
                }
                hooked = true;
            }
        }
        LIVE.add(child);
        child.onExit().thenRun(() -> LIVE.remove(child));
    }

    private static void endAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : LIVE) {
            if (p.isAlive()) {
                p.descendants().forEach(all::add);
                all.add(p.toHandle());
            }
        }
        if (all.isEmpty()) {
            return;
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Math.round(SubprocessOptions.EXIT_GRACE_SECONDS * 1e9);
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException stillThere) {
                // SIGKILL below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }
}
