package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SavedValue;
import io.jasyncio.agent.internal.model.SuspensionPlan;
import io.jasyncio.agent.internal.transform.SpillAndRestore.DirectCallee;
import io.jasyncio.agent.internal.transform.SpillAndRestore.Site;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Step 12: the rewritten body, {@code static Object m(Frame, Object, Throwable)}, made from the
 * method's own instructions: its locals in their own slots (the body's parameters move above them
 * first thing, {@link FramePlan#slotFrame()}), {@code return done(v)} turned into {@code return v}, each reachable await
 * rewritten by {@link SpillAndRestore} and the resume switch put in front by
 * {@link EmitResumeSwitch}. Runs last: it takes the method's instructions over.
 */
final class BuildBody {
    private BuildBody() {}

    /**
     * Builds the body of one method.
     *
     * @param target the method; its instructions become the body's
     * @param plan its frame plan
     * @param direct for each suspension point, the callee its await calls directly, or null
     * @return the body
     */
    static MethodNode build(MethodContext target, FramePlan plan, List<DirectCallee> direct) {
        MethodNode m = target.method();
        List<AbstractInsnNode> awaits = new ArrayList<>();
        for (SuspensionPlan p : plan.points()) {
            awaits.add(m.instructions.get(p.point().index()));
        }
        MethodNode body = new MethodNode(
                Opcodes.ASM9,
                Opcodes.ACC_STATIC
                        | Opcodes.ACC_SYNTHETIC
                        | (target.ownerIsInterface() ? Opcodes.ACC_PUBLIC : 0)
                        | (m.access & Opcodes.ACC_STRICT),
                target.bodyName(),
                Names.BODY_DESC,
                null,
                null);
        body.instructions = m.instructions;
        body.tryCatchBlocks = m.tryCatchBlocks;
        body.localVariables = m.localVariables;
        body.visibleLocalVariableAnnotations = m.visibleLocalVariableAnnotations;
        body.invisibleLocalVariableAnnotations = m.invisibleLocalVariableAnnotations;
        body.visibleTypeAnnotations = null;
        body.maxLocals = plan.firstTemporary();
        replaceDone(body.instructions);
        int scratch = scratchSlot(body, plan);
        List<LabelNode> resumes = new ArrayList<>();
        for (int k = 0; k < awaits.size(); k++) {
            LabelNode resume = new LabelNode();
            resumes.add(resume);
            SuspensionPlan point = plan.points().get(k);
            if (point.reachable()) {
                SpillAndRestore.rewrite(body, plan, scratch, new Site(awaits.get(k), point, resume, direct.get(k)));
            }
        }
        EmitResumeSwitch.emit(body.instructions, plan, resumes);
        return body;
    }

    /** A slot for a reference above every local and every spilled stack value. */
    private static int scratchSlot(MethodNode body, FramePlan plan) {
        int scratch = body.maxLocals;
        for (SuspensionPlan p : plan.points()) {
            for (SavedValue s : p.spilled()) {
                scratch = Math.max(
                        scratch,
                        s.slot() + (s.descriptor().equals("J") || s.descriptor().equals("D") ? 2 : 1));
            }
        }
        return scratch;
    }

    /** {@code return done(v)} becomes {@code return v}: the body returns the bare result. */
    static void replaceDone(InsnList insns) {
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn.getOpcode() == Opcodes.INVOKESTATIC
                    && insn instanceof MethodInsnNode mi
                    && Names.isDone(mi.owner, mi.name, mi.desc)) {
                if (Names.isVoidDone(mi.desc)) {
                    insns.set(insn, new InsnNode(Opcodes.ACONST_NULL));
                } else {
                    insns.remove(insn);
                }
            }
            insn = next;
        }
    }
}
