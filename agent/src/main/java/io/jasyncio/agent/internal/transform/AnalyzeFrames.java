package io.jasyncio.agent.internal.transform;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * Pass 2: the verifier's view of every instruction of a method. Runs ASM's {@link Analyzer}
 * with a {@link SimpleVerifier} whose class hierarchy comes from a {@link TypeResolver}, and
 * records besides: the control-flow edges (for liveness), how many monitors are held, objects
 * created by {@code new} whose constructor has not run yet, and values produced by
 * {@code done(...)}.
 */
public final class AnalyzeFrames {
    private AnalyzeFrames() {}

    /**
     * The result: one frame per instruction (null where unreachable) and the edges between
     * instructions.
     *
     * @param frames the frame before each instruction
     * @param successors for each instruction, the indexes it may flow to normally
     * @param handlers for each instruction, the handler indexes it may throw to
     */
    public record Result(Frame<BasicValue>[] frames, List<List<Integer>> successors, List<List<Integer>> handlers) {
        /**
         * How many monitors are held before instruction {@code i}.
         *
         * @param i the instruction index
         * @return the count
         */
        public int monitorsHeld(int i) {
            return frames[i] == null ? 0 : ((MonitorFrame) frames[i]).monitors;
        }
    }

    /** A value pushed by {@code new} whose constructor has not been called yet. */
    static final class Uninitialized extends BasicValue {
        final TypeInsnNode newInsn;

        Uninitialized(Type type, TypeInsnNode newInsn) {
            super(type);
            this.newInsn = newInsn;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * The value of a {@code done(...)} call: what an {@code @Async} method may return. After the
     * rewrite it is the bare result, not a coroutine, so it is never cast to one. All done values
     * are equal, so that {@code c ? done(a) : done(b)} merges into a done value; a merge with any
     * other coroutine value is not one.
     */
    static final class DoneValue extends BasicValue {
        DoneValue() {
            super(Type.getType(Names.COROUTINE_DESC));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DoneValue;
        }

        @Override
        public int hashCode() {
            return DoneValue.class.hashCode();
        }
    }

    /**
     * Analyses {@code method} of class {@code owner}.
     *
     * @param owner internal name of the declaring class
     * @param superName its superclass
     * @param isInterface whether the declaring class is an interface
     * @param method the method
     * @param resolver the class hierarchy
     * @return the frames and edges
     * @throws AnalyzerException if the method's bytecode does not verify
     */
    @SuppressWarnings("unchecked")
    public static Result analyze(
            String owner, String superName, boolean isInterface, MethodNode method, TypeResolver resolver)
            throws AnalyzerException {
        int n = method.instructions.size();
        List<List<Integer>> successors = new ArrayList<>(n);
        List<List<Integer>> handlers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            successors.add(new ArrayList<>(2));
            handlers.add(new ArrayList<>(1));
        }
        Analyzer<BasicValue> analyzer = new Analyzer<>(new Verifier(owner, superName, isInterface, resolver)) {
            @Override
            protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
                return new MonitorFrame(numLocals, numStack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
                return new MonitorFrame(frame);
            }

            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                List<Integer> s = successors.get(insn);
                if (!s.contains(successor)) {
                    s.add(successor);
                }
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode tcb) {
                List<Integer> h = handlers.get(insn);
                int target = method.instructions.indexOf(tcb.handler);
                if (!h.contains(target)) {
                    h.add(target);
                }
                return true;
            }
        };
        Frame<BasicValue>[] frames = analyzer.analyze(owner, method);
        return new Result(frames, successors, handlers);
    }

    /** A frame that also counts held monitors and completes objects when their constructor runs. */
    static final class MonitorFrame extends Frame<BasicValue> {
        int monitors;

        MonitorFrame(int numLocals, int numStack) {
            super(numLocals, numStack);
        }

        MonitorFrame(Frame<? extends BasicValue> frame) {
            super(frame);
            monitors = ((MonitorFrame) frame).monitors;
        }

        @Override
        public Frame<BasicValue> init(Frame<? extends BasicValue> frame) {
            super.init(frame);
            monitors = ((MonitorFrame) frame).monitors;
            return this;
        }

        @Override
        public boolean merge(Frame<? extends BasicValue> frame, Interpreter<BasicValue> interpreter)
                throws AnalyzerException {
            boolean changed = super.merge(frame, interpreter);
            int other = ((MonitorFrame) frame).monitors;
            if (other > monitors) {
                monitors = other;
                changed = true;
            }
            return changed;
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter) throws AnalyzerException {
            BasicValue receiver = null;
            if (insn.getOpcode() == Opcodes.INVOKESPECIAL && ((MethodInsnNode) insn).name.equals("<init>")) {
                int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
                receiver = getStack(getStackSize() - 1 - args);
            }
            super.execute(insn, interpreter);
            switch (insn.getOpcode()) {
                case Opcodes.MONITORENTER:
                    monitors++;
                    break;
                case Opcodes.MONITOREXIT:
                    monitors = Math.max(0, monitors - 1);
                    break;
                default:
                    break;
            }
            if (receiver instanceof Uninitialized) {
                BasicValue done = new BasicValue(receiver.getType());
                for (int i = 0; i < getLocals(); i++) {
                    if (getLocal(i) == receiver) {
                        setLocal(i, done);
                    }
                }
                for (int i = 0; i < getStackSize(); i++) {
                    if (getStack(i) == receiver) {
                        setStack(i, done);
                    }
                }
            }
        }
    }

    /** SimpleVerifier over a TypeResolver, plus the two marker values. */
    static final class Verifier extends SimpleVerifier {
        private static final Type OBJECT = Type.getObjectType("java/lang/Object");
        private final TypeResolver resolver;

        Verifier(String owner, String superName, boolean isInterface, TypeResolver resolver) {
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
            if (insn.getOpcode() == Opcodes.NEW) {
                return new Uninitialized(Type.getObjectType(((TypeInsnNode) insn).desc), (TypeInsnNode) insn);
            }
            return super.newOperation(insn);
        }

        @Override
        public BasicValue naryOperation(AbstractInsnNode insn, List<? extends BasicValue> values)
                throws AnalyzerException {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode m = (MethodInsnNode) insn;
                if (m.getOpcode() == Opcodes.INVOKESTATIC && Names.isDone(m.owner, m.name, m.desc)) {
                    return new DoneValue();
                }
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
         * Lenient where checking: the JVM's verifier lets any reference pass where an interface
         * is expected, so code javac emits after a merge to Object (then used as a List) is
         * valid, and so it is here.
         */
        @Override
        public boolean isSubTypeOf(BasicValue value, BasicValue expected) {
            Type e = expected.getType();
            Type v = value.getType();
            if (e != null && v != null && e.getSort() == Type.OBJECT && v.getSort() >= Type.ARRAY && isInterface(e)) {
                return true;
            }
            return super.isSubTypeOf(value, expected);
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
                return implementsInterface(type2.getInternalName(), type1.getInternalName(), new java.util.HashSet<>());
            }
            return resolver.isSuperClassOf(type1.getInternalName(), type2.getInternalName());
        }

        private boolean implementsInterface(String type, String itf, java.util.Set<String> seen) {
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
}
