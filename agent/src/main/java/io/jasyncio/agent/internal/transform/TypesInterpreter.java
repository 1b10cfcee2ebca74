package io.jasyncio.agent.internal.transform;

import java.util.List;
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
 * ASM's {@link SimpleVerifier} without a class hierarchy: it computes the precise type of every
 * value an instruction produces (a field's, a method's return type, a cast's), as the JVM's
 * type-checking verifier does, and never asks how two classes relate. It needs not: at every
 * point where paths merge, the class file's own stack map frames give the compiler's types
 * ({@link AnalyzeTypes} takes them as they are), so the only merges left to it are those of the
 * code the rewrite adds, whose live values have the same type on every path.
 *
 * <p>It checks what needs no other class: stack heights, primitive kinds, references where
 * references are expected, array dimensions and primitive elements. Whether one class is assignable to another is
 * not checked: that needs the other classes, which a class loader may not serve, and the JVM
 * checks it anyway when it verifies the rewritten class. It also makes the two marker values
 * {@link AnalyzeTypes} needs: an object whose constructor has not run, and the value of
 * {@code done(...)}.
 */
final class TypesInterpreter extends SimpleVerifier {
    private static final Type OBJECT = Type.getObjectType("java/lang/Object");
    private static final BasicValue OBJECT_VALUE = new BasicValue(OBJECT);

    TypesInterpreter(String owner, String superName, boolean isInterface) {
        super(
                Opcodes.ASM9,
                Type.getObjectType(owner),
                superName == null ? null : Type.getObjectType(superName),
                List.of(),
                isInterface);
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

    /**
     * Where no stack map frame says what a merge gives: a value the same on both paths stays; a
     * reference and {@code null} give the reference; a reference and {@code Object} give
     * {@code Object}; anything else gives a value nothing may use (the verifier's {@code top}),
     * which a use then rejects, rather than a guessed common superclass.
     */
    @Override
    public BasicValue merge(BasicValue a, BasicValue b) {
        if (a.equals(b)) {
            return a;
        }
        if (isReference(a) && isReference(b)) {
            if (a.getType().equals(BasicInterpreter.NULL_TYPE) && !(b instanceof AnalyzeTypes.Uninitialized)) {
                return b;
            }
            if (b.getType().equals(BasicInterpreter.NULL_TYPE) && !(a instanceof AnalyzeTypes.Uninitialized)) {
                return a;
            }
            if (!(a instanceof AnalyzeTypes.Uninitialized)
                    && !(b instanceof AnalyzeTypes.Uninitialized)
                    && (a.getType().equals(OBJECT) || b.getType().equals(OBJECT))) {
                return OBJECT_VALUE;
            }
        }
        return BasicValue.UNINITIALIZED_VALUE;
    }

    private static boolean isReference(BasicValue v) {
        Type t = v.getType();
        return t != null && (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY);
    }

    /**
     * What can be checked without other classes: a reference where a reference is expected (an
     * array where an array of as many dimensions or fewer is, with the same primitive elements),
     * a primitive of the same kind where a primitive is.
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
        if (v.getSort() != Type.OBJECT && v.getSort() != Type.ARRAY) {
            return false;
        }
        if (v.equals(BasicInterpreter.NULL_TYPE) || e.equals(OBJECT)) {
            return true;
        }
        if (e.getSort() == Type.ARRAY) {
            if (v.getSort() != Type.ARRAY || v.getDimensions() < e.getDimensions()) {
                return false;
            }
            Type ee = e.getElementType();
            Type ve = v.getDimensions() == e.getDimensions() ? v.getElementType() : OBJECT;
            boolean eRef = ee.getSort() == Type.OBJECT;
            boolean vRef = ve.getSort() == Type.OBJECT;
            return eRef == vRef && (eRef || ee.equals(ve));
        }
        return true;
    }

    @Override
    protected boolean isAssignableFrom(Type type1, Type type2) {
        throw new IllegalStateException("the transformer never asks how two classes relate: " + type1 + ", " + type2);
    }

    @Override
    protected boolean isInterface(Type type) {
        throw new IllegalStateException("the transformer never asks whether a class is an interface: " + type);
    }

    @Override
    protected Type getSuperClass(Type type) {
        throw new IllegalStateException("the transformer never asks for a superclass: " + type);
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new IllegalStateException("the transformer never loads classes: " + type);
    }
}
