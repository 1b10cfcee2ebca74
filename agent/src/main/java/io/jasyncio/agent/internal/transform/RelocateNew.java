package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.SuspensionPoint;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Step 4b: makes {@code new Foo(a, await(x))} suspendable. An object whose constructor has not
 * run cannot be stored in a local or a field, so it cannot be saved across a suspension. For each
 * {@code new} whose uninitialised value is on the stack at an await, this step
 *
 * <ul>
 *   <li>turns the original {@code NEW Foo; DUP} into {@code NEW Foo; POP}: the allocation is dead
 *       (and removed by the JIT) but still triggers {@code Foo}'s class initialisation at the
 *       same moment as before, so initialisation order is unchanged;</li>
 *   <li>before each matching {@code INVOKESPECIAL Foo.<init>}, moves the already evaluated
 *       arguments to fresh locals, allocates {@code NEW Foo; DUP} there and reloads the
 *       arguments.</li>
 * </ul>
 *
 * The method is then analysed again, and no await sees an uninitialised value.
 */
final class RelocateNew {
    private RelocateNew() {}

    /**
     * Relocates the allocations that are live across awaits.
     *
     * @param target the method, modified in place
     * @param types the verifier types of the method as it is
     * @param points its suspension points
     * @return true if the method changed (and must be analysed again)
     * @throws TransformException for an allocation not in javac's {@code NEW; DUP} shape
     */
    static boolean relocate(MethodContext target, AnalyzeTypes.Result types, List<SuspensionPoint> points) {
        MethodNode method = target.method();
        Set<AnalyzeTypes.Uninitialized> live = new LinkedHashSet<>();
        for (SuspensionPoint p : points) {
            Frame<BasicValue> before = types.at(p.index());
            if (before == null) {
                continue;
            }
            for (int i = 0; i < before.getStackSize(); i++) {
                if (before.getStack(i) instanceof AnalyzeTypes.Uninitialized u) {
                    live.add(u);
                }
            }
        }
        if (live.isEmpty()) {
            return false;
        }
        Map<TypeInsnNode, Boolean> relocated = new IdentityHashMap<>();
        List<MethodInsnNode> inits = new ArrayList<>();
        List<TypeInsnNode> initNews = new ArrayList<>();
        List<Frame<BasicValue>> initTypes = new ArrayList<>();
        for (AnalyzeTypes.Uninitialized u : live) {
            relocated.put(u.newInsn, Boolean.TRUE);
        }
        int index = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext(), index++) {
            Frame<BasicValue> before = types.at(index);
            if (insn.getOpcode() != Opcodes.INVOKESPECIAL
                    || !(insn instanceof MethodInsnNode init)
                    || !init.name.equals("<init>")
                    || before == null) {
                continue;
            }
            int args = Type.getArgumentTypes(init.desc).length;
            if (before.getStack(before.getStackSize() - 1 - args) instanceof AnalyzeTypes.Uninitialized receiver
                    && relocated.containsKey(receiver.newInsn)) {
                inits.add(init);
                initNews.add(receiver.newInsn);
                initTypes.add(before);
            }
        }
        for (TypeInsnNode newInsn : relocated.keySet()) {
            AbstractInsnNode dup = nextReal(newInsn);
            if (dup == null || dup.getOpcode() != Opcodes.DUP) {
                throw target.refuse(
                        -1,
                        "await() inside the arguments of new " + newInsn.desc.replace('/', '.')
                                + "(...) compiled in a shape other than javac's NEW; DUP");
            }
            method.instructions.set(dup, new InsnNode(Opcodes.POP));
        }
        forgetRelocated(method, relocated);
        for (int k = 0; k < inits.size(); k++) {
            MethodInsnNode init = inits.get(k);
            Frame<BasicValue> f = initTypes.get(k);
            Type[] argTypes = Type.getArgumentTypes(init.desc);
            int[] slots = new int[argTypes.length];
            InsnList code = new InsnList();
            for (int i = argTypes.length - 1; i >= 0; i--) {
                slots[i] = method.maxLocals;
                method.maxLocals += argTypes[i].getSize();
                BasicValue v = f.getStack(f.getStackSize() - argTypes.length + i);
                code.add(new VarInsnNode(storageType(v).getOpcode(Opcodes.ISTORE), slots[i]));
            }
            code.add(new TypeInsnNode(Opcodes.NEW, initNews.get(k).desc));
            code.add(new InsnNode(Opcodes.DUP));
            for (int i = 0; i < argTypes.length; i++) {
                BasicValue v = f.getStack(f.getStackSize() - argTypes.length + i);
                code.add(new VarInsnNode(storageType(v).getOpcode(Opcodes.ILOAD), slots[i]));
            }
            method.instructions.insertBefore(init, code);
        }
        return true;
    }

    /**
     * The stack map frames between a relocated {@code NEW} and its constructor call named its
     * uninitialised value, which the stack no longer holds there.
     */
    private static void forgetRelocated(MethodNode method, Map<TypeInsnNode, Boolean> relocated) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof FrameNode f) {
                if (f.stack != null) {
                    f.stack.removeIf(o -> o instanceof LabelNode l && relocated.containsKey(nextReal(l)));
                }
                if (f.local != null) {
                    f.local.replaceAll(
                            o -> o instanceof LabelNode l && relocated.containsKey(nextReal(l)) ? Opcodes.TOP : o);
                }
            }
        }
    }

    private static Type storageType(BasicValue v) {
        Type t = v.getType();
        if (v instanceof AnalyzeTypes.Uninitialized) {
            throw new IllegalStateException("nested uninitialised argument");
        }
        return t.getSort() >= Type.ARRAY ? Type.getObjectType("java/lang/Object") : t;
    }

    private static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }
}
