package io.jasyncio.agent.internal.transform;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Keeps the default {@code serialVersionUID} of a {@code Serializable} class the rewrite changes.
 * The JVM computes it from the class's members, and the rewrite adds a method (the body) for
 * every coroutine, so without this an object written by a JVM without the agent could not be
 * read by one with it ({@code InvalidClassException}). The value is computed from the original
 * class file with {@code ObjectStreamClass}'s algorithm (Java Object Serialization
 * Specification, 4.6) and added as the explicit field the class did not declare.
 *
 * <p>Whether the class is serializable is read from its own bytes, then from its supertypes'
 * class files through the {@link TypeResolver}; when one of them cannot be read, the field is
 * added all the same: an explicit {@code serialVersionUID} equal to the default changes nothing
 * for a class that turns out not to be serializable. Interfaces, enums and records are left
 * alone: their {@code serialVersionUID} is never checked.
 */
final class SerialVersion {
    private static final String SERIALIZABLE = "java/io/Serializable";
    private static final String EXTERNALIZABLE = "java/io/Externalizable";
    private static final String FIELD = "serialVersionUID";

    private SerialVersion() {}

    /**
     * The {@code serialVersionUID} field to add to a class being rewritten.
     *
     * @param cn the original class (its members as compiled: read before the rewrite changes them)
     * @param resolver the class hierarchy, asked only when the class's own bytes cannot tell
     * @return the value, or null when the class declares one, or cannot be serializable
     */
    static Long toAdd(ClassNode cn, TypeResolver resolver) {
        if ((cn.access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ENUM | Opcodes.ACC_RECORD)) != 0
                || "java/lang/Record".equals(cn.superName)
                || "java/lang/Enum".equals(cn.superName)) {
            return null;
        }
        for (FieldNode f : cn.fields) {
            if (f.name.equals(FIELD)) {
                return null;
            }
        }
        if (!maybeSerializable(cn, resolver)) {
            return null;
        }
        return defaultUid(cn);
    }

    private static boolean maybeSerializable(ClassNode cn, TypeResolver resolver) {
        List<String> pending = new ArrayList<>(cn.interfaces);
        if (cn.superName != null) {
            pending.add(cn.superName);
        }
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String t = pending.remove(pending.size() - 1);
            if (t.equals(SERIALIZABLE) || t.equals(EXTERNALIZABLE)) {
                return true;
            }
            if (!seen.add(t) || t.equals("java/lang/Object")) {
                continue;
            }
            TypeResolver.ClassInfo info = resolver == null ? null : resolver.describe(t);
            if (info == null) {
                return true; // cannot be known without that class: the field is harmless
            }
            pending.addAll(info.interfaces());
            if (info.superName() != null) {
                pending.add(info.superName());
            }
        }
        return false;
    }

    /**
     * {@code ObjectStreamClass}'s default {@code serialVersionUID}, from the class file: the
     * first eight bytes of the SHA-1 of the class's name, modifiers, interfaces, fields (but
     * private static and private transient ones), static initialiser, constructors and methods
     * (but private ones), in that order, little-endian.
     *
     * @param cn the class
     * @return the default serialVersionUID
     */
    static long defaultUid(ClassNode cn) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(cn.name.replace('/', '.'));

            List<MethodNode> methods = new ArrayList<>();
            List<MethodNode> constructors = new ArrayList<>();
            boolean clinit = false;
            for (MethodNode m : cn.methods) {
                if (m.name.equals("<clinit>")) {
                    clinit = true;
                } else if (m.name.equals("<init>")) {
                    constructors.add(m);
                } else {
                    methods.add(m);
                }
            }
            int classMods =
                    classModifiers(cn) & (Modifier.PUBLIC | Modifier.FINAL | Modifier.INTERFACE | Modifier.ABSTRACT);
            if ((classMods & Modifier.INTERFACE) != 0) {
                classMods = methods.isEmpty() ? classMods & ~Modifier.ABSTRACT : classMods | Modifier.ABSTRACT;
            }
            out.writeInt(classMods);

            List<String> interfaces = new ArrayList<>();
            for (String i : cn.interfaces) {
                interfaces.add(i.replace('/', '.'));
            }
            interfaces.sort(null);
            for (String i : interfaces) {
                out.writeUTF(i);
            }

            List<FieldNode> fields = new ArrayList<>(cn.fields);
            fields.sort(Comparator.comparing((FieldNode f) -> f.name));
            for (FieldNode f : fields) {
                int mods = f.access
                        & (Modifier.PUBLIC
                                | Modifier.PRIVATE
                                | Modifier.PROTECTED
                                | Modifier.STATIC
                                | Modifier.FINAL
                                | Modifier.VOLATILE
                                | Modifier.TRANSIENT);
                if ((mods & Modifier.PRIVATE) == 0 || (mods & (Modifier.STATIC | Modifier.TRANSIENT)) == 0) {
                    out.writeUTF(f.name);
                    out.writeInt(mods);
                    out.writeUTF(f.desc);
                }
            }

            if (clinit) {
                out.writeUTF("<clinit>");
                out.writeInt(Modifier.STATIC);
                out.writeUTF("()V");
            }

            int methodMask = Modifier.PUBLIC
                    | Modifier.PRIVATE
                    | Modifier.PROTECTED
                    | Modifier.STATIC
                    | Modifier.FINAL
                    | Modifier.SYNCHRONIZED
                    | Modifier.NATIVE
                    | Modifier.ABSTRACT
                    | Modifier.STRICT;
            constructors.sort(Comparator.comparing((MethodNode m) -> m.desc));
            for (MethodNode m : constructors) {
                int mods = m.access & methodMask;
                if ((mods & Modifier.PRIVATE) == 0) {
                    out.writeUTF("<init>");
                    out.writeInt(mods);
                    out.writeUTF(m.desc.replace('/', '.'));
                }
            }
            methods.sort(Comparator.comparing((MethodNode m) -> m.name).thenComparing(m -> m.desc));
            for (MethodNode m : methods) {
                int mods = m.access & methodMask;
                if ((mods & Modifier.PRIVATE) == 0) {
                    out.writeUTF(m.name);
                    out.writeInt(mods);
                    out.writeUTF(m.desc.replace('/', '.'));
                }
            }
            out.flush();

            byte[] sha = MessageDigest.getInstance("SHA").digest(bytes.toByteArray());
            long hash = 0;
            for (int i = Math.min(sha.length, 8) - 1; i >= 0; i--) {
                hash = (hash << 8) | (sha[i] & 0xFF);
            }
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** What {@code Class.getModifiers()} answers: a nested class's own flags, from InnerClasses. */
    private static int classModifiers(ClassNode cn) {
        for (InnerClassNode ic : cn.innerClasses) {
            if (ic.name.equals(cn.name)) {
                return ic.access;
            }
        }
        return cn.access;
    }
}
