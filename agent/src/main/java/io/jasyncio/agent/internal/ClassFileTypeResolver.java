package io.jasyncio.agent.internal;

import io.jasyncio.agent.internal.transform.TypeResolver;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * A {@link TypeResolver} that reads the header of each class file (access flags, superclass,
 * interfaces) with ASM's {@link ClassReader}: class files are read as bytes from a
 * {@link ClassFileSource} (a class loader's resources, a folder, a jar), never loaded, and the
 * answers are cached.
 *
 * <h2>One resolver per class loader</h2>
 * The agent transforms classes one at a time, but their questions are about the same few types
 * (the runtime's {@code Coroutine}, {@code Frame}, {@code Future}, the JDK's), so it keeps one
 * resolver per class loader, weakly keyed and reading through a weakly referenced loader, so
 * that it never keeps a loader alive. A fresh resolver per class read those class files again
 * for every class: 514 µs per class against 159 µs with a warm resolver (W7, 2026-11-25). A
 * class a loader cannot find is not remembered as missing, since it may appear later (a class
 * defined at run time); what is found never changes for a given loader.
 *
 * <h2>Why not Byte Buddy's {@code TypePool}</h2>
 * Only the header of a class file is needed. A {@code TypePool} parses whole class files into
 * lazy descriptions with Byte Buddy's own copy of ASM, and its first use loads about 250 Byte
 * Buddy classes, reflective dispatchers and annotation proxies: at {@code -javaagent} start-up
 * that was about 70 ms of the {@code Count} sample's run. {@code ClassReader}'s constructor only
 * indexes the constant pool, and the agent loads that class anyway.
 *
 * <h2>Re-entrancy</h2>
 * Reading a class file through a loader can load classes on this thread (the loader's own
 * machinery), and so re-enter the agent and this resolver. A class file read never starts while
 * another is in progress on the same thread: the nested question is answered from the cache or
 * as missing, and nothing is remembered of it. No lock is held while reading, so a loader that
 * takes its own locks cannot deadlock against a resolver.
 */
public final class ClassFileTypeResolver implements TypeResolver {
    private static final ClassInfo MISSING = new ClassInfo("", null, false, List.of());
    private static final List<String> ARRAY_INTERFACES = List.of("java/lang/Cloneable", "java/io/Serializable");

    /** Set while this thread reads a class file for any resolver. */
    private static final ThreadLocal<Boolean> READING = new ThreadLocal<>();

    /** The shared resolvers, by loader; the bootstrap loader's is {@link #boot}. */
    private static final Map<ClassLoader, ClassFileTypeResolver> BY_LOADER =
            Collections.synchronizedMap(new WeakHashMap<>());

    private static volatile ClassFileTypeResolver boot;

    private final ClassFileSource source;
    private final Map<String, ClassInfo> cache = new ConcurrentHashMap<>();
    private final boolean cacheMissing;

    /**
     * Creates a resolver reading from {@code locator}, whose class files do not change while it
     * is used (the ahead-of-time front end's folders and jars, {@code explain}'s class path).
     *
     * @param locator where class files are found
     */
    public ClassFileTypeResolver(ClassFileLocator locator) {
        this(new LocatorClassFiles(locator), true);
    }

    /**
     * Creates a resolver reading from {@code source}.
     *
     * @param source where class files are found
     * @param cacheMissing whether a class the source does not have is remembered as missing; only
     *     for a source whose contents never change
     */
    public ClassFileTypeResolver(ClassFileSource source, boolean cacheMissing) {
        this.source = source;
        this.cacheMissing = cacheMissing;
    }

    @Override
    public ClassInfo describe(String internalName) {
        if (internalName.startsWith("[")) {
            return describeArray(internalName);
        }
        ClassInfo info = cache.get(internalName);
        if (info == null) {
            if (READING.get() != null) {
                return null; // a read re-entered on this thread: answer "missing", remember nothing
            }
            READING.set(Boolean.TRUE);
            try {
                info = read(internalName);
            } finally {
                READING.remove();
            }
            if (info != MISSING || cacheMissing) {
                ClassInfo raced = cache.putIfAbsent(internalName, info);
                info = raced == null ? info : raced;
            }
        }
        return info == MISSING ? null : info;
    }

    /**
     * An array type, as the JVM sees it: a subclass of Object implementing {@code Cloneable} and
     * {@code Serializable}; known when its element type is primitive or known.
     */
    private ClassInfo describeArray(String descriptor) {
        int dims = 0;
        while (dims < descriptor.length() && descriptor.charAt(dims) == '[') {
            dims++;
        }
        String element = descriptor.substring(dims);
        boolean known = element.length() == 1
                || (element.length() > 2
                        && element.charAt(0) == 'L'
                        && element.endsWith(";")
                        && describe(element.substring(1, element.length() - 1)) != null);
        return known ? new ClassInfo(descriptor, "java/lang/Object", false, ARRAY_INTERFACES) : null;
    }

    private ClassInfo read(String internalName) {
        try {
            byte[] classFile = source.find(internalName);
            return classFile == null ? MISSING : header(internalName, classFile);
        } catch (IOException | RuntimeException | LinkageError e) {
            // A class file we cannot read is treated as unknown: see TypeResolver for what that means.
            return MISSING;
        }
    }

    /** What {@link ClassReader} reads of a class file without visiting it: its constant pool and header. */
    static ClassInfo header(String internalName, byte[] classFile) {
        ClassReader r = new ClassReader(classFile);
        return new ClassInfo(
                internalName,
                r.getSuperName(),
                (r.getAccess() & Opcodes.ACC_INTERFACE) != 0,
                List.of(r.getInterfaces()));
    }

    /**
     * A resolver for classes seen through a class loader, plus the class being transformed
     * (which its loader cannot return yet). The loader's part is shared by every class of that
     * loader; only the class being transformed is answered from {@code classFile}.
     *
     * @param loader the defining loader; null for the bootstrap loader
     * @param className internal name of the class being transformed
     * @param classFile its bytes
     * @return the resolver
     */
    public static TypeResolver forLoader(ClassLoader loader, String className, byte[] classFile) {
        return new OwnClassFirst(ofLoader(loader), className, classFile);
    }

    /**
     * The shared resolver of a class loader.
     *
     * @param loader the loader; null for the bootstrap loader
     * @return the resolver, created on first use
     */
    static ClassFileTypeResolver ofLoader(ClassLoader loader) {
        if (loader == null) {
            ClassFileTypeResolver r = boot;
            if (r == null) {
                r = new ClassFileTypeResolver(LoaderClassFiles.of(null), false);
                boot = r;
            }
            return r;
        }
        ClassFileTypeResolver r = BY_LOADER.get(loader);
        if (r == null) {
            synchronized (BY_LOADER) {
                r = BY_LOADER.get(loader);
                if (r == null) {
                    r = new ClassFileTypeResolver(LoaderClassFiles.of(loader), false);
                    BY_LOADER.put(loader, r);
                }
            }
        }
        return r;
    }

    /** The class being transformed, read from its own bytes; everything else from the loader's resolver. */
    private static final class OwnClassFirst implements TypeResolver {
        private final TypeResolver shared;
        private final String className;
        private final byte[] classFile;
        private ClassInfo own;

        OwnClassFirst(TypeResolver shared, String className, byte[] classFile) {
            this.shared = shared;
            this.className = className;
            this.classFile = classFile;
        }

        @Override
        public ClassInfo describe(String internalName) {
            if (!internalName.equals(className)) {
                return shared.describe(internalName);
            }
            ClassInfo info = own;
            if (info == null) {
                info = header(className, classFile);
                own = info;
            }
            return info;
        }
    }
}
