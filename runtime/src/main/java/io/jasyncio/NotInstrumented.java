package io.jasyncio;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;

/** Explains a call to {@code await} or {@code done} that the agent did not rewrite. */
final class NotInstrumented {
    /**
     * Hidden frames shown too: a hidden class (defined with {@code Lookup.defineHiddenClass}) is
     * never shown to an agent, so its {@code @Async} methods reach here, and without the option the
     * walk would skip its frames and name its caller instead.
     */
    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));

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
        boolean hidden = caller.map(f -> f.getDeclaringClass().isHidden()).orElse(false);
        String fix = hidden
                ? (marked ? "it is marked @Async but was not rewritten" : "mark it @Async")
                        + ", and since its class is hidden (Lookup.defineHiddenClass), which no agent ever sees,"
                        + " instrument the class's bytes before defining it, with"
                        + " 'java -jar jasyncio-agent.jar instrument IN OUT' or the jasyncio Maven plugin"
                : marked
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
