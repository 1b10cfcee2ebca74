package io.jasyncio;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * The reports asyncio makes when the garbage collector finds a mistake: a coroutine that was
 * never awaited (debug mode only, with where it was created), and a future or task whose
 * exception nobody retrieved (always; in debug mode with where the task was created).
 *
 * <h2>How a collected object is reported</h2>
 * Each watched object gets a {@link WeakReference} on one {@link ReferenceQueue}, kept reachable
 * in a table keyed by identity hash. When the mistake is undone (the coroutine is claimed by an
 * awaiter or a task, the exception is retrieved) the reference leaves the table and, being
 * unreachable itself, is never enqueued. A reference still in the table when its object is
 * collected is enqueued, and one daemon thread ({@code jasyncio-gc-reports}), started on first
 * use, turns it into the report, which it hands to the loop's thread with
 * {@code callSoonThreadsafe}: the user's {@link ExceptionHandler} runs on the loop thread, as
 * it promises (a closed loop's report is logged by its default handler instead). The report carries only what was captured beforehand: a
 * finalizer-free JVM cannot look at the dead object.
 *
 * @apiNote Mirrors CPython's coroutine finalizer ({@code RuntimeWarning: coroutine '...' was
 *     never awaited}, with {@code sys.set_coroutine_origin_tracking_depth(10)} in debug mode)
 *     and {@code asyncio.Future.__del__} ("exception was never retrieved").
 */
final class DebugReports {
    private static final System.Logger LOGGER = System.getLogger("io.jasyncio");
    /** Frames of the creation stack kept, as asyncio's {@code DEBUG_STACK_DEPTH}. */
    static final int STACK_DEPTH = 10;

    /**
     * True while some loop is in debug mode, or coroutines created then are still watched:
     * {@code Frame.claim} reads it to tell this class that a coroutine was awaited after all.
     * (A coroutine created in debug mode is reported when collected even if the loop has been
     * closed since, as CPython does.)
     */
    static volatile boolean trackingCoroutines;
    /** True while some loop is in debug mode: new coroutines are watched. */
    private static volatile boolean recordingOrigins;
    /** Coroutines watched and not yet claimed or reported; guarded by {@link #WATCHED}. */
    private static int watchedCoroutines;

    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /** Watched references by identity hash of their object; guarded by itself. */
    private static final Map<Integer, Object> WATCHED = new HashMap<>();
    /** Where each task of a debug-mode loop was created. */
    private static final Map<Task<?>, StackTraceElement[]> TASK_ORIGINS = new WeakHashMap<>();

    private static int debugLoops;
    private static Consumer<? super Coroutine<?>> previousListener;
    private static Consumer<? super Coroutine<?>> ourListener;
    private static Thread reporter;
    /** Counts installations of the creation listener. */
    private static volatile int generation;

    private DebugReports() {}

    /** A watched object: its weak reference and what the report will say. */
    private abstract static class Watched extends WeakReference<Object> {
        final int hash;

        Watched(Object referent) {
            super(referent, QUEUE);
            this.hash = System.identityHashCode(referent);
        }

        abstract void report();
    }

    // ------------------------------------------------------------------------------------------
    // Debug mode on and off

    /**
     * A loop entered debug mode: start recording where coroutines are created.
     */
    static synchronized void debugLoopAdded() {
        if (debugLoops++ == 0) {
            // Each installation chains to what it replaced and knows its generation, so that an
            // old one left wrapped inside another tool's listener stays silent.
            int gen = ++generation;
            @SuppressWarnings("unchecked")
            Consumer<? super Coroutine<?>>[] before = (Consumer<? super Coroutine<?>>[]) new Consumer<?>[1];
            Consumer<? super Coroutine<?>> mine = frame -> frameCreated(frame, before[0], gen);
            ourListener = mine;
            before[0] = Coroutine.setCreationListener(mine);
            previousListener = before[0];
            trackingCoroutines = true;
            recordingOrigins = true;
        }
    }

    /**
     * A loop left debug mode or was closed in it.
     */
    static synchronized void debugLoopRemoved() {
        if (debugLoops == 0 || --debugLoops > 0) {
            return;
        }
        recordingOrigins = false;
        Consumer<? super Coroutine<?>> current = Coroutine.setCreationListener(previousListener);
        if (current != ourListener) {
            // Someone wrapped our listener since (a test tool): leave theirs in place; ours
            // does nothing while recordingOrigins is false.
            Coroutine.setCreationListener(current);
        }
        synchronized (WATCHED) {
            stopTrackingIfIdle();
        }
    }

