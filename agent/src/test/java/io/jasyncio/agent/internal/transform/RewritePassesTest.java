package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.ClassFileTypeResolver;
import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.util.Printer;

/** The passes that rewrite code, each on its own: what instructions they emit, and where. */
class RewritePassesTest {
    private static final TypeResolver RESOLVER =
            new ClassFileTypeResolver(ClassFileLocator.ForClassLoader.ofSystemLoader());

    private static ClassNode samples() {
        ClassNode cn = new ClassNode();
        new ClassReader(Fixtures.bytesOf(Samples.class)).accept(cn, ClassReader.SKIP_FRAMES);
        return cn;
    }

    private static MethodNode method(ClassNode cn, String name) {
        return cn.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    private static List<String> opcodes(InsnList insns) {
        List<String> out = new ArrayList<>();
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            if (i.getOpcode() >= 0) {
                out.add(Printer.OPCODES[i.getOpcode()]);
            }
        }
        return out;
    }

    /** Index of the n-th (1-based) occurrence of {@code op}. */
    private static int nth(List<String> ops, String op, int n) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).equals(op) && --n == 0) {
                return i;
            }
        }
        return -1;
    }

    private static FramePlan plan(ClassNode cn, MethodNode m) throws Exception {
        List<SuspensionPoint> points = FindSuspensionPoints.find(m);
        AnalyzeFrames.Result a = AnalyzeFrames.analyze(cn.name, cn.superName, false, m, RESOLVER);
        return PlanFrame.plan(cn.name, cn.sourceFile, "F", m, a, Liveness.liveIn(m, a), points);
    }

    @Test
    void relocateNewKeepsTheAllocationForClassInitAndRebuildsItBeforeTheConstructor() throws Exception {
        ClassNode cn = samples();
        MethodNode m = method(cn, "constructs");
        List<SuspensionPoint> points = FindSuspensionPoints.find(m);
        AnalyzeFrames.Result a = AnalyzeFrames.analyze(cn.name, cn.superName, false, m, RESOLVER);
        assertTrue(RelocateNew.relocate(cn.name, cn.sourceFile, m, a, points));
        List<String> ops = opcodes(m.instructions);
        int firstNew = ops.indexOf("NEW");
        assertEquals("POP", ops.get(firstNew + 1), "the original NEW is kept, its DUP becomes a POP: " + ops);
        int secondNew = ops.subList(firstNew + 1, ops.size()).indexOf("NEW") + firstNew + 1;
        int await = nth(ops, "INVOKESTATIC", 2);
        assertTrue(secondNew > await, "the fresh allocation comes after the await: " + ops);
        assertEquals(
                List.of("ASTORE", "NEW", "DUP", "ALOAD", "INVOKESPECIAL"), ops.subList(secondNew - 1, secondNew + 4));
        AnalyzeFrames.Result again = AnalyzeFrames.analyze(cn.name, cn.superName, false, m, RESOLVER);
        assertFalse(
                RelocateNew.relocate(cn.name, cn.sourceFile, m, again, FindSuspensionPoints.find(m)),
                "after relocation no uninitialised value is on the stack at the await");
    }

    @Test
    void relocateNewLeavesMethodsWithoutSuchAllocationsAlone() throws Exception {
        ClassNode cn = samples();
        MethodNode m = method(cn, "keepsTwo");
        AnalyzeFrames.Result a = AnalyzeFrames.analyze(cn.name, cn.superName, false, m, RESOLVER);
        List<String> before = opcodes(m.instructions);
        assertFalse(RelocateNew.relocate(cn.name, cn.sourceFile, m, a, FindSuspensionPoints.find(m)));
        assertEquals(before, opcodes(m.instructions));
    }

    @Test
    void spillAndRestoreReplacesTheAwaitWithSuspendAndResumeCode() throws Exception {
        ClassNode cn = samples();
        MethodNode m = method(cn, "stackUnderAwait");
        FramePlan plan = plan(cn, m);
        AbstractInsnNode await = m.instructions.get(plan.points().get(0).point().index());
        LabelNode resume = new LabelNode();
        SpillAndRestore.rewrite(m.instructions, await, plan.points().get(0), plan, 99, resume);
        List<String> ops = opcodes(m.instructions);
        List<MethodInsnNode> calls = new ArrayList<>();
        boolean suspendReturn = false;
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof MethodInsnNode) {
                calls.add((MethodInsnNode) i);
            }
            if (i.getOpcode() == Opcodes.ARETURN
                    && i.getPrevious() instanceof FieldInsnNode
                    && ((FieldInsnNode) i.getPrevious()).name.equals("SUSPENDED")) {
                suspendReturn = true;
            }
        }
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
    void emitResumeSwitchPutsOneCasePerLabelBeforeTheOriginalCode() throws Exception {
        ClassNode cn = samples();
        MethodNode m = method(cn, "keepsTwo");
        FramePlan plan = plan(cn, m);
        AbstractInsnNode originalFirst = m.instructions.getFirst();
        List<LabelNode> resumes = List.of(new LabelNode());
        m.instructions.add(resumes.get(0));
        EmitResumeSwitch.emit(m.instructions, plan, resumes);
        TableSwitchInsnNode sw = null;
        for (AbstractInsnNode i = m.instructions.getFirst(); i != originalFirst; i = i.getNext()) {
            if (i instanceof TableSwitchInsnNode) {
                sw = (TableSwitchInsnNode) i;
            }
        }
        assertTrue(sw != null, "the switch comes before the original first instruction");
        assertEquals(0, sw.min);
        assertEquals(1, sw.max);
        AbstractInsnNode first = m.instructions.getFirst();
        assertEquals(Opcodes.ALOAD, first.getOpcode());
        assertEquals(Opcodes.CHECKCAST, first.getNext().getOpcode());
        assertEquals("F", ((TypeInsnNode) first.getNext()).desc);
    }
}
