package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.transform.fixtures.Kinds;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Step 12: the rewritten body. */
class BuildBodyTest {

    private static MethodNode bodyOf(Class<?> host, String method) {
        MethodContext target = Fixtures.context(Fixtures.classNode(host), method);
        AnalyzeTypes.Result types = Fixtures.types(target);
        FramePlan plan = PlanFrame.plan(
                target, types, Liveness.liveIn(target.method(), types), FindSuspensionPoints.find(target.method()));
        return BuildBody.build(target, plan, Collections.nCopies(plan.points().size(), null));
    }

    private static List<String> calls(MethodNode m) {
        List<String> out = new ArrayList<>();
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof MethodInsnNode call) {
                out.add(call.owner + "." + call.name);
            }
        }
        return out;
    }

    @Test
    void theBodyIsAStaticSyntheticMethodTakingTheFrameTheValueAndTheError() {
        MethodNode body = bodyOf(Samples.class, "keepsTwo");
        assertEquals("keepsTwo", body.name);
        assertEquals(Names.BODY_DESC, body.desc);
        assertEquals(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, body.access);
    }

    @Test
    void theAwaitAndDoneAreGoneAndTheSwitchComesFirst() {
        MethodNode body = bodyOf(Samples.class, "keepsTwo");
        List<String> calls = calls(body);
        assertFalse(calls.contains("io/jasyncio/Asyncio.await"), calls.toString());
        assertFalse(calls.contains("io/jasyncio/Asyncio.done"), calls.toString());
        assertTrue(calls.contains("io/jasyncio/abi/Intrinsics.await"), calls.toString());
        assertEquals(
                List.of(
                        "ALOAD",
                        "ASTORE",
                        "ALOAD",
                        "ASTORE",
                        "ALOAD",
                        "DUP",
                        "ASTORE",
                        "CHECKCAST",
                        "ASTORE",
                        "ALOAD",
                        "GETFIELD",
                        "TABLESWITCH"),
                RelocateNewTest.opcodes(body.instructions).subList(0, 12));
    }

    @Test
    void theMethodsLocalsKeepTheirSlotsSoTheirLoadsKeepTheirSize() {
        MethodNode body = bodyOf(Samples.class, "keepsTwo");
        List<String> locals = body.localVariables.stream()
                .filter(lv -> lv.name.equals("kept") || lv.name.equals("name"))
                .map(lv -> lv.name + "@" + lv.index)
                .toList();
        assertEquals(List.of("kept@0", "name@1"), locals);
    }

    @Test
    void aReturnWithoutValueReturnsNull() {
        MethodNode body = bodyOf(Kinds.class, "generator");
        assertFalse(calls(body).contains("io/jasyncio/Yield.done"), calls(body).toString());
        int areturn = RelocateNewTest.opcodes(body.instructions).lastIndexOf("ARETURN");
        assertEquals("ACONST_NULL", RelocateNewTest.opcodes(body.instructions).get(areturn - 1));
    }
}
