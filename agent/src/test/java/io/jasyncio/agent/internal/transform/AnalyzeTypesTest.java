package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.transform.fixtures.Samples;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/** Step 4: the verifier's types at each instruction, and what it records besides. */
class AnalyzeTypesTest {

    @Test
    void theAwaitedValueIsOnTopOfTheStackAtTheAwait() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "stackUnderAwait");
        AnalyzeTypes.Result types = Fixtures.types(target);
        int await = FindSuspensionPoints.find(target.method()).get(0).index();
        Frame<BasicValue> before = types.at(await);
        assertEquals(2, before.getStackSize(), "the 40 under the awaitable");
        assertEquals("I", before.getStack(0).getType().getDescriptor());
        assertEquals(0, types.monitorsHeld(await));
    }

    @Test
    void anObjectWhoseConstructorHasNotRunIsMarkedUninitialised() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "constructs");
        AnalyzeTypes.Result types = Fixtures.types(target);
        Frame<BasicValue> before =
                types.at(FindSuspensionPoints.find(target.method()).get(0).index());
        assertInstanceOf(AnalyzeTypes.Uninitialized.class, before.getStack(0));
    }

    @Test
    void doneValuesAreMarkedAndEdgesRecorded() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "keepsTwo");
        AnalyzeTypes.Result types = Fixtures.types(target);
        boolean sawDoneReturn = false;
        for (int i = 0; i < target.method().instructions.size(); i++) {
            if (target.method().instructions.get(i).getOpcode() == Opcodes.ARETURN) {
                Frame<BasicValue> before = types.at(i);
                assertInstanceOf(AnalyzeTypes.DoneValue.class, before.getStack(before.getStackSize() - 1));
                sawDoneReturn = true;
            }
        }
        assertTrue(sawDoneReturn);
        assertEquals(types.types().length, types.successors().size());
        assertTrue(types.successors().get(0).contains(1) || types.at(0) == null);
    }

    @Test
    void unreachableInstructionsHaveNoTypes() {
        ClassNode cn = Fixtures.classNode(Samples.class);
        MethodContext target = Fixtures.context(cn, "keepsTwo");
        target.method().instructions.add(new InsnNode(Opcodes.NOP)); // after the last return
        AnalyzeTypes.Result types = Fixtures.types(target);
        assertNull(types.at(target.method().instructions.size() - 1));
    }

    @Test
    void bytecodeThatDoesNotVerifyIsRefusedWithClassMethodAndLine() {
        ClassNode cn = Fixtures.classNode(Samples.class);
        MethodContext target = Fixtures.context(cn, "keepsTwo");
        // An addition of floats on an empty stack, on the method's first line: ASM's analyser rejects it.
        int line = Lines.first(target.method());
        AbstractInsnNode first = target.method().instructions.getFirst();
        while (!(first instanceof LineNumberNode)) {
            first = first.getNext();
        }
        target.method().instructions.insert(first, new InsnNode(Opcodes.FADD));
        TransformException e = assertThrows(TransformException.class, () -> Fixtures.types(target));
        assertTrue(
                e.getMessage()
                        .startsWith("io.jasyncio.agent.internal.transform.fixtures.Samples.keepsTwo(Samples.java:"
                                + line + "): "),
                e.getMessage());
        assertTrue(e.getMessage().contains("the class file does not verify, so it is left as it is"), e.getMessage());
    }
}
