package io.jasyncio.agent.internal.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Step 4: the verifier's view of every instruction of a method, the types of its locals and of
 * its operand stack. Runs ASM's {@link Analyzer} with a {@link TypesInterpreter}, starting afresh
 * from the class file's stack map frame wherever the method has one, so it needs no class
 * hierarchy, hence no other class; and records besides: the control-flow edges (for liveness), how
 * many monitors are held, objects created by {@code new} whose constructor has not run yet, and
 * values produced by {@code done(...)}.
 *
 * <p>ASM calls the types at one instruction a {@link Frame}, as the JVM calls its stack map
 * entries frames; in this package "frame" means the coroutine's frame object, so these are
 * called <em>types</em> here.
 */
public final class AnalyzeTypes {
    /** ASM's default: 400 MiB of frames. */
    private static final int MEMORY_LIMIT = 400 << 20;

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
     * @return the types and edges
     * @throws TransformException if the method's bytecode does not verify, naming the line
     */
    static Result of(MethodContext target) {
        ClassNode owner = target.owner();
        MethodNode m = target.method();
        try {
            return analyze(owner.name, owner.superName, target.ownerIsInterface(), m);
        } catch (AnalyzerException e) {
            int line = e.node == null ? Lines.first(m) : Lines.at(m, e.node);
            throw target.refuse(
                    line,
                    "the class file does not verify, so it is left as it is (" + e.getMessage()
                            + "); compile it again, or report the compiler's bug");
        }
    }

