package io.jasyncio.agent.internal.transform;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * A ClassWriter whose frame computation asks a {@link TypeResolver} instead of loading classes
 * through {@code Class.forName}, which is what broke earlier agents inside class loading.
 */
final class HierarchyClassWriter extends ClassWriter {
    private final TypeResolver resolver;

    HierarchyClassWriter(ClassReader source, int flags, TypeResolver resolver) {
        super(source, flags);
        this.resolver = resolver;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return resolver.commonSuperClass(type1, type2);
    }

    @Override
    protected ClassLoader getClassLoader() {
        throw new AssertionError("the transformer never loads classes");
    }
}
