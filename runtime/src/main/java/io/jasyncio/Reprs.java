package io.jasyncio;

import java.util.List;
import java.util.function.Consumer;

/**
 * asyncio's reprs, for the {@code toString} of futures, tasks and handles: a value as
 * {@code reprlib.repr} prints it, an exception as Python's {@code repr}, a callback as
 * {@code format_helpers._format_callback_source} names it.
 *
 * <p>Java lambdas have no name: a callback written as a lambda or a method reference is named
 * after the class that wrote it, {@code App.<lambda>()} (Python's name for a lambda), because
 * neither the implementation method nor its line can be read from a lambda's class
 * ({@code SerializedLambda} exists only for serializable lambdas, which are then named
 * exactly, {@code App.shout()}). A callback object with its own {@code toString} is shown by
 * it (the loop's protocol calls say {@code SubprocessProtocol.connectionMade(transport)}); any
 * other is named by its class and its functional method, {@code Ticker.run()}.
 */
final class Reprs {
    private Reprs() {}

    // reprlib.Repr's limits.
    private static final int MAX_STRING = 30;
    private static final int MAX_OTHER = 30;
    private static final int MAX_LONG = 40;
    private static final int MAX_LIST = 6;
    private static final int MAX_LEVEL = 6;

    /**
     * {@code reprlib.repr(value)}: strings quoted and cut to 30 characters, {@code None},
     * {@code True}/{@code False}, lists cut to 6 items, anything else cut to 30 characters.
     */
    static String value(Object value) {
        return value(value, MAX_LEVEL);
    }

    private static String value(Object v, int level) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof CharSequence cs) {
            String s = cs.toString();
            String r = pyStr(s.length() > MAX_STRING ? s.substring(0, MAX_STRING) : s);
            if (r.length() > MAX_STRING) {
                int i = Math.max(0, (MAX_STRING - 3) / 2);
                int j = Math.max(0, MAX_STRING - 3 - i);
                r = pyStr(s.substring(0, i) + s.substring(s.length() - j));
                r = r.substring(0, i) + "..." + r.substring(r.length() - j);
            }
            return r;
        }
        if (v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof Byte
                || v instanceof java.math.BigInteger) {
            return cut(v.toString(), MAX_LONG);
        }
        if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                return "[]";
            }
            if (level <= 0) {
                return "[...]";
            }
            StringBuilder sb = new StringBuilder("[");
            int n = Math.min(list.size(), MAX_LIST);
            for (int k = 0; k < n; k++) {
                sb.append(k == 0 ? "" : ", ").append(value(list.get(k), level - 1));
            }
            if (list.size() > MAX_LIST) {
                sb.append(", ...");
            }
            return sb.append(']').toString();
        }
        if (v instanceof Throwable t) {
            return cut(exception(t), MAX_OTHER);
        }
        return cut(String.valueOf(v), MAX_OTHER);
    }

    /** Python's full {@code repr}: strings quoted, {@code None}, {@code True}, lists, no cut. */
    static String full(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof CharSequence cs) {
            return pyStr(cs.toString());
        }
        if (v instanceof Throwable t) {
            return exception(t);
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < list.size(); k++) {
                sb.append(k == 0 ? "" : ", ").append(full(list.get(k)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    /** reprlib's cut of a long repr: its head, {@code ...}, its tail. */
    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int i = Math.max(0, (max - 3) / 2);
        int j = Math.max(0, max - 3 - i);
        return s.substring(0, i) + "..." + s.substring(s.length() - j);
    }

    /** Python's {@code repr} of a str: single quotes unless it holds one and no double quote. */
    static String pyStr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(q);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == q) {
                        sb.append('\\');
                    }
                    if (c < ' ' || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append(q).toString();
    }

    /** Python's {@code repr} of an exception: {@code ValueError('bad')}, {@code KeyError()}. */
    static String exception(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + "(" + (m == null ? "" : pyStr(m)) + ")";
    }

    /**
     * A callback's name as asyncio prints it, with its empty argument list: {@code cb()}.
     *
     * @param callback a {@code Runnable}, a {@code Consumer}, or a waiting {@link Task}
     */
    static String callback(Object callback) {
        if (callback instanceof Task) {
            // The task waiting on a future is its callback, as asyncio's Task.__wakeup is.
            return "Task.task_wakeup()";
        }
        Class<?> c = callback.getClass();
        String name = c.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            String method = serializedMethod(callback);
            return qualified(name.substring(0, lambda)) + "."
                    + (method == null || method.startsWith("lambda$") ? "<lambda>" : method) + "()";
        }
        if (describesItself(c)) {
            // A callback object that says what it calls, as a Handle of a protocol method
            // does: SubprocessProtocol.connectionMade(transport).
            return callback.toString();
        }
        String method = callback instanceof Runnable ? "run" : callback instanceof Consumer ? "accept" : "call";
        return qualified(name) + "." + method + "()";
    }

    private static boolean describesItself(Class<?> c) {
        try {
            return c.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException impossible) {
            return false;
        }
    }

    /** {@code a.b.Outer$Inner} as Python's qualified name {@code Outer.Inner}. */
    private static String qualified(String binaryName) {
        return binaryName.substring(binaryName.lastIndexOf('.') + 1).replace('$', '.');
    }

    /** The implementation method of a serializable lambda or method reference, or null. */
    private static String serializedMethod(Object lambda) {
        if (!(lambda instanceof java.io.Serializable)) {
            return null;
        }
        try {
            java.lang.reflect.Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object s = writeReplace.invoke(lambda);
            return s instanceof java.lang.invoke.SerializedLambda sl ? sl.getImplMethodName() : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * asyncio's {@code _format_callbacks}: {@code cb=[a()]}, {@code cb=[a(), b()]}, or
     * {@code cb=[a(), <2 more>, d()]}.
     */
    static String callbacks(List<Object> cbs) {
        int size = cbs.size();
        String inner = size == 1
                ? callback(cbs.get(0))
                : size == 2
                        ? callback(cbs.get(0)) + ", " + callback(cbs.get(1))
                        : callback(cbs.get(0)) + ", <" + (size - 2) + " more>, " + callback(cbs.get(size - 1));
        return "cb=[" + inner + "]";
    }

    /**
     * Python's {@code object.__repr__} without the brackets, as asyncio's locks extend it:
     * {@code io.jasyncio.Lock object at 0x1b6d3586}; Java has no address, so the identity hash
     * stands for {@code id()}.
     */
    static String object(Object o) {
        return o.getClass().getName() + " object at " + id(o);
    }

    /** {@code f'{id(o):#x}'}, with the identity hash for the address. */
    static String id(Object o) {
        return "0x" + Integer.toHexString(System.identityHashCode(o));
    }

    /** Where a handle was created, for debug mode: the first frame outside the loop. */
    static StackTraceElement creationSite() {
        return StackWalker.getInstance()
                .walk(s -> s.filter(f -> !isLoopMachinery(f.getClassName()))
                        .findFirst()
                        .map(StackWalker.StackFrame::toStackTraceElement)
                        .orElse(null));
    }

    private static boolean isLoopMachinery(String c) {
        return c.startsWith("io.jasyncio.internal.")
                || c.equals(Reprs.class.getName())
                || c.equals(Handle.class.getName())
                || c.equals(TimerHandle.class.getName())
                || c.equals(EventLoop.class.getName())
                || c.equals(Asyncio.class.getName());
    }
}
