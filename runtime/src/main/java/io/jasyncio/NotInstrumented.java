package io.jasyncio;

import java.lang.reflect.Method;
import java.util.Optional;

/** Explains a call to {@code await} or {@code done} that the agent did not rewrite. */
final class NotInstrumented {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private NotInstrumented() {}

    static IllegalStateException await() {
        return explain("await()");
    }

    static IllegalStateException done() {
        return explain("done()");
    }

    static IllegalStateException generator(String what) {
        return explain(what);
    }

    private static IllegalStateException explain(String what) {
        Optional<StackWalker.StackFrame> caller = WALKER.walk(s -> s.filter(
                        f -> f.getDeclaringClass() != NotInstrumented.class && f.getDeclaringClass() != Asyncio.class)
                .findFirst());
        String where = caller.map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":"
                        + f.getLineNumber() + ")")
                .orElse("an unknown method");
        boolean marked = caller.map(NotInstrumented::isMarkedAsync).orElse(false);
        String fix = marked
                ? "it is marked @Async but was not rewritten: run the JVM with"
                        + " -javaagent:jasyncio-agent.jar, or instrument the classes ahead of time with"
                        + " 'java -jar jasyncio-agent.jar instrument IN OUT'"
                : "mark it @Async (so that it returns a Coroutine) and run the JVM with"
                        + " -javaagent:jasyncio-agent.jar";
        return new IllegalStateException(what + " called from " + where + ", which is not a coroutine: " + fix
                + ". jasyncio never blocks a thread to wait.");
    }

    private static boolean isMarkedAsync(StackWalker.StackFrame f) {
        for (Method m : f.getDeclaringClass().getDeclaredMethods()) {
            if (m.getName().equals(f.getMethodName()) && m.isAnnotationPresent(Async.class)) {
                return true;
            }
        }
        return false;
    }
}
