package io.jasyncio;

/**
 * Puts the await chain into exceptions that cross awaits.
 *
 * <p>When a resumed coroutine throws, its awaiting callers are not on the Java stack: they are
 * suspended frames that {@code Coroutine.resume} hands the exception to, one after the other. So
 * that the stack trace still says where each caller was, every such hop inserts one synthetic
 * element, {@code Class.method(File.java:line)} at the caller's await, into the exception's
 * stack trace, just above the runtime's {@code Coroutine.resume} element (where the caller would
 * be had it been called normally). The elements carry the class loader name
 * {@value #MARKER}, so they print as {@code at await//Chain.middle(Chain.java:15)} and
 * {@link #isAwaitElement} tells them apart; the exception type and message are untouched, and
 * every logger and IDE shows them.
 *
 * <p>This runs only on the exceptional path. Each hop copies the stack trace once, and nothing
 * is added past {@value #MAX_ELEMENTS} elements, so an exception rippling up a deep recursion
 * costs a bounded amount per hop. An exception created without a writable stack trace is left
 * alone.
 *
 * @implNote Python's tracebacks grow the same way: each frame an exception passes through is
 *     appended to {@code __traceback__}, whether or not that frame is on the C stack.
 */
final class AwaitChains {
    /** The class loader name that marks a synthetic await element. */
    static final String MARKER = "await";

    /** No more synthetic elements are added to a stack trace this long. */
    static final int MAX_ELEMENTS = 2048;

    /** The class whose {@code resume} drives a chain: await elements go just above it. */
    static final String RESUME_CLASS = "io.jasyncio.Coroutine";

    private AwaitChains() {}

    /**
     * Records that {@code error} is being raised at the await {@code frame} is suspended at.
     *
     * @param error the exception
     * @param frame the frame it enters
     */
    static void record(Throwable error, Coroutine<?> frame) {
        try {
            StackTraceElement[] trace = error.getStackTrace();
            if (trace.length == 0 || trace.length >= MAX_ELEMENTS) {
                return;
            }
            StackTraceElement e = frame.toStackTraceElement();
            StackTraceElement marked = new StackTraceElement(
                    MARKER, null, null, e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
            int at = trace.length;
            for (int i = 0; i < trace.length; i++) {
                if (trace[i].getMethodName().equals("resume")
                        && trace[i].getClassName().equals(RESUME_CLASS)) {
                    at = i;
                    break;
                }
            }
            StackTraceElement[] out = new StackTraceElement[trace.length + 1];
            System.arraycopy(trace, 0, out, 0, at);
            out[at] = marked;
            System.arraycopy(trace, at, out, at + 1, trace.length - at);
            error.setStackTrace(out);
        } catch (RuntimeException | StackOverflowError ignored) {
            // A broken getName()/sourceFile() of a frame must not replace the user's exception.
        }
    }

    /**
     * Tells whether a class is part of the coroutine engine (its resume loop, its awaits, the
     * entry points and bases of generated code), whose Java frames a logical stack leaves out.
     *
     * @param className a binary class name from a stack trace
     * @return true for the engine's own classes
     */
    static boolean isEngine(String className) {
        return className.equals(RESUME_CLASS)
                || className.startsWith(RESUME_CLASS + "$")
                || className.equals(HandWrittenCoroutine.class.getName())
                || className.startsWith("io.jasyncio.abi.");
    }

    /**
     * Tells whether {@code e} is a synthetic element that {@link #record} added.
     *
     * @param e an element of a stack trace
     * @return true if it stands for a suspended coroutine caller
     */
    static boolean isAwaitElement(StackTraceElement e) {
        return MARKER.equals(e.getClassLoaderName());
    }
}
