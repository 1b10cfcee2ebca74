package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SuspensionPlan;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Step 11, run by {@link BuildBody}: the entry of the rewritten body, which restores the values saved at the current label
 * and jumps to where the method left off.
 *
 * <pre>
 *   frame = (Count$count$Frame) $f
 *   switch (frame.label) {
 *     case 0: restore parameters;        goto start
 *     case k: restore values saved at k; goto resume_k
 *   }
 * start:
 *   ...original code...
 * </pre>
 *
 * The restore code sits before every original instruction, outside all exception-handler
 * ranges, so no handler ever sees a half-restored frame.
 */
public final class EmitResumeSwitch {
    private EmitResumeSwitch() {}

    /**
     * Prepends the resume switch to {@code body}.
     *
     * @param body the body's instructions
     * @param frame the frame plan
     * @param resumeLabels one label per suspension point, in label order
     */
    public static void emit(InsnList body, FramePlan frame, List<LabelNode> resumeLabels) {
        InsnList code = new InsnList();
        // The body's parameters move above the method's locals, which keep their slots: their
        // loads and stores (one byte for slots 0 to 3) keep their size. Last parameter first:
        // with fewer than three locals, a parameter's new slot is an earlier one's old slot.
        code.add(new VarInsnNode(Opcodes.ALOAD, 2));
        code.add(new VarInsnNode(Opcodes.ASTORE, frame.slotError()));
        code.add(new VarInsnNode(Opcodes.ALOAD, 1));
        code.add(new VarInsnNode(Opcodes.ASTORE, frame.slotValue()));
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new VarInsnNode(Opcodes.ASTORE, frame.slotFrame()));
        code.add(new TypeInsnNode(Opcodes.CHECKCAST, frame.frameClass()));
        code.add(new VarInsnNode(Opcodes.ASTORE, frame.slotTypedFrame()));
        LabelNode start = new LabelNode();
        LabelNode bad = new LabelNode();
        LabelNode[] cases = new LabelNode[resumeLabels.size() + 1];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new LabelNode();
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frame.slotTypedFrame()));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, frame.frameClass(), "label", "I"));
        for (int k = 0; k < resumeLabels.size(); k++) {
            if (!frame.points().get(k).reachable()) {
                // javac left this await in dead code; nothing ever suspends there.
                cases[k + 1] = bad;
            }
        }
        code.add(new TableSwitchInsnNode(0, cases.length - 1, bad, cases));
        code.add(cases[0]);
        code.add(SpillAndRestore.restore(frame.entry(), frame));
        code.add(new JumpInsnNode(Opcodes.GOTO, start));
        for (int k = 0; k < resumeLabels.size(); k++) {
            SuspensionPlan p = frame.points().get(k);
            if (!p.reachable()) {
                continue;
            }
            code.add(cases[k + 1]);
            code.add(SpillAndRestore.restore(p.saved(), frame));
            code.add(new JumpInsnNode(Opcodes.GOTO, resumeLabels.get(k)));
        }
        code.add(bad);
        code.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new LdcInsnNode("corrupt coroutine frame: no such label"));
        code.add(new MethodInsnNode(
                Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false));
        code.add(new InsnNode(Opcodes.ATHROW));
        code.add(start);
        body.insert(code);
    }
}
