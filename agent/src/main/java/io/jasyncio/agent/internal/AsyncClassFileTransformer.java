package io.jasyncio.agent.internal;

import io.jasyncio.agent.internal.transform.CoroutineTransformer;
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
        this.listener = listener;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || classBeingRedefined != null || isIgnored(className) || busy.get() != null) {
            return null;
        }
        busy.set(Boolean.TRUE);
        try {
            CoroutineTransformer t = new CoroutineTransformer(
                    ClassFileTypeResolver.forLoader(loader, className, classfileBuffer));
            byte[] out = t.transform(classfileBuffer);
            if (out != null) {
                listener.onTransformed(className);
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

    /** The JDK's own classes and the agent's relocated libraries never contain coroutines. */
    static boolean isIgnored(String className) {
        return className.startsWith("java/") || className.startsWith("jdk/") || className.startsWith("sun/")
                || className.startsWith("com/sun/") || className.startsWith("io/jasyncio/agent/");
    }
}
