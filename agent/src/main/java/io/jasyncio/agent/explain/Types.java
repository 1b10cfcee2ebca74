package io.jasyncio.agent.explain;

import org.objectweb.asm.Type;

/** Type names as a learner reads them. */
final class Types {
    private Types() {}

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
     * Like {@link #simple(String)}, and types of the explained class's own package by their
     * simple name too.
     *
     * @param descriptor a field descriptor, or {@code Lnull;}
     * @param ownPackage the package of the explained class, with dots, or empty
     * @return the display name
     */
    static String simple(String descriptor, String ownPackage) {
        String s = simple(descriptor);
        if (!ownPackage.isEmpty() && s.startsWith(ownPackage + ".") && s.indexOf('.', ownPackage.length() + 1) < 0) {
            return s.substring(ownPackage.length() + 1);
        }
        return s;
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
