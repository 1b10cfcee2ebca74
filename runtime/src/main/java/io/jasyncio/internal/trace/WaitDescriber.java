package io.jasyncio.internal.trace;

import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.abi.Frame;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * Tells what a suspended task waits on, by walking its chain of frames to the innermost one:
 * a hand-written runtime frame names the primitive ({@code sleep}, {@code Lock.acquire},
 * {@code Queue.get}, {@code EventLoop.sockRecv}), and the frame above it is the user's await.
 *
 * <p>The walk reads {@code Coroutine.waitingOn} and a future's outcome through private var handles
 * (same module, so no {@code --add-opens}) rather than through new accessors on the engine's hot
 * classes; it runs only while a trace or JFR recording is on. If the engine's fields change, the
 * handles are null and descriptions fall back to the task's own location.
 */
final class WaitDescriber {
    private static final VarHandle WAITING_ON = handle(Coroutine.class, "waitingOn", Object.class);
    private static final VarHandle STATE = handle(Future.class, "state", byte.class);
    private static final VarHandle RESULT = handle(Future.class, "result", Object.class);
    /** {@code Future.FAILED}: finished with an exception, which is then in {@code result}. */
    private static final byte FAILED = 3;

    private WaitDescriber() {}

    private static VarHandle handle(Class<?> owner, String field, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, field, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * What {@code task} waits on after a step that left it pending.
     *
     * @param task the suspended task
     * @return the kind and a one-line description
     */
    static Description describe(Task<?> task) {
        Object w = task.getCoro();
        Coroutine<?> leaf = null;
        Coroutine<?> user = null;
        if (WAITING_ON != null) {
            int guard = 0;
            while (w instanceof Coroutine<?> c && guard++ < 10_000) {
                user = leaf;
                leaf = c;
                w = WAITING_ON.get(leaf);
            }
        }
        if (leaf == null) {
            return new Description(WaitKind.FUTURE, "at " + task.getCoro().location());
        }
        String name = leaf.getName();
        if (w == Frame.YIELD || w == null) {
            return new Description(WaitKind.READY, "yield at " + where(leaf, leaf));
        }
        String at = user != null ? " at " + user.location() : "";
        if (leaf instanceof TracedSleep sleep) {
            String delay = " " + seconds(sleep.delay());
            return new Description(WaitKind.SLEEP, "sleep" + delay + at);
        }
        WaitKind kind = kindOfFrame(name);
        if (kind != null) {
            return new Description(kind, name + at);
        }
        // The innermost frame is the user's own, awaiting a future directly.
        at = " at " + leaf.location();
        if (w instanceof Task<?> awaited) {
            return new Description(WaitKind.TASK, "task '" + awaited.getName() + "'" + at);
        }
        if (w instanceof Future && w.getClass().getSimpleName().equals("GatheringFuture")) {
            return new Description(WaitKind.GATHER, "gather" + at);
        }
        return new Description(WaitKind.FUTURE, "future" + at);
    }

    /**
     * The exception a done future holds, without marking it retrieved: tracing must not change
     * what debug mode later reports.
     *
     * @param f a done future
     * @return the exception, or null
     */
    static Throwable peekException(Future<?> f) {
        if (STATE != null && RESULT != null && (byte) STATE.get(f) == FAILED) {
            return (Throwable) RESULT.get(f);
        }
        return null;
    }

    private static String where(Coroutine<?> user, Coroutine<?> leaf) {
        return (user != null ? user : leaf).location();
    }

    private static WaitKind kindOfFrame(String name) {
        if (name.startsWith("Lock.")
                || name.startsWith("Semaphore.")
                || name.startsWith("BoundedSemaphore.")
                || name.startsWith("Condition.")
                || name.startsWith("Barrier.")) {
            return WaitKind.LOCK;
        }
        if (name.startsWith("Event.")) {
            return WaitKind.EVENT;
        }
        if (name.startsWith("Queue.") || name.startsWith("PriorityQueue.") || name.startsWith("LifoQueue.")) {
            return WaitKind.QUEUE;
        }
        if (name.startsWith("EventLoop.sock")
                || name.startsWith("Stream")
                || name.startsWith("Datagram")
                || name.startsWith("Subprocess")
                || name.startsWith("SocketTransport")) {
            return WaitKind.IO;
        }
        return null;
    }

    /** Seconds as a short human string: {@code 55 s}, {@code 0.25 s}, {@code 1.5 ms}. */
    static String seconds(double s) {
        if (s >= 1 || s == 0) {
            return (s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%.3g", s)) + " s";
        }
        if (s >= 1e-3) {
            return String.format(Locale.ROOT, "%.3g ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.3g µs", s * 1e6);
    }

    /**
     * What a task waits on.
     *
     * @param kind the category, which picks the colour of the span
     * @param detail a one-line description
     */
    record Description(WaitKind kind, String detail) {}
}
