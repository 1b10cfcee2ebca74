package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SavedValue;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The JVM's stack map frames of a rewritten body, computed without the class hierarchy, hence
 * without reading any other class: a class loader that serves no class files (an in-memory
 * compiler's, a scripting engine's) gets code that verifies all the same, and no frame is ever a
 * guess.
 *
 * <p>The method's own stack map frames carry the compiler's types at every point where its paths
 * merge. Before the body is built, {@link #transplant} makes them the body's (the body's own slots
 * added above the method's locals, locals the body no longer reads at that point left out, a
 * {@code done(...)} value now the bare result); after, {@link #compute} analyses the body from
 * those frames ({@link AnalyzeTypes}) and writes a frame wherever the JVM wants one. The code the
 * rewrite adds (the resume switch, the suspend and resume paths of each await) merges only values
 * whose types are the same on every path, whose types the plan knows: no common superclass is
 * ever needed. Dead code is dropped rather than given frames.
 *
 * <p>Class files older than version 50 have no stack map frames; they are refused earlier, with
 * every class older than 51 ({@link CheckKinds}: a rewritten method needs {@code invokedynamic}).
 */
final class StackMapFrames {
    private static final Type OBJECT = Type.getObjectType("java/lang/Object");
    /** What the rewrite's code may push above the method's own deepest stack. */
    private static final int EXTRA_STACK = 8;

    private StackMapFrames() {}

    /**
     * Replaces the stack map frames of {@code target}'s method by the body's: the method's locals
     * where live (in their own slots), then the body's own four slots above them.
     *
     * @param target the method, analysed
     * @param types its types, from its own frames
     * @param liveIn its liveness
     */
    static void transplant(MethodContext target, AnalyzeTypes.Result types, BitSet[] liveIn) {
        InsnList insns = target.method().instructions;
        List<Object> bodyOwn = List.of(Names.FRAME, "java/lang/Object", "java/lang/Throwable", target.frameClass());
        Map<Uninitialized, LabelNode> labels = new HashMap<>();
        int i = 0;
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; i++) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode) {
                Frame<BasicValue> at = types.at(i);
                // Replaced, never removed: the later steps find the awaits by their index.
                if (at == null) {
                    insns.set(insn, new LabelNode());
                } else {
                    insns.set(insn, frame(at, bodyOwn, liveIn[i], null, labels));
                }
            }
            insn = next;
        }
    }

    private static FrameNode frame(
            Frame<BasicValue> at,
            List<Object> bodyOwn,
            BitSet live,
            InsnList insns,
            Map<Uninitialized, LabelNode> labels) {
        List<Object> locals = new ArrayList<>();
        for (int s = 0; s < at.getLocals(); s++) {
            BasicValue v = at.getLocal(s);
            if (!live.get(s)) {
                if (v.getSize() == 2) {
                    locals.add(Opcodes.TOP);
                    s++;
                }
                locals.add(Opcodes.TOP);
                continue;
            }
            locals.add(entry(v, insns, labels));
            if (v.getSize() == 2) {
                s++;
            }
        }
        locals.addAll(bodyOwn);
        List<Object> stack = new ArrayList<>();
        for (int s = 0; s < at.getStackSize(); s++) {
            stack.add(entry(at.getStack(s), insns, labels));
        }
        return newFrame(locals, stack);
    }

    private static FrameNode newFrame(List<Object> locals, List<Object> stack) {
        int n = locals.size();
        while (n > 0 && locals.get(n - 1).equals(Opcodes.TOP)) {
            n--;
        }
        return new FrameNode(Opcodes.F_NEW, n, locals.subList(0, n).toArray(), stack.size(), stack.toArray());
    }

    private static Object entry(BasicValue v, InsnList insns, Map<Uninitialized, LabelNode> labels) {
        Type t = v.getType();
        if (t == null) {
            return Opcodes.TOP;
        }
        if (v instanceof AnalyzeTypes.DoneValue) {
            // After the rewrite, the bare result.
            return OBJECT.getInternalName();
        }
        if (v instanceof AnalyzeTypes.Uninitialized u) {
            return labels.computeIfAbsent(new Uninitialized(u), k -> labelOf(u.newInsn, insns));
        }
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            case Type.OBJECT:
            case Type.ARRAY:
                return t.equals(BasicInterpreter.NULL_TYPE) ? Opcodes.NULL : t.getInternalName();
            default:
                throw new IllegalStateException("no stack map entry for " + v);
        }
    }

    /** Keys uninitialised values by their {@code NEW} instruction. */
    private record Uninitialized(AbstractInsnNode newInsn) {
        Uninitialized(AnalyzeTypes.Uninitialized u) {
            this(u.newInsn);
        }
    }

    /**
     * The label at the offset of {@code newInsn}, which a frame names an uninitialised value by.
     * Only {@link #compute} may add one: before the body is built, the method's own frames have
     * named every {@code NEW} they hold (and the later steps find the awaits by their index).
     */
    private static LabelNode labelOf(AbstractInsnNode newInsn, InsnList insns) {
        for (AbstractInsnNode p = newInsn.getPrevious(); p != null && p.getOpcode() < 0; p = p.getPrevious()) {
            if (p instanceof LabelNode l) {
                return l;
            }
        }
        if (insns == null) {
            throw new IllegalStateException("a stack map frame names a NEW without a label");
        }
        LabelNode l = new LabelNode();
        insns.insertBefore(newInsn, l);
        return l;
    }

    /**
     * The types where a suspension point resumes, and where its two paths (it suspended, it did
     * not) meet again: the body's parameters, the values the point saved (all a later
     * instruction may read), and on the stack the await's outcome if {@code withOutcome}. Known
     * from the plan, so the analysis of the body goes past each await once.
     *
     * @param frame the frame plan
     * @param saved what the point saves
     * @param withOutcome whether the stack holds the await's outcome
     * @return the frame
     */
    static FrameNode resumed(FramePlan frame, List<SavedValue> saved, boolean withOutcome) {
        int slots = frame.firstTemporary();
        for (SavedValue v : saved) {
            slots = Math.max(slots, v.slot() + size(v.descriptor()));
        }
        Object[] bySlot = new Object[slots];
        java.util.Arrays.fill(bySlot, Opcodes.TOP);
        bySlot[frame.slotFrame()] = Names.FRAME;
        bySlot[frame.slotValue()] = OBJECT.getInternalName();
        bySlot[frame.slotError()] = "java/lang/Throwable";
        bySlot[frame.slotTypedFrame()] = frame.frameClass();
        for (SavedValue v : saved) {
            bySlot[v.slot()] = entry(v.descriptor());
            if (size(v.descriptor()) == 2) {
                bySlot[v.slot() + 1] = null;
            }
        }
        List<Object> locals = new ArrayList<>();
        for (Object o : bySlot) {
            if (o != null) {
                locals.add(o);
            }
        }
        return newFrame(locals, withOutcome ? List.of(OBJECT.getInternalName()) : List.of());
    }

    private static int size(String descriptor) {
        return descriptor.equals("J") || descriptor.equals("D") ? 2 : 1;
    }

    private static Object entry(String descriptor) {
        switch (descriptor) {
            case "I":
                return Opcodes.INTEGER;
            case "F":
                return Opcodes.FLOAT;
            case "J":
                return Opcodes.LONG;
            case "D":
                return Opcodes.DOUBLE;
            case SavedValue.NULL:
                return Opcodes.NULL;
            default:
                return Type.getType(descriptor).getInternalName();
        }
    }

    /**
     * Gives the body the stack map frames the JVM wants (at every jump target, handler and
     * instruction after an unconditional jump), computed from the frames {@link #transplant} left
     * in it, and drops its dead code.
     *
     * @param target the method the body was made from
     * @param body the body, with transplanted frames
     * @param maxStack the method's own deepest stack
     * @throws IllegalStateException if the body does not verify: a bug of the rewrite
     */
    static void compute(MethodContext target, MethodNode body, int maxStack) {
        body.maxLocals = maxLocals(body);
        body.maxStack = maxStack + EXTRA_STACK;
        AnalyzeTypes.Result types;
        try {
            types = AnalyzeTypes.analyze(
                    target.owner().name, target.owner().superName, target.ownerIsInterface(), body);
        } catch (AnalyzerException e) {
            throw new IllegalStateException(
                    "the rewritten body of " + target.owner().name.replace('/', '.') + "." + target.method().name
                            + " does not verify (a bug of the transformer): " + e.getMessage(),
                    e);
        }
        InsnList insns = body.instructions;
        Map<AbstractInsnNode, Frame<BasicValue>> before = new IdentityHashMap<>();
        int i = 0;
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext(), i++) {
            before.put(insn, types.at(i));
        }
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode || insn.getOpcode() >= 0 && before.get(insn) == null) {
                insns.remove(insn);
            }
            insn = next;
        }
        dropEmptyHandlers(body);
        dropDebugInfoOfDeadCode(body);
        Set<LabelNode> targets = targets(body);
        Map<Uninitialized, LabelNode> labels = new HashMap<>();
        boolean needed = false;
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LabelNode l && targets.contains(l)) {
                needed = true;
            } else if (insn.getOpcode() >= 0) {
                if (needed) {
                    insns.insertBefore(insn, frame(before.get(insn), insns, labels));
                }
                needed = endsBlock(insn.getOpcode());
            }
        }
    }

    private static FrameNode frame(Frame<BasicValue> at, InsnList insns, Map<Uninitialized, LabelNode> labels) {
        List<Object> locals = new ArrayList<>();
        for (int s = 0; s < at.getLocals(); s++) {
            BasicValue v = at.getLocal(s);
            locals.add(entry(v, insns, labels));
            if (v.getSize() == 2) {
                s++;
            }
        }
        List<Object> stack = new ArrayList<>();
        for (int s = 0; s < at.getStackSize(); s++) {
            stack.add(entry(at.getStack(s), insns, labels));
        }
        return newFrame(locals, stack);
    }

    private static boolean endsBlock(int opcode) {
        return opcode == Opcodes.GOTO
                || opcode == Opcodes.ATHROW
                || opcode == Opcodes.TABLESWITCH
                || opcode == Opcodes.LOOKUPSWITCH
                || (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN);
    }

    private static Set<LabelNode> targets(MethodNode body) {
        Set<LabelNode> out = new HashSet<>();
        for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof JumpInsnNode j) {
                out.add(j.label);
            } else if (insn instanceof TableSwitchInsnNode t) {
                out.add(t.dflt);
                out.addAll(t.labels);
            } else if (insn instanceof LookupSwitchInsnNode l) {
                out.add(l.dflt);
                out.addAll(l.labels);
            }
        }
        for (TryCatchBlockNode t : body.tryCatchBlocks) {
            out.add(t.handler);
        }
        return out;
    }

    /** Handlers whose range lost every instruction to dead-code removal are dropped with it. */
    private static void dropEmptyHandlers(MethodNode body) {
        body.tryCatchBlocks.removeIf(t -> {
            for (AbstractInsnNode insn = t.start; insn != null && insn != t.end; insn = insn.getNext()) {
                if (insn.getOpcode() >= 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Line numbers and local variables that named only dead code would name an offset past the
     * code, which the JVM rejects ({@code ClassFormatError}).
     */
    private static void dropDebugInfoOfDeadCode(MethodNode body) {
        for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof LineNumberNode && !codeFollows(insn, null)) {
                body.instructions.remove(insn);
            }
            insn = next;
        }
        if (body.localVariables != null) {
            body.localVariables.removeIf(lv -> !codeFollows(lv.start, lv.end));
        }
        for (List<LocalVariableAnnotationNode> annotations :
                java.util.Arrays.asList(body.visibleLocalVariableAnnotations, body.invisibleLocalVariableAnnotations)) {
            if (annotations != null) {
                annotations.removeIf(a -> {
                    for (int k = 0; k < a.start.size(); k++) {
                        if (!codeFollows(a.start.get(k), a.end.get(k))) {
                            return true;
                        }
                    }
                    return false;
                });
            }
        }
    }

    /** Whether an instruction lies after {@code from}, before {@code to} (or the end of the code). */
    private static boolean codeFollows(AbstractInsnNode from, AbstractInsnNode to) {
        for (AbstractInsnNode insn = from; insn != null && insn != to; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int maxLocals(MethodNode body) {
        int max = 0;
        for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof VarInsnNode v) {
                int size = v.getOpcode() == Opcodes.LLOAD
                                || v.getOpcode() == Opcodes.DLOAD
                                || v.getOpcode() == Opcodes.LSTORE
                                || v.getOpcode() == Opcodes.DSTORE
                        ? 2
                        : 1;
                max = Math.max(max, v.var + size);
            } else if (insn instanceof IincInsnNode inc) {
                max = Math.max(max, inc.var + 1);
            } else if (insn instanceof FrameNode f && f.local != null) {
                int slots = 0;
                for (Object o : f.local) {
                    slots += o.equals(Opcodes.LONG) || o.equals(Opcodes.DOUBLE) ? 2 : 1;
                }
                max = Math.max(max, slots);
            }
        }
        return max;
    }
}
