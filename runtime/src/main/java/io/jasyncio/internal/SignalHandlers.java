package io.jasyncio.internal;

import io.jasyncio.EventLoop;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A loop's signal handlers, through {@code sun.misc.Signal} (module {@code jdk.unsupported},
 * required statically), reached by reflection since {@code javac --release} warns about every
 * use of it, and {@code -Werror} makes that fatal: the JVM's signal-dispatch thread only queues the callback on the loop
 * with {@link EventLoop#callSoonThreadsafe}, so it runs on the loop thread, as asyncio's do.
 * Signal handlers are process-wide: the loop that added one last for a signal gets it; removing
 * it puts back the handler it replaced (the JVM's own for {@code INT}, {@code TERM} and
 * {@code HUP}, which run the shutdown hooks).
 *
 * <p>Loop thread only.
 *
 * @apiNote Mirrors {@code _UnixSelectorEventLoop.add_signal_handler} and
 *     {@code remove_signal_handler}.
 */
final class SignalHandlers {
    /** The names {@code sun.misc.Signal} knows, by POSIX; numbers come from the platform. */
    private static final String[] NAMES = {
        "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
        "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
        "WINCH", "IO", "PWR", "SYS", "EMT", "INFO"
    };

    private static Map<Integer, String> byNumber;

    /** {@code sun.misc.Signal}, its {@code getNumber()} and {@code handle(Signal, SignalHandler)}. */
    private static final Class<?> SIGNAL;

    private static final Class<?> HANDLER;
    private static final Method GET_NUMBER;
    private static final Method HANDLE;

    static {
        try {
            SIGNAL = Class.forName("sun.misc.Signal");
            HANDLER = Class.forName("sun.misc.SignalHandler");
            GET_NUMBER = SIGNAL.getMethod("getNumber");
            HANDLE = SIGNAL.getMethod("handle", SIGNAL, HANDLER);
        } catch (ReflectiveOperationException e) {
            NoClassDefFoundError absent = new NoClassDefFoundError("sun.misc.Signal");
            absent.initCause(e);
            throw absent;
        }
    }

    private record Registered(Object signal, Object previous, Runnable callback) {}

    private final EventLoop loop;
    private final Map<Integer, Registered> handlers = new HashMap<>();

    SignalHandlers(EventLoop loop) {
        this.loop = loop;
    }

    private static synchronized String name(int sig) {
        if (byNumber == null) {
            Map<Integer, String> m = new HashMap<>();
            for (String n : NAMES) {
                try {
                    m.putIfAbsent((Integer) GET_NUMBER.invoke(signal(n)), n);
                } catch (IllegalArgumentException unknownHere) {
                    // Not a signal of this platform.
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            byNumber = m;
        }
        String n = byNumber.get(sig);
        if (n == null) {
            throw new IllegalArgumentException("invalid signal number " + sig);
        }
        return n;
    }

    void add(int sig, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        String name = name(sig);
        if (name.equals("KILL") || name.equals("STOP")) {
            throw new IllegalStateException("sig " + sig + " cannot be caught");
        }
        Object signal = signal(name);
        Object previous;
        try {
            previous = handle(signal, handler(sig));
        } catch (IllegalArgumentException usedByTheJvm) {
            IllegalStateException e =
                    new IllegalStateException("sig " + sig + " cannot be caught (the JVM uses SIG" + name + " itself)");
            e.initCause(usedByTheJvm);
            throw e;
        }
        Registered old = handlers.get(sig);
        handlers.put(sig, new Registered(signal, old != null ? old.previous() : previous, callback));
    }

    /** On the JVM's signal thread: hand the callback to the loop. */
    private void dispatch(int sig) {
        try {
            loop.callSoonThreadsafe(() -> {
                Registered r = handlers.get(sig);
                if (r != null) {
                    r.callback().run();
                }
            });
        } catch (IllegalStateException closed) {
            // The loop closed between the signal and now: nobody to tell.
        }
    }

    boolean remove(int sig) {
        name(sig);
        Registered r = handlers.remove(sig);
        if (r == null) {
            return false;
        }
        handle(r.signal(), r.previous());
        return true;
    }

    /** {@code new Signal(name)}; IllegalArgumentException for a name the platform lacks. */
    private static Object signal(String name) {
        try {
            return SIGNAL.getConstructor(String.class).newInstance(name);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Signal.handle(signal, handler)}: the previous handler. */
    private static Object handle(Object signal, Object handler) {
        try {
            return HANDLE.invoke(null, signal, handler);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code SignalHandler} whose {@code handle} hands signal {@code sig} to the loop. */
    private Object handler(int sig) {
        return Proxy.newProxyInstance(SignalHandlers.class.getClassLoader(), new Class<?>[] {HANDLER}, (p, m, a) -> {
            switch (m.getName()) {
                case "handle":
                    dispatch(sig);
                    return null;
                case "equals":
                    return p == a[0];
                case "hashCode":
                    return System.identityHashCode(p);
                default:
                    return "<jasyncio signal handler of " + loop + " for " + sig + ">";
            }
        });
    }

    void removeAll() {
        for (Integer sig : Map.copyOf(handlers).keySet()) {
            remove(sig);
        }
    }
}
