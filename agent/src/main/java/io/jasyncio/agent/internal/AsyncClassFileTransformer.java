package io.jasyncio.agent.internal;

import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import io.jasyncio.agent.internal.transform.ScanForAsync;
import io.jasyncio.agent.internal.transform.TransformException;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * The agent's {@link ClassFileTransformer}: hands every class that may contain coroutines to
 * the {@link CoroutineTransformer} and reports the outcome to a {@link Listener}.
 *
 * <p>The JVM silently discards exceptions thrown from a class file transformer, so this one
 * catches everything and reports it; a class that fails keeps its original bytes, and its
 * {@code @Async} methods then fail at their first await with a message saying so.
 */
public final class AsyncClassFileTransformer implements ClassFileTransformer {
    private final Listener listener;
    /** Guards against re-entry: reading class files may load classes on this very thread. */
    private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

    /**
     * Creates the transformer.
     *
     * @param listener where outcomes are reported
     */
    public AsyncClassFileTransformer(Listener listener) {
        this(listener, null);
    }

    /**
     * Creates the transformer, writing every rewritten class file under {@code dump} too.
     *
     * @param listener where outcomes are reported
     * @param dump a folder for the rewritten class files, or null
     */
    public AsyncClassFileTransformer(Listener listener, java.nio.file.Path dump) {
        this.listener = listener;
        this.dump = dump;
    }

    private final java.nio.file.Path dump;

    @Override
    public byte[] transform(
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classfileBuffer) {
        if (className == null || classBeingRedefined != null || isIgnored(className) || busy.get() != null) {
            return null;
        }
        if (!isReadable(className, classfileBuffer)) {
            return null;
        }
        if (!ScanForAsync.needsTransform(classfileBuffer)) {
            return null; // most classes stop here, before any resolver or parser exists (W7)
        }
        busy.set(Boolean.TRUE);
        try {
            CoroutineTransformer t =
                    new CoroutineTransformer(ClassFileTypeResolver.forLoader(loader, className, classfileBuffer));
            byte[] out = t.transform(classfileBuffer);
            if (out != null) {
                listener.onTransformed(className);
                if (dump != null) {
                    java.nio.file.Path f = dump.resolve(className + ".class");
                    java.nio.file.Files.createDirectories(f.getParent());
                    java.nio.file.Files.write(f, out);
                }
            }
            return out;
        } catch (TransformException e) {
            listener.onError(className, e);
            return null;
        } catch (Throwable e) {
            listener.onError(className, e);
            return null;
        } finally {
            busy.remove();
        }
    }

    /** The JDK's own classes and the agent itself never contain coroutines. */
    static boolean isIgnored(String className) {
        return className.startsWith("java/")
                || className.startsWith("jdk/")
                || className.startsWith("sun/")
                || className.startsWith("com/sun/")
                || className.startsWith("io/jasyncio/agent/shaded/")
                || className.startsWith("io/jasyncio/agent/internal/");
    }

    /**
     * Tells whether the bundled ASM can parse a class file; a newer one is left untouched, with
     * one warning for the whole run rather than one per class.
     */
    private boolean isReadable(String className, byte[] classFile) {
        int major = classFile.length < 8 ? 0 : ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
        if (major <= MAX_MAJOR) {
            return true;
        }
        if (!warnedNewerVersion.getAndSet(true)) {
            listener.onUnsupportedVersion(className, major);
        }
        return false;
    }

    /** The newest class-file major version the bundled ASM reads (ASM 9.11: Java 28). */
    static final int MAX_MAJOR = org.objectweb.asm.Opcodes.V28 & 0xFFFF;

    private final java.util.concurrent.atomic.AtomicBoolean warnedNewerVersion =
            new java.util.concurrent.atomic.AtomicBoolean();
}
