package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/** Step 11: the label switch in front of the body. */
class EmitResumeSwitchTest {

    @Test
    void emitResumeSwitchPutsOneCasePerLabelBeforeTheOriginalCode() {
        MethodNode m =
                Fixtures.context(Fixtures.classNode(Samples.class), "keepsTwo").method();
        FramePlan plan = PlanFrameTest.plan("keepsTwo");
        AbstractInsnNode originalFirst = m.instructions.getFirst();
        List<LabelNode> resumes = List.of(new LabelNode());
        m.instructions.add(resumes.get(0));
        EmitResumeSwitch.emit(m.instructions, plan, resumes);
        TableSwitchInsnNode sw = null;
        for (AbstractInsnNode i = m.instructions.getFirst(); i != originalFirst; i = i.getNext()) {
            if (i instanceof TableSwitchInsnNode t) {
                sw = t;
            }
        }
        assertNotNull(sw, "the switch comes before the original first instruction");
        assertEquals(0, sw.min);
        assertEquals(1, sw.max);
        AbstractInsnNode first = m.instructions.getFirst();
        assertEquals(Opcodes.ALOAD, first.getOpcode());
        assertEquals(2, ((VarInsnNode) first).var, "the parameters move above the method's locals, last first");
        AbstractInsnNode cast = first;
        while (cast.getOpcode() != Opcodes.CHECKCAST) {
            cast = cast.getNext();
        }
        assertEquals(Opcodes.CHECKCAST, cast.getOpcode());
        assertEquals(plan.frameClass(), ((TypeInsnNode) cast).desc);
    }
}
