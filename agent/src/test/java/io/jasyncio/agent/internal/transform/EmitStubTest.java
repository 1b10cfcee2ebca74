package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.transform.fixtures.Kinds;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Step 9: the stub that creates the frame. */
class EmitStubTest {

    private static MethodNode stubOf(Class<?> host, String method) {
        MethodContext target = Fixtures.context(Fixtures.classNode(host), method);
        AnalyzeTypes.Result types = Fixtures.types(target);
        FramePlan plan = PlanFrame.plan(
                target, types, Liveness.liveIn(target.method(), types), FindSuspensionPoints.find(target.method()));
        return EmitStub.emit(target, plan);
    }

    private static InvokeDynamicInsnNode indy(MethodNode stub) {
        for (var i = stub.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof InvokeDynamicInsnNode indy) {
                return indy;
            }
        }
        throw new AssertionError("no invokedynamic");
    }

    @Test
    void theStubKeepsTheMethodsSignatureAndOnlyCreatesTheFrame() {
        MethodNode stub = stubOf(Samples.class, "keepsTwo");
        assertEquals("keepsTwo", stub.name);
        assertEquals("(ILjava/lang/String;)Lio/jasyncio/Coroutine;", stub.desc);
        assertEquals(List.of("ILOAD", "ALOAD", "INVOKEDYNAMIC", "ARETURN"), RelocateNewTest.opcodes(stub.instructions));
        assertTrue(stub.visibleAnnotations.stream().anyMatch(a -> a.desc.equals(Names.ASYNC_DESC)));
        InvokeDynamicInsnNode indy = indy(stub);
        assertEquals("frame", indy.name);
        assertEquals("frameFactory", indy.bsm.getName());
        assertEquals(Names.ABI_VERSION, indy.bsmArgs[0]);
        assertEquals(Samples.class.getName() + "$keepsTwo$Frame", indy.bsmArgs[1]);
        assertEquals("keepsTwo", indy.bsmArgs[2], "the body, which a hidden host's frames call by handle");
    }

    /** A hidden class cannot resolve a descriptor that names it: the receiver is an Object there. */
    @Test
    void theFrameFactoryOfAnInstanceMethodTakesItsReceiverAsAnObject() {
        String desc = indy(stubOf(io.jasyncio.agent.internal.transform.fixtures.Kinds.class, "instance")).desc;
        assertEquals("(Ljava/lang/Object;)Lio/jasyncio/Coroutine;", desc);
    }

    @Test
    void aGeneratorBasedCoroutinesSiteTellsTheBootstrapToWarn() {
        assertEquals("oldStyleFrame", indy(stubOf(Kinds.class, "oldStyle")).name);
        assertEquals("frame", indy(stubOf(Kinds.class, "generator")).name);
    }

    @Test
    void chunksFitConstantPoolEntriesAndJoinBackToTheBytes() {
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        List<String> chunks = EmitStub.chunks(bytes);
        assertTrue(chunks.size() > 3, "needs several entries: " + chunks.size());
        StringBuilder joined = new StringBuilder();
        for (String c : chunks) {
            int modifiedUtf8 = 0;
            for (char ch : c.toCharArray()) {
                modifiedUtf8 += ch >= 1 && ch <= 0x7F ? 1 : 2;
            }
            assertTrue(modifiedUtf8 <= 65535, "a chunk of " + modifiedUtf8 + " bytes");
            joined.append(c);
        }
        assertArrayEquals(bytes, joined.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
