package io.jasyncio;

import java.util.List;
import java.util.Objects;

/**
 * A callback or task step that held the loop for at least {@link
 * EventLoop#getSlowCallbackDuration()} of real time, as debug mode and the blocked-loop
 * watchdog report it, and as {@link EventLoop#setSlowCallbackListener} receives it.
 *
 * <p>When the watchdog was on ({@link EventLoop#setBlockedLoopWatchdog}, or debug mode), {@link
 * #stack()} is the loop thread's stack sampled while the callback was still blocked, innermost
 * frame first, down to the callback itself; {@link #blockedAt()} names the line that blocked,
 * for example {@code Thread.sleep at Fetch.java:42}.
 *
 * @param callback the callback or the task that ran (a {@link Task} is its own step)
 * @param nanos how long it ran: measured exactly in debug mode or while a listener is set,
 *     else estimated by the watchdog to within half its period
 * @param stack the loop thread's stack while blocked, innermost first; empty if the watchdog
 *     was off or did not sample this callback
 * @apiNote asyncio's debug mode reports only the duration ({@code Executing <Task ...> took
 *     1.815 seconds}); {@link #message()} starts with the same words.
 */
public record SlowCallback(Runnable callback, long nanos, List<StackTraceElement> stack) {
    /**
     * Checks and copies the fields.
     *
     * @param callback the callback or task that ran
     * @param nanos how long it ran
     * @param stack the sampled stack, innermost first, or an empty list
     * @throws NullPointerException if {@code callback} or {@code stack} is null
     */
    public SlowCallback {
        Objects.requireNonNull(callback, "callback");
        stack = List.copyOf(stack);
    }

    /**
     * The call that blocked the loop and the line that made it: the innermost JDK method the
     * application called and the application's frame that called it, as in {@code Thread.sleep
     * at Fetch.java:42}; when no JDK method is on top of the stack (a busy loop), the innermost
     * frame, as in {@code Fetch.spin at Fetch.java:57}.
     *
     * @return the description, or null if the stack was not sampled
     */
    public String blockedAt() {
        int caller = 0;
        while (caller < stack.size() && isJdk(stack.get(caller))) {
            caller++;
        }
        if (caller == stack.size()) {
            return stack.isEmpty() ? null : describe(stack.get(0), stack.get(0));
        }
        StackTraceElement called = caller > 0 ? stack.get(caller - 1) : stack.get(caller);
        return describe(called, stack.get(caller));
    }

    /**
     * The warning debug mode and the watchdog log: asyncio's {@code Executing <handle> took
     * 1.815 seconds}, then, when the stack was sampled, a line {@code the loop was blocked in
     * Thread.sleep at Fetch.java:42, in <Task pending name='Task-3' coro=<...>>} and the sampled
     * stack.
     *
     * @return the text, several lines when the stack was sampled
     */
    public String message() {
        StringBuilder sb = new StringBuilder(String.format("Executing %s took %.3f seconds", callback, nanos / 1e9));
        String at = blockedAt();
        if (at != null) {
            sb.append("\nthe loop was blocked in ").append(at).append(", in ").append(callback);
            for (StackTraceElement e : stack) {
                sb.append("\n\tat ").append(e);
            }
        }
        return sb.toString();
    }

    private static String describe(StackTraceElement called, StackTraceElement caller) {
        String cls = called.getClassName();
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        String where = caller.getFileName() != null && caller.getLineNumber() >= 0
                ? caller.getFileName() + ":" + caller.getLineNumber()
                : caller.toString();
        return simple + "." + called.getMethodName() + " at " + where;
    }

    /** A frame of the JDK's own modules: the blocking call, never the application's line. */
    private static boolean isJdk(StackTraceElement e) {
        String module = e.getModuleName();
        if (module != null) {
            return module.startsWith("java.") || module.startsWith("jdk.");
        }
        String c = e.getClassName();
        return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.");
    }
}
