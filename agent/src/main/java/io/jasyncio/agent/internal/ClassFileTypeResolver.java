package io.jasyncio.agent.internal;

import io.jasyncio.agent.internal.transform.TypeResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * A {@link TypeResolver} over Byte Buddy's {@link TypePool}: class files are read as bytes from
 * a {@link ClassFileLocator} (a class loader's resources, a folder, a jar) and parsed, never
 * loaded, and the answers are cached.
 */
public final class ClassFileTypeResolver implements TypeResolver {
    private final TypePool pool;
    private final Map<String, ClassInfo> cache = new ConcurrentHashMap<>();
    private static final ClassInfo MISSING = new ClassInfo("", null, false, List.of());

    /**
     * Creates a resolver reading from {@code locator}.
     *
     * @param locator where class files are found
     */
    public ClassFileTypeResolver(ClassFileLocator locator) {
        this.pool = TypePool.Default.of(locator);
    }

    @Override
    public ClassInfo describe(String internalName) {
        ClassInfo info = cache.computeIfAbsent(internalName, this::read);
        return info == MISSING ? null : info;
    }

    private ClassInfo read(String internalName) {
        try {
            TypePool.Resolution r = pool.describe(internalName.replace('/', '.'));
            if (!r.isResolved()) {
                return MISSING;
            }
            TypeDescription t = r.resolve();
            TypeDescription.Generic sup = t.getSuperClass();
            List<String> interfaces = new ArrayList<>();
            for (TypeDefinition i : t.getInterfaces().asErasures()) {
                interfaces.add(i.asErasure().getInternalName());
            }
            return new ClassInfo(internalName, sup == null ? null : sup.asErasure().getInternalName(),
                    t.isInterface(), interfaces);
        } catch (RuntimeException | LinkageError e) {
            // A class file we cannot read is treated as unknown; merges then fall back to Object.
            return MISSING;
        }
    }

    /**
     * A resolver for classes seen through a class loader, plus the class being transformed
     * (which its loader cannot return yet).
     *
     * @param loader the defining loader; null for the bootstrap loader
     * @param className internal name of the class being transformed
     * @param classFile its bytes
     * @return the resolver
     */
    public static ClassFileTypeResolver forLoader(ClassLoader loader, String className, byte[] classFile) {
        ClassFileLocator own = ClassFileLocator.Simple.of(className.replace('/', '.'), classFile);
        ClassFileLocator parent = loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                : ClassFileLocator.ForClassLoader.of(loader);
        return new ClassFileTypeResolver(new ClassFileLocator.Compound(own, parent));
    }
}
