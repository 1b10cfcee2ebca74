package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.MethodKind;
import io.jasyncio.agent.internal.transform.fixtures.Kinds;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Step 8: the frame class of one method. */
class GenerateFrameClassTest {

    private static ClassNode frameOf(Class<?> host, String method) {
        MethodContext target = Fixtures.context(Fixtures.classNode(host), method);
        AnalyzeTypes.Result types = Fixtures.types(target);
        FramePlan plan = PlanFrame.plan(
                target, types, Liveness.liveIn(target.method(), types), FindSuspensionPoints.find(target.method()));
        ClassNode frame = new ClassNode();
        new ClassReader(GenerateFrameClass.generate(target, plan)).accept(frame, 0);
        return frame;
    }

    private static MethodNode method(ClassNode cn, String name) {
        return cn.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theFrameHasALabelAndOneFieldPerPlannedSlot() {
        ClassNode frame = frameOf(Samples.class, "keepsTwo");
        assertEquals(Samples.class.getName().replace('.', '/') + "$keepsTwo$Frame", frame.name);
        assertEquals("io/jasyncio/abi/Frame", frame.superName);
        assertEquals(
                List.of("label:I", "I$0:I", "L$0:Ljava/lang/Object;"),
                frame.fields.stream().map(f -> f.name + ":" + f.desc).toList());
    }

    @Test
    void theConstructorTakesTheParametersAndInvokeCallsTheBody() {
        ClassNode frame = frameOf(Samples.class, "keepsTwo");
        assertEquals("(ILjava/lang/String;)V", method(frame, "<init>").desc);
        MethodInsnNode call = null;
        for (AbstractInsnNode i = method(frame, "invoke").instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof MethodInsnNode m) {
                call = m;
            }
        }
        assertEquals(
                Samples.class.getName().replace('.', '/') + ".keepsTwo" + Names.BODY_DESC,
                call.owner + "." + call.name + call.desc);
    }

    @Test
    void theFrameNamesItsMethodAndSourceFile() {
        ClassNode frame = frameOf(Samples.class, "keepsTwo");
        assertEquals("Samples.java", frame.sourceFile);
        assertTrue(constants(method(frame, "getName")).contains("Samples.keepsTwo"));
        assertTrue(constants(method(frame, "sourceFile")).contains("Samples.java"));
    }

    @Test
    void theSuperclassIsTheOneTheMethodsKindNames() {
        Map<String, String> supers = new TreeMap<>();
        for (String m : List.of("coroutine", "generator", "asyncGenerator", "oldStyle")) {
            supers.put(m, frameOf(Kinds.class, m).superName);
        }
        assertEquals(
                Map.of(
                        "coroutine", MethodKind.COROUTINE.frameSuperclass(),
                        "generator", "io/jasyncio/abi/GeneratorFrame",
                        "asyncGenerator", "io/jasyncio/abi/AsyncGeneratorFrame",
                        "oldStyle", "io/jasyncio/abi/Frame"),
                supers);
    }

    private static List<Object> constants(MethodNode m) {
        List<Object> out = new ArrayList<>();
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof LdcInsnNode ldc) {
                out.add(ldc.cst);
            }
        }
        return out;
    }
}
