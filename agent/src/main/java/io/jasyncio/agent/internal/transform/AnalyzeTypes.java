package io.jasyncio.agent.internal.transform;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
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
 * Step 4: the verifier's view of every instruction of a method, the types of its locals and of
 * its operand stack. Runs ASM's {@link Analyzer} with a {@link SimpleVerifier} whose class
 * hierarchy comes from a {@link TypeResolver}, and records besides: the control-flow edges (for
 * liveness), how many monitors are held, objects created by {@code new} whose constructor has not
 * run yet, and values produced by {@code done(...)}.
 *
 * <p>ASM calls the types at one instruction a {@link Frame}, as the JVM calls its stack map
 * entries frames; in this package "frame" means the coroutine's frame object, so these are
 * called <em>types</em> here.
 */
public final class AnalyzeTypes {
    private AnalyzeTypes() {}

    /**
     * The result: the types before each instruction (null where unreachable) and the edges
     * between instructions.
     *
     * @param types for each instruction, the types of the locals and the operand stack before it
     * @param successors for each instruction, the indexes it may flow to normally
     * @param handlers for each instruction, the handler indexes it may throw to
     */
    public record Result(Frame<BasicValue>[] types, List<List<Integer>> successors, List<List<Integer>> handlers) {
        /**
         * The types before instruction {@code i}.
         *
         * @param i the instruction index
         * @return the types of the locals and the operand stack, or null if {@code i} is unreachable
         */
        public Frame<BasicValue> at(int i) {
            return types[i];
        }

        /**
         * How many monitors are held before instruction {@code i}.
         *
         * @param i the instruction index
         * @return the count
         */
        public int monitorsHeld(int i) {
            return types[i] instanceof TypeState t ? t.monitors : 0;
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
     * Analyses one method to rewrite.
     *
     * @param target the method
     * @param resolver the class hierarchy
     * @return the types and edges
     * @throws TransformException if the method's bytecode does not verify, naming the line
     */
    static Result of(MethodContext target, TypeResolver resolver) {
        ClassNode owner = target.owner();
        MethodNode m = target.method();
        try {
            return analyze(owner.name, owner.superName, target.ownerIsInterface(), m, resolver);
        } catch (AnalyzerException e) {
            int line = e.node == null ? Lines.first(m) : Lines.at(m, e.node);
            throw target.refuse(line, "cannot analyse the method's bytecode: " + e.getMessage());
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
     * @return the types and edges
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
        Analyzer<BasicValue> analyzer = new Analyzer<>(new HierarchyVerifier(owner, superName, isInterface, resolver)) {
            @Override
            protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
                return new TypeState(numLocals, numStack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> types) {
                return new TypeState(types);
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
        return new Result(analyzer.analyze(owner, method), successors, handlers);
    }

    /**
     * The types at one instruction (ASM's {@link Frame}), which also counts held monitors and
     * completes objects when their constructor runs.
     */
    static final class TypeState extends Frame<BasicValue> {
        int monitors;

        TypeState(int numLocals, int numStack) {
            super(numLocals, numStack);
        }

        TypeState(Frame<? extends BasicValue> types) {
            super(types);
            monitors = ((TypeState) types).monitors;
        }

        @Override
        public Frame<BasicValue> init(Frame<? extends BasicValue> types) {
            super.init(types);
            monitors = ((TypeState) types).monitors;
            return this;
        }

        @Override
        public boolean merge(Frame<? extends BasicValue> types, Interpreter<BasicValue> interpreter)
                throws AnalyzerException {
            boolean changed = super.merge(types, interpreter);
            int other = ((TypeState) types).monitors;
            if (other > monitors) {
                monitors = other;
                changed = true;
            }
            return changed;
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter) throws AnalyzerException {
            BasicValue receiver = null;
            if (insn.getOpcode() == Opcodes.INVOKESPECIAL
                    && insn instanceof MethodInsnNode init
                    && init.name.equals("<init>")) {
                receiver = getStack(getStackSize() - 1 - Type.getArgumentTypes(init.desc).length);
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
}
