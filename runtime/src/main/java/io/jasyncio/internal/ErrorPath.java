package io.jasyncio.internal;

import io.jasyncio.ErrorContext;
import io.jasyncio.Handle;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * What the loop's error path needs, made ready before it is needed, and the report of last
 * resort for when reporting fails all the same.
 *
 * <p>A process out of file descriptors cannot load a class from a classpath directory (each
 * class file is a file to open), nor read a logging configuration: the first error it reported
 * used to need {@code ErrorContext}, and the {@link NoClassDefFoundError} thrown while
 * reporting it escaped {@code runOnce} and ended the loop. So {@link #warmUp} runs, once per
 * JVM and at the first loop's creation, everything the error path runs: it loads and
 * initialises the runtime's classes that only errors use, closes a socket channel once (the
 * JDK's close path needs descriptors of its own the first time), formats a sample report through the same
 * methods the loop uses (whose string concatenations are then linked), asks the logger whether
 * it logs errors, and, when the logger is {@code java.util.logging}'s (the JDK's default),
 * has each handler's formatter format a sample record with a stack trace, without publishing
 * it. What still fails while reporting, an {@link Error} included, ends in {@link #report}:
 * preallocated bytes on the standard error descriptor, written with no class left to load.
 */
final class ErrorPath {
    private static final byte[] PREFIX =
            "jasyncio: reporting an error of the event loop failed; the loop goes on. Failure: "
                    .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNKNOWN = "(unknown)\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEWLINE = {'\n'};
    private static final FileOutputStream STDERR = new FileOutputStream(FileDescriptor.err);
    private static boolean warm;

    /**
     * The runtime's classes that only an error loads: the exceptions, the await chains a failed
     * await records, the never-retrieved reports a failed task registers, the loop's reports and
     * the timer a paused server sets. By name, because some are package-private.
     */
    private static final String[] ERROR_CLASSES = {
        "io.jasyncio.AwaitChains",
        "io.jasyncio.DebugReports",
        "io.jasyncio.DebugReports$Watched",
        "io.jasyncio.DebugReports$NeverRetrieved",
        "io.jasyncio.Sneaky",
        "io.jasyncio.ErrorContext",
        "io.jasyncio.ExceptionHandler",
        "io.jasyncio.Handle",
        "io.jasyncio.TimerHandle",
        "io.jasyncio.internal.Timer",
        "io.jasyncio.internal.ErrorPath",
        "io.jasyncio.CancelledError",
        "io.jasyncio.InvalidStateError",
        "io.jasyncio.TimeoutError",
        "io.jasyncio.ExceptionGroup",
        "io.jasyncio.BrokenBarrierError",
        "io.jasyncio.QueueShutDown",
        "io.jasyncio.QueueFull",
        "io.jasyncio.QueueEmpty",
        "io.jasyncio.StopIteration",
        "io.jasyncio.StopAsyncIteration",
        "io.jasyncio.GeneratorExit",
        "io.jasyncio.streams.IncompleteReadError",
        "io.jasyncio.streams.LimitOverrunError",
    };

    private ErrorPath() {}

    /**
     * The message of a callback that threw, built here so that {@link #warmUp} links the same
     * concatenation the loop then runs.
     *
     * @param handle the callback
     * @return asyncio's "Exception in callback ..."
     */
    static String callbackMessage(Runnable handle) {
        return "Exception in callback " + handle;
    }

    /**
     * The text the default exception handler logs, without the stack trace.
     *
     * @param context the report
     * @return the message and the future, handle, protocol, task and transport lines
     */
    static String text(ErrorContext context) {
        StringBuilder msg = new StringBuilder(context.message());
        if (context.future() != null) {
            msg.append("\nfuture: ").append(context.future());
        }
        if (context.handle() != null) {
            msg.append("\nhandle: ").append(context.handle());
        }
        // The other keys in asyncio's order: default_exception_handler sorts them.
        if (context.protocol() != null) {
            msg.append("\nprotocol: ").append(context.protocol());
        }
        if (context.task() != null) {
            msg.append("\ntask: ").append(context.task());
        }
        if (context.transport() != null) {
            msg.append("\ntransport: ").append(context.transport());
        }
        return msg.toString();
    }

    /**
     * Runs the error path once without reporting anything (see the class comment). Never throws:
     * a failure here only means less was made ready.
     *
     * @param logger the loop's logger
     */
    static synchronized void warmUp(System.Logger logger) {
        if (warm) {
            return;
        }
        warm = true;
        try {
            ClassLoader loader = ErrorPath.class.getClassLoader();
            for (String name : ERROR_CLASSES) {
                try {
                    Class.forName(name, true, loader);
                } catch (ClassNotFoundException | LinkageError renamedOrGone) {
                    // A class this list forgot to follow: warm the others.
                }
            }
            warmChannelClose();
            IllegalStateException sample = new IllegalStateException("warm-up");
            Handle handle = new Handle(() -> {});
            text(new ErrorContext(callbackMessage(handle), sample, null, handle, "transport", "protocol"));
            StringWriter trace = new StringWriter();
            sample.printStackTrace(new PrintWriter(trace));
            logger.isLoggable(System.Logger.Level.ERROR);
            warmJavaUtilLogging(logger.getName(), sample);
        } catch (Throwable t) {
            // Nothing to do: the last resort below needs none of this.
        }
    }

    /**
     * Opens and closes a socket channel. The JDK sets up what closing a channel needs (a socket
     * pair, in {@code sun.nio.ch.FileDispatcherImpl}) on the first close: in a process out of
     * descriptors that set-up fails for good, and every later close of a connection, the
     * selector's included, throws out of {@code select}.
     */
    private static void warmChannelClose() {
        try {
            java.nio.channels.SocketChannel.open().close();
        } catch (IOException | RuntimeException | LinkageError noSockets) {
            // No sockets here (a sandbox): nothing of them to warm.
        }
    }

    /**
     * Formats a sample record with each formatter that would format an error of {@code name}.
     * Reflective, because the runtime does not require the {@code java.logging} module.
     */
    private static void warmJavaUtilLogging(String name, Throwable sample) throws ReflectiveOperationException {
        Class<?> loggerClass;
        try {
            loggerClass = Class.forName("java.util.logging.Logger");
        } catch (ClassNotFoundException notInThisImage) {
            return;
        }
        Class<?> levelClass = Class.forName("java.util.logging.Level");
        Class<?> recordClass = Class.forName("java.util.logging.LogRecord");
        Class<?> handlerClass = Class.forName("java.util.logging.Handler");
        Class<?> formatterClass = Class.forName("java.util.logging.Formatter");
        Object severe = levelClass.getField("SEVERE").get(null);
        Object record = recordClass.getConstructor(levelClass, String.class).newInstance(severe, "warm-up");
        recordClass.getMethod("setThrown", Throwable.class).invoke(record, sample);
        recordClass.getMethod("setLoggerName", String.class).invoke(record, name);
        Method getHandlers = loggerClass.getMethod("getHandlers");
        Method getParent = loggerClass.getMethod("getParent");
        Method useParentHandlers = loggerClass.getMethod("getUseParentHandlers");
        Method getFormatter = handlerClass.getMethod("getFormatter");
        Method isLoggable = handlerClass.getMethod("isLoggable", recordClass);
        Method format = formatterClass.getMethod("format", recordClass);
        Object logger = loggerClass.getMethod("getLogger", String.class).invoke(null, name);
        for (int depth = 0; logger != null && depth < 32; depth++) {
            for (Object handler : (Object[]) getHandlers.invoke(logger)) {
                isLoggable.invoke(handler, record);
                Object formatter = getFormatter.invoke(handler);
                if (formatter != null) {
                    format.invoke(formatter, record);
                }
            }
            if (!(Boolean) useParentHandlers.invoke(logger)) {
                break;
            }
            logger = getParent.invoke(logger);
        }
    }

    /**
     * The report of last resort: reporting an error failed with {@code failure} (often an
     * {@link Error}: no descriptor or no memory left). Writes a preallocated line, and the
     * failure's class name if that can still be had, to the standard error descriptor. Never
     * throws.
     *
     * @param failure what reporting threw
     */
    static void report(Throwable failure) {
        try {
            STDERR.write(PREFIX);
            try {
                STDERR.write(failure.getClass().getName().getBytes(StandardCharsets.US_ASCII));
                STDERR.write(NEWLINE);
            } catch (Throwable t) {
                STDERR.write(UNKNOWN);
            }
        } catch (Throwable t) {
            // Standard error itself is gone: there is nowhere left to say it.
        }
    }
}
