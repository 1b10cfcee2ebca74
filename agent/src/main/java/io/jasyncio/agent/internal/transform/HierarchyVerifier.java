package io.jasyncio.agent.internal.transform;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier} answering its class-hierarchy questions from a {@link TypeResolver}
 * (never by loading a class, as {@code SimpleVerifier} itself would), and making the two marker
 * values {@link AnalyzeTypes} needs: an object whose constructor has not run, and the value of
 * {@code done(...)}.
 */
final class HierarchyVerifier extends SimpleVerifier {
    private static final Type OBJECT = Type.getObjectType("java/lang/Object");
    private final TypeResolver resolver;

    HierarchyVerifier(String owner, String superName, boolean isInterface, TypeResolver resolver) {
        super(
                Opcodes.ASM9,
                Type.getObjectType(owner),
                superName == null ? null : Type.getObjectType(superName),
                List.of(),
                isInterface);
        this.resolver = resolver;
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.NEW && insn instanceof TypeInsnNode n) {
            return new AnalyzeTypes.Uninitialized(Type.getObjectType(n.desc), n);
        }
        return super.newOperation(insn);
    }

    @Override
    public BasicValue naryOperation(AbstractInsnNode insn, List<? extends BasicValue> values) throws AnalyzerException {
        if (insn instanceof MethodInsnNode m
                && m.getOpcode() == Opcodes.INVOKESTATIC
                && Names.isDone(m.owner, m.name, m.desc)) {
            return new AnalyzeTypes.DoneValue();
        }
        return super.naryOperation(insn, values);
    }

    @Override
    protected boolean isInterface(Type type) {
        TypeResolver.ClassInfo info = resolver.describe(type.getInternalName());
        return info != null && info.isInterface();
    }

    @Override
    protected Type getSuperClass(Type type) {
        TypeResolver.ClassInfo info = resolver.describe(type.getInternalName());
        return info == null || info.superName() == null
                ? (type.equals(OBJECT) ? null : OBJECT)
                : Type.getObjectType(info.superName());
    }

    /**
     * Lenient where checking: the JVM's verifier lets any reference pass where an interface is
     * expected, also as an array's element (JVMS 4.10.1.2), so code javac emits after a merge to
     * Object (then used as a List) is valid, and so it is here. {@code SimpleVerifier}'s own
     * check is followed except that it asks the loaded classes whether the expected type is an
     * interface; here the resolver answers, and a value that does not fit is rejected as bytecode
     * that does not verify.
     */
    @Override
    public boolean isSubTypeOf(BasicValue value, BasicValue expected) {
        Type e = expected.getType();
        Type v = value.getType();
        if (e == null || v == null) {
            return e == null && v == null;
        }
        if (v.equals(e)) {
            return true;
        }
        if (e.getSort() != Type.OBJECT && e.getSort() != Type.ARRAY) {
            return false;
        }
        if (v.equals(BasicInterpreter.NULL_TYPE)) {
            return true;
        }
        int valueDims = 0;
        if (v.getSort() == Type.ARRAY) {
            valueDims = v.getDimensions();
            v = v.getElementType();
            if (v.getSort() != Type.OBJECT) {
                // int[][] is an Object[]
                valueDims--;
                v = OBJECT;
            }
        }
        int expectedDims = 0;
        if (e.getSort() == Type.ARRAY) {
            expectedDims = e.getDimensions();
            e = e.getElementType();
            if (e.getSort() != Type.OBJECT) {
                return false;
            }
        }
        if (valueDims < expectedDims) {
            return false;
        }
        if (valueDims > expectedDims) {
            v = OBJECT;
        }
        return isAssignableFrom(e, v) || isInterface(e);
    }

    /**
     * Precise, because merges use it: a local holding a {@code Box} on one path and a
     * {@code List} on another must merge to Object, never to {@code List}, or the value
     * restored after a suspension would be cast to a type it does not have.
     */
    @Override
    protected boolean isAssignableFrom(Type type1, Type type2) {
        if (type1.equals(type2) || type1.equals(OBJECT)) {
            return true;
        }
        if (type1.getSort() == Type.ARRAY) {
            if (type2.getSort() != Type.ARRAY) {
                return false;
            }
            Type e1 = Type.getType(type1.getDescriptor().substring(1));
            Type e2 = Type.getType(type2.getDescriptor().substring(1));
            boolean r1 = e1.getSort() >= Type.ARRAY;
            boolean r2 = e2.getSort() >= Type.ARRAY;
            return r1 && r2 ? isAssignableFrom(e1, e2) : e1.equals(e2);
        }
        if (type2.getSort() == Type.ARRAY) {
            String n = type1.getInternalName();
            return n.equals("java/lang/Cloneable") || n.equals("java/io/Serializable");
        }
        if (isInterface(type1)) {
            return implementsInterface(type2.getInternalName(), type1.getInternalName(), new HashSet<>());
        }
        return resolver.isSuperClassOf(type1.getInternalName(), type2.getInternalName());
    }

    private boolean implementsInterface(String type, String itf, Set<String> seen) {
        if (type == null || !seen.add(type)) {
            return false;
        }
        if (type.equals(itf)) {
            return true;
        }
        TypeResolver.ClassInfo info = resolver.describe(type);
        if (info == null) {
            return false;
        }
        for (String i : info.interfaces()) {
            if (implementsInterface(i, itf, seen)) {
                return true;
            }
        }
        return implementsInterface(info.superName(), itf, seen);
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new AssertionError("the transformer never loads classes: " + type);
    }
}
