package io.jasyncio.agent.internal.transform;

import java.util.List;

/**
 * Answers questions about the class hierarchy from class-file bytes, never by loading a class,
 * so that transforming stays a pure function of bytes (and safe inside a class file
 * transformer).
 *
 * <p>Implementations only describe; they never guess. What a class that cannot be described
 * (a missing or unreadable class file) means is decided here, in {@link #commonSuperClass} (it
 * merges to Object) and {@link #isSuperClassOf} (lenient, as the JVM's verifier), and in the
 * transformer's verifier ({@code HierarchyVerifier}), which reads a missing class as a non-interface
 * whose superclass is Object. Changing that policy, for example to refuse the class instead of
 * guessing, means changing these places and no resolver.
 */
public interface TypeResolver {
    /**
     * Describes a class or interface.
     *
     * @param internalName the internal name, such as {@code java/lang/String}
     * @return its description, or null when its class file cannot be found
     */
    ClassInfo describe(String internalName);

    /**
     * What the transformer needs to know of a class.
     *
     * @param name the internal name
     * @param superName the superclass's internal name, or null for {@code java/lang/Object} and
     *     interfaces' absent superclass
     * @param isInterface whether it is an interface
     * @param interfaces the directly implemented interfaces
     */
    record ClassInfo(String name, String superName, boolean isInterface, List<String> interfaces) {}

    /**
     * The common superclass of two classes, as the JVM verifier merges them: interfaces merge to
     * Object, and unknown classes merge to Object.
     *
     * @param a an internal name
     * @param b another internal name
     * @return the internal name of the most specific common superclass
     */
    default String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        ClassInfo ia = describe(a);
        ClassInfo ib = describe(b);
        if (ia == null || ib == null || ia.isInterface() || ib.isInterface()) {
            return "java/lang/Object";
        }
        java.util.Set<String> supersOfA = new java.util.HashSet<>();
        for (String c = a; c != null; ) {
            supersOfA.add(c);
            ClassInfo i = describe(c);
            c = i == null ? null : i.superName();
        }
        for (String c = b; c != null; ) {
            if (supersOfA.contains(c)) {
                return c;
            }
            ClassInfo i = describe(c);
            c = i == null ? null : i.superName();
        }
        return "java/lang/Object";
    }

    /**
     * Tells whether {@code sub} is {@code sup} or a subclass of it (interfaces not consulted).
     *
     * @param sup the supposed superclass
     * @param sub the supposed subclass
     * @return true if {@code sup} is on {@code sub}'s superclass chain; true as well when the
     *     chain cannot be read to the end, to stay as lenient as the JVM's verifier
     */
    default boolean isSuperClassOf(String sup, String sub) {
        for (String c = sub; c != null; ) {
            if (c.equals(sup)) {
                return true;
            }
            ClassInfo i = describe(c);
            if (i == null) {
                return true;
            }
            c = i.superName();
        }
        return false;
    }
}
