package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.transform.SpillAndRestore.DirectCallee;
import io.jasyncio.agent.internal.transform.SpillAndRestore.Site;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Step 10: one await becomes suspend-and-resume code. */
class SpillAndRestoreTest {

    private static List<MethodInsnNode> calls(MethodNode m) {
        List<MethodInsnNode> calls = new ArrayList<>();
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof MethodInsnNode call) {
                calls.add(call);
            }
        }
        return calls;
    }

    @Test
    void spillAndRestoreReplacesTheAwaitWithSuspendAndResumeCode() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "stackUnderAwait");
        FramePlan plan = PlanFrameTest.plan("stackUnderAwait");
        MethodNode m = target.method();
        AbstractInsnNode await = m.instructions.get(plan.points().get(0).point().index());
        LabelNode resume = new LabelNode();
        SpillAndRestore.rewrite(m, plan, 99, new Site(await, plan.points().get(0), resume, null));
        List<String> ops = RelocateNewTest.opcodes(m.instructions);
        boolean suspendReturn = false;
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i.getOpcode() == Opcodes.ARETURN
                    && i.getPrevious() instanceof FieldInsnNode f
                    && f.name.equals("SUSPENDED")) {
                suspendReturn = true;
            }
        }
        List<MethodInsnNode> calls = calls(m);
        assertTrue(
                calls.stream().noneMatch(c -> c.owner.equals("io/jasyncio/Asyncio") && c.name.equals("await")),
                "the user's await call is gone");
        assertTrue(
                calls.stream().anyMatch(c -> c.owner.equals("io/jasyncio/abi/Intrinsics") && c.name.equals("await")));
        assertTrue(suspendReturn, "a suspension returns SUSPENDED");
        assertTrue(m.instructions.indexOf(resume) > 0, "the resume label is placed at the await");
        // The int 40 under the await is spilled before the call (ISTORE) and reloaded after it (ILOAD).
        // The Intrinsics.await call is the one the SUSPENDED test (DUP, GETSTATIC, IF_ACMPNE) follows.
        int call = ops.indexOf("DUP") - 1;
        assertEquals("INVOKESTATIC", ops.get(call));
        assertTrue(ops.subList(0, call).contains("ISTORE"), ops.toString());
        assertTrue(ops.subList(call, ops.size()).contains("ILOAD"), ops.toString());
    }

    @Test
    void aDirectAwaitCallsTheCalleesBodyInsideItsOwnHandlerPutFirst() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "keepsTwo");
        FramePlan plan = PlanFrameTest.plan("keepsTwo");
        MethodNode m = target.method();
        AbstractInsnNode await = m.instructions.get(plan.points().get(0).point().index());
        int handlersBefore = m.tryCatchBlocks.size();
        DirectCallee callee = new DirectCallee("p/Owner", "callee", false);
        SpillAndRestore.rewrite(m, plan, 99, new Site(await, plan.points().get(0), new LabelNode(), callee));
        List<String> called = calls(m).stream().map(c -> c.owner + "." + c.name).toList();
        assertTrue(called.contains("io/jasyncio/abi/Intrinsics.enterInline"), called.toString());
        assertTrue(called.contains("p/Owner.callee"), called.toString());
        assertTrue(called.contains("io/jasyncio/abi/Intrinsics.leaveInline"), called.toString());
        assertTrue(called.contains("io/jasyncio/abi/Intrinsics.failInline"), called.toString());
        assertFalse(called.contains("io/jasyncio/abi/Intrinsics.await"), called.toString());
        assertEquals(handlersBefore + 1, m.tryCatchBlocks.size());
        assertEquals("java/lang/Throwable", m.tryCatchBlocks.get(0).type);
    }

    @Test
    void anAwaitThatDeclaresAnExceptionDropsTheClassAndAwaitsAsUsual() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "declares");
        FramePlan plan = PlanFrameTest.plan("declares");
        MethodNode m = target.method();
        AbstractInsnNode await = m.instructions.get(plan.points().get(0).point().index());
        AbstractInsnNode ldc = await.getPrevious();
        SpillAndRestore.rewrite(m, plan, 99, new Site(await, plan.points().get(0), new LabelNode(), null));
        assertEquals(Opcodes.POP, ldc.getNext().getOpcode(), "the class is popped right after it is loaded");
        List<String> called =
                calls(m).stream().map(c -> c.owner + "." + c.name + c.desc).toList();
        assertFalse(called.stream().anyMatch(c -> c.startsWith("io/jasyncio/Asyncio.await")), called.toString());
        assertTrue(called.contains("io/jasyncio/abi/Intrinsics.await" + Names.INTRINSIC_AWAIT_DESC), called.toString());
    }
}