    /**
     * Analyses {@code method} of class {@code owner}. Where the method's instructions hold stack
     * map frames ({@link FrameNode}s, as {@code ClassReader.EXPAND_FRAMES} reads them, or as
     * {@link StackMapFrames} writes them), the types there are the frame's: the compiler's, which
     * no merge could compute without the class hierarchy. Everywhere else they follow from the
     * instructions alone.
     *
     * @param owner internal name of the declaring class
     * @param superName its superclass
     * @param isInterface whether the declaring class is an interface
     * @param method the method
     * @return the types and edges
     * @throws AnalyzerException if the method's bytecode does not verify
     */
    @SuppressWarnings("unchecked")
    public static Result analyze(String owner, String superName, boolean isInterface, MethodNode method)
            throws AnalyzerException {
        int n = method.instructions.size();
        List<List<Integer>> successors = new ArrayList<>(n);
        List<List<Integer>> handlers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            successors.add(new ArrayList<>(2));
            handlers.add(new ArrayList<>(1));
        }
        TypesInterpreter interpreter = new TypesInterpreter(owner, superName, isInterface);
        Analyzer<BasicValue> analyzer = new Analyzer<>(interpreter) {
            @Override
            protected void init(String ownerName, MethodNode m) throws AnalyzerException {
                Frame<BasicValue>[] frames = getFrames();
                Map<LabelNode, Uninitialized> news = new HashMap<>();
                BasicValue returnValue = interpreter.newReturnTypeValue(Type.getReturnType(m.desc));
                InsnList insns = m.instructions;
                for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
                    if (!(insn instanceof FrameNode f)) {
                        continue;
                    }
                    // The frame holds at its offset: for the labels before it too, which jumps
                    // name, and whatever else lies there before the next instruction.
                    AbstractInsnNode first = f;
                    while (first.getPrevious() != null && first.getPrevious().getOpcode() < 0) {
                        first = first.getPrevious();
                    }
                    AbstractInsnNode last = f;
                    while (last.getNext() != null && last.getNext().getOpcode() < 0) {
                        last = last.getNext();
                    }
                    for (AbstractInsnNode at = first; ; at = at.getNext()) {
                        int i = insns.indexOf(at);
                        TypeState declared = new TypeState(m.maxLocals, m.maxStack);
                        declared.declare(f, news, interpreter, m.maxLocals);
                        declared.setReturn(returnValue);
                        if (frames[i] != null) {
                            // Only the first instruction is reached before init: a frame there
                            // describes a jump back to the start, and holds for it too.
                            declared.merge(frames[i], interpreter);
                        }
                        frames[i] = declared;
                        if (at == last) {
                            break;
                        }
                    }
                    insn = last;
                }
            }

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
        // ASM's default budget charges each instruction by its index, which rules out a single
        // pass over a body near the JVM's 64 KiB limit; the code size itself is the bound here.
        analyzer.setComputeLimits(MEMORY_LIMIT, Long.MAX_VALUE);
        Frame<BasicValue>[] types = analyzer.analyze(owner, method);
        for (int i = 0; i < types.length; i++) {
            if (types[i] instanceof TypeState t && t.declared != null && !t.reached) {
                types[i] = null; // a frame of dead code: nothing reaches it
            }
        }
        return new Result(types, successors, handlers);
    }

    /**
     * The types at one instruction (ASM's {@link Frame}), which also counts held monitors and
     * completes objects when their constructor runs.
     */
    static final class TypeState extends Frame<BasicValue> {
        int monitors;
        /** The stack map frame's values, locals then stack, when a frame fixes the types here. */
        private BasicValue[] declared;
        /** Whether any path reaches a fixed frame. */
        private boolean reached;
        /** The stack map frame that fixes the types here. */
        private FrameNode declaredAt;

        TypeState(int numLocals, int numStack) {
            super(numLocals, numStack);
        }

        TypeState(Frame<? extends BasicValue> types) {
            super(types);
            monitors = ((TypeState) types).monitors;
        }

        /** Takes the types of a stack map frame (expanded, as {@code ClassReader.EXPAND_FRAMES} reads it). */
        void declare(FrameNode f, Map<LabelNode, Uninitialized> news, TypesInterpreter interpreter, int maxLocals)
                throws AnalyzerException {
            if (f.type != Opcodes.F_NEW) {
                throw new AnalyzerException(f, "compressed stack map frame: read the class with EXPAND_FRAMES");
            }
            int slot = 0;
            if (f.local != null) {
                for (Object o : f.local) {
                    BasicValue v = value(o, f, news, interpreter);
                    if (slot + v.getSize() > maxLocals) {
                        throw new AnalyzerException(f, "stack map frame with more locals than max_locals");
                    }
                    setLocal(slot++, v);
                    if (v.getSize() == 2) {
                        setLocal(slot++, BasicValue.UNINITIALIZED_VALUE);
                    }
                }
            }
            for (; slot < maxLocals; slot++) {
                setLocal(slot, BasicValue.UNINITIALIZED_VALUE);
            }
            clearStack();
            if (f.stack != null) {
                for (Object o : f.stack) {
                    push(value(o, f, news, interpreter));
                }
            }
            declaredAt = f;
            declared = new BasicValue[getLocals() + getStackSize()];
            for (int i = 0; i < getLocals(); i++) {
                declared[i] = getLocal(i);
            }
            for (int i = 0; i < getStackSize(); i++) {
                declared[getLocals() + i] = getStack(i);
            }
        }

        private static BasicValue value(
                Object o, FrameNode f, Map<LabelNode, Uninitialized> news, TypesInterpreter interpreter)
                throws AnalyzerException {
            if (o instanceof String name) {
                return interpreter.newValue(Type.getObjectType(name));
            }
            if (o instanceof LabelNode label) {
                Uninitialized u = news.get(label);
                if (u == null) {
                    AbstractInsnNode insn = label.getNext();
                    while (insn != null && insn.getOpcode() < 0) {
                        insn = insn.getNext();
                    }
                    if (!(insn instanceof TypeInsnNode newInsn) || insn.getOpcode() != Opcodes.NEW) {
                        throw new AnalyzerException(f, "stack map frame names an uninitialised object but no NEW");
                    }
                    u = new Uninitialized(Type.getObjectType(newInsn.desc), newInsn);
                    news.put(label, u);
                }
                return u;
            }
            if (o.equals(Opcodes.INTEGER)) {
                return BasicValue.INT_VALUE;
            } else if (o.equals(Opcodes.FLOAT)) {
                return BasicValue.FLOAT_VALUE;
            } else if (o.equals(Opcodes.LONG)) {
                return BasicValue.LONG_VALUE;
            } else if (o.equals(Opcodes.DOUBLE)) {
                return BasicValue.DOUBLE_VALUE;
            } else if (o.equals(Opcodes.NULL)) {
                return interpreter.newValue(BasicInterpreter.NULL_TYPE);
            } else if (o.equals(Opcodes.TOP)) {
                return BasicValue.UNINITIALIZED_VALUE;
            }
            throw new AnalyzerException(f, "stack map frame entry " + o + " in a method that is no constructor");
        }

        /**
         * A fixed frame keeps its declared types whatever reaches it (once checked), with one
         * exception: a {@code done(...)} value stays one where every path brings one, as
         * {@code return c ? done(a) : done(b)} needs.
         */
        private boolean mergeIntoDeclared(Frame<? extends BasicValue> in, Interpreter<BasicValue> interpreter)
                throws AnalyzerException {
            if (in.getStackSize() != getStackSize()) {
                throw new AnalyzerException(
                        declaredAt,
                        "the stack holds " + in.getStackSize() + " values where its stack map frame says "
                                + getStackSize());
            }
            boolean first = !reached;
            reached = true;
            boolean changed = first;
            int locals = getLocals();
            for (int i = 0; i < declared.length; i++) {
                BasicValue d = declared[i];
                BasicValue incoming = i < locals ? in.getLocal(i) : in.getStack(i - locals);
                BasicValue current = i < locals ? getLocal(i) : getStack(i - locals);
                if (d.getType() != null && !fits(interpreter, incoming, d)) {
                    throw new AnalyzerException(
                            declaredAt,
                            (i < locals ? "local " + i : "stack entry " + (i - locals)) + " holds " + incoming
                                    + " where its stack map frame says " + d);
                }
                BasicValue next =
                        incoming instanceof DoneValue && d.isReference() && (first || current instanceof DoneValue)
                                ? incoming
                                : d;
                if (!next.equals(current)) {
                    if (i < locals) {
                        setLocal(i, next);
                    } else {
                        setStack(i - locals, next);
                    }
                    changed = true;
                }
            }
            monitors = Math.max(monitors, ((TypeState) in).monitors);
            return changed;
        }

        private static boolean fits(Interpreter<BasicValue> interpreter, BasicValue value, BasicValue expected) {
            if (value.getType() == null) {
                return false;
            }
            if (value instanceof Uninitialized || expected instanceof Uninitialized) {
                return value.equals(expected) || value.getType().equals(expected.getType());
            }
            return ((TypesInterpreter) interpreter).isSubTypeOf(value, expected);
        }

        @Override
        public Frame<BasicValue> init(Frame<? extends BasicValue> types) {
            super.init(types);
            declared = null;
            declaredAt = null;
            monitors = ((TypeState) types).monitors;
            return this;
        }

        @Override
        public boolean merge(Frame<? extends BasicValue> types, Interpreter<BasicValue> interpreter)
                throws AnalyzerException {
            if (declared != null) {
                return mergeIntoDeclared(types, interpreter);
            }
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
