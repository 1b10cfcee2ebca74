package io.jasyncio.agent.explain;

import org.objectweb.asm.Type;

/** Type names as a learner reads them. */
final class Types {
    private Types() {
    }

    /**
     * A descriptor as Java source names it; {@code java.lang} and {@code io.jasyncio} types by
     * their simple name.
     *
     * @param descriptor a field descriptor, or {@code Lnull;} for the null type
     * @return the display name
     */
    static String simple(String descriptor) {
        if (descriptor.equals("Lnull;")) {
            return "null";
        }
        return shorten(Type.getType(descriptor).getClassName());
    }

    /**
     * A binary class name with {@code java.lang.} and {@code io.jasyncio.} dropped from types
     * directly in those packages.
     *
     * @param className a binary name, possibly with {@code []}
     * @return the display name
     */
    static String shorten(String className) {
        for (String pkg : new String[] {"java.lang.", "io.jasyncio."}) {
            if (className.startsWith(pkg) && className.indexOf('.', pkg.length()) < 0) {
                return className.substring(pkg.length());
            }
        }
        return className;
    }
}