    /** Called with {@link #WATCHED} held. */
    private static void stopTrackingIfIdle() {
        if (watchedCoroutines == 0 && !recordingOrigins) {
            trackingCoroutines = false;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Coroutines never awaited

    private static void frameCreated(Coroutine<?> frame, Consumer<? super Coroutine<?>> previous, int gen) {
        if (previous != null) {
            previous.accept(frame);
        }
        if (!recordingOrigins || gen != generation) {
            return;
        }
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int i = 0;
        while (i < stack.length && isMachinery(stack[i])) {
            i++;
        }
        String creator = i < stack.length
                ? stack[i].getClassName().substring(stack[i].getClassName().lastIndexOf('.') + 1) + "."
                        + stack[i].getMethodName()
                : "?";
        try {
            // Generated frames answer with a constant; hand-written ones may not be ready yet.
            String name = frame.getName();
            if (name != null) {
                creator = name;
            }
        } catch (RuntimeException notYet) {
            // keep the creating method's name
        }
        StackTraceElement[] origin = userFrames(stack, Math.min(i + 1, stack.length));
        watch(new NeverAwaited(frame, frame.getClass(), creator, origin));
    }

    /**
     * Up to {@link #STACK_DEPTH} frames of {@code stack} from {@code from} on, leaving out the
     * runtime's own (the loop, the task step, the frame engine, generated {@code $Frame}
     * classes), which would otherwise fill the depth before reaching the user's code.
     */
    private static StackTraceElement[] userFrames(StackTraceElement[] stack, int from) {
        List<StackTraceElement> out = new ArrayList<>(STACK_DEPTH);
        for (int k = from; k < stack.length && out.size() < STACK_DEPTH; k++) {
            String c = stack[k].getClassName();
            if (c.startsWith("io.jasyncio.internal.")
                    || AwaitChains.isEngine(c)
                    || c.equals(DebugReports.class.getName())
                    || c.equals("io.jasyncio.Task")
                    || c.equals("io.jasyncio.Runner")
                    || c.equals("io.jasyncio.Asyncio")
                    || c.endsWith("$Frame")) {
                continue;
            }
            out.add(stack[k]);
        }
        return out.toArray(new StackTraceElement[0]);
    }

    private static boolean isMachinery(StackTraceElement e) {
        String c = e.getClassName();
        return c.equals(DebugReports.class.getName())
                || c.startsWith(DebugReports.class.getName() + "$")
                || c.startsWith("io.jasyncio.abi.")
                || c.startsWith("java.lang.invoke.")
                || c.startsWith("jdk.internal.")
                || e.getMethodName().equals("<init>")
                || c.startsWith("io.jasyncio.junit.");
    }

    /**
     * Called by {@code Frame.claim} (and {@code close} and {@code send} of an unstarted
     * coroutine) while {@link #trackingCoroutines}: the coroutine is taken care of.
     *
     * @param frame the coroutine
     */
    static void coroutineStarted(Object frame) {
        unwatch(frame, NeverAwaited.class);
    }

    private static final class NeverAwaited extends Watched {
        private final Class<?> frameClass;
        private final String creator;
        private final StackTraceElement[] origin;

        NeverAwaited(Coroutine<?> frame, Class<?> frameClass, String creator, StackTraceElement[] origin) {
            super(frame);
            this.frameClass = frameClass;
            this.creator = creator;
            this.origin = origin;
        }

        @Override
        void report() {
            LOGGER.log(System.Logger.Level.WARNING, neverAwaitedMessage(creator, origin));
        }
    }

    /**
     * The warning for a coroutine never awaited, in asyncio's words.
     *
     * @param name the coroutine's name
     * @param origin where it was created, innermost first
     * @return the message
     */
    static String neverAwaitedMessage(String name, StackTraceElement[] origin) {
        StringBuilder sb =
                new StringBuilder("RuntimeWarning: coroutine '").append(name).append("' was never awaited");
        if (origin.length > 0) {
            sb.append("\nCoroutine created at (most recent call last)");
            appendMostRecentLast(sb, origin);
        }
        return sb.toString();
    }

    private static void appendMostRecentLast(StringBuilder sb, StackTraceElement[] stack) {
        for (int k = stack.length - 1; k >= 0; k--) {
            sb.append("\n  at ").append(stack[k]);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Exceptions never retrieved

    /**
     * Records where {@code task} was created; called by a debug-mode loop's {@code createTask}.
     *
     * @param task the new task
     */
    static void taskCreated(Task<?> task) {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int i = 0;
        // Leave out the loop's own frames and the facades that forward to createTask.
        while (i < stack.length
                && (stack[i].getClassName().startsWith("io.jasyncio.internal.")
                        || stack[i].getClassName().equals(DebugReports.class.getName())
                        || stack[i].getClassName().equals(Task.class.getName())
                        || stack[i].getClassName().equals(Asyncio.class.getName())
                        || stack[i].getClassName().equals(TaskGroup.class.getName()))) {
            i++;
        }
        StackTraceElement[] origin = userFrames(stack, i);
        synchronized (TASK_ORIGINS) {
            TASK_ORIGINS.put(task, origin);
        }
    }

    /**
     * Called by {@code Future.setException}: watch the future until its exception is retrieved.
     *
     * @param future the future, now done with {@code error}
     * @param error its exception
     */
    static void exceptionSet(Future<?> future, Throwable error) {
        StackTraceElement[] origin = null;
        String what;
        if (future instanceof Task<?> t) {
            synchronized (TASK_ORIGINS) {
                origin = TASK_ORIGINS.remove(t);
            }
            // The task's repr as it will be when reported (the task itself is gone by then).
            what = "<Task finished name=" + Reprs.pyStr(t.getName()) + " coro=<"
                    + t.getCoro().getName()
                    + "() done, defined at " + t.getCoro().location() + "> exception=" + Reprs.exception(error)
                    + ">";
        } else {
            what = "<" + future.getClass().getSimpleName() + " finished exception=" + Reprs.exception(error) + ">";
        }
        watch(new NeverRetrieved(
                future, future.getLoop(), error, future instanceof Task ? "Task" : "Future", what, origin));
    }

    /**
     * Called by {@code Future.result()}/{@code exception()} the first time they hand the
     * exception out.
     *
     * @param future the future
     */
    static void exceptionRetrieved(Future<?> future) {
        unwatch(future, NeverRetrieved.class);
    }

    private static final class NeverRetrieved extends Watched {
        private final EventLoop loop;
        private final Throwable error;
        private final String kind;
        private final String what;
        private final StackTraceElement[] origin;

        NeverRetrieved(
                Future<?> f, EventLoop loop, Throwable error, String kind, String what, StackTraceElement[] origin) {
            super(f);
            this.loop = loop;
            this.error = error;
            this.kind = kind;
            this.what = what;
            this.origin = origin;
        }

        @Override
        void report() {
            StringBuilder sb = new StringBuilder(kind)
                    .append(" exception was never retrieved\nfuture: ")
                    .append(what);
            if (origin != null && origin.length > 0) {
                sb.append("\nObject created at (most recent call last):");
                appendMostRecentLast(sb, origin);
            }
            deliver(loop, new ErrorContext(sb.toString(), error, null, null));
        }
    }

    /**
     * Hands a report made on the reporter thread to the loop's thread, where
     * {@link ExceptionHandler} promises to run; a closed loop has no thread left, so its
     * default handler logs the report here.
     */
    static void deliver(EventLoop loop, ErrorContext context) {
        if (!loop.isClosed()) {
            try {
                loop.callSoonThreadsafe(() -> loop.callExceptionHandler(context));
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // fall through to the default handler
            }
        }
        loop.defaultExceptionHandler(context);
    }

    // ------------------------------------------------------------------------------------------
    // The table and the reporter thread

    private static void watch(Watched w) {
        synchronized (WATCHED) {
            if (w instanceof NeverAwaited) {
                watchedCoroutines++;
            }
            Object v = WATCHED.get(w.hash);
            if (v == null) {
                WATCHED.put(w.hash, w);
            } else if (v instanceof List) {
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) v;
                l.add(w);
            } else {
                List<Object> l = new ArrayList<>(2);
                l.add(v);
                l.add(w);
                WATCHED.put(w.hash, l);
            }
            if (reporter == null) {
                reporter = new Thread(DebugReports::reportForever, "jasyncio-gc-reports");
                reporter.setDaemon(true);
                reporter.start();
            }
        }
    }

    private static void unwatch(Object referent, Class<? extends Watched> kind) {
        Integer hash = System.identityHashCode(referent);
        synchronized (WATCHED) {
            Object v = WATCHED.get(hash);
            int removed = 0;
            if (v instanceof List<?> l) {
                int before = l.size();
                l.removeIf(w -> kind.isInstance(w) && ((Watched) w).get() == referent);
                removed = before - l.size();
                if (l.isEmpty()) {
                    WATCHED.remove(hash);
                }
            } else if (kind.isInstance(v) && ((Watched) v).get() == referent) {
                WATCHED.remove(hash);
                removed = 1;
            }
            if (kind == NeverAwaited.class && removed > 0) {
                watchedCoroutines -= removed;
                stopTrackingIfIdle();
            }
        }
    }

    /** Takes the reference out of the table; false if it had left it (undone meanwhile). */
    private static boolean claim(Watched w) {
        synchronized (WATCHED) {
            Object v = WATCHED.get(w.hash);
            boolean removed = false;
            if (v == w) {
                WATCHED.remove(w.hash);
                removed = true;
            } else if (v instanceof List<?> l) {
                removed = l.remove(w);
                if (l.isEmpty()) {
                    WATCHED.remove(w.hash);
                }
            }
            if (removed && w instanceof NeverAwaited) {
                watchedCoroutines--;
                stopTrackingIfIdle();
            }
            return removed;
        }
    }

    private static void reportForever() {
        while (true) {
            Watched w;
            try {
                w = (Watched) QUEUE.remove();
            } catch (InterruptedException e) {
                continue;
            }
            if (!claim(w)) {
                continue;
            }
            try {
                w.report();
            } catch (Throwable t) {
                LOGGER.log(System.Logger.Level.ERROR, "jasyncio: a garbage-collection report failed", t);
            }
        }
    }
}
