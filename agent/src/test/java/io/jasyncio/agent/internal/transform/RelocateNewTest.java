package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.util.Printer;

/** Step 4b: an allocation that spans an await is rebuilt after it. */
class RelocateNewTest {

    static List<String> opcodes(InsnList insns) {
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

    @Test
    void relocateNewKeepsTheAllocationForClassInitAndRebuildsItBeforeTheConstructor() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "constructs");
        assertTrue(RelocateNew.relocate(target, Fixtures.types(target), FindSuspensionPoints.find(target.method())));
        List<String> ops = opcodes(target.method().instructions);
        int firstNew = ops.indexOf("NEW");
        assertEquals("POP", ops.get(firstNew + 1), "the original NEW is kept, its DUP becomes a POP: " + ops);
        int secondNew = ops.subList(firstNew + 1, ops.size()).indexOf("NEW") + firstNew + 1;
        int await = nth(ops, "INVOKESTATIC", 2);
        assertTrue(secondNew > await, "the fresh allocation comes after the await: " + ops);
        assertEquals(
                List.of("ASTORE", "NEW", "DUP", "ALOAD", "INVOKESPECIAL"), ops.subList(secondNew - 1, secondNew + 4));
        assertFalse(
                RelocateNew.relocate(target, Fixtures.types(target), FindSuspensionPoints.find(target.method())),
                "after relocation no uninitialised value is on the stack at the await");
    }

    @Test
    void relocateNewLeavesMethodsWithoutSuchAllocationsAlone() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "keepsTwo");
        List<String> before = opcodes(target.method().instructions);
        assertFalse(RelocateNew.relocate(target, Fixtures.types(target), FindSuspensionPoints.find(target.method())));
        assertEquals(before, opcodes(target.method().instructions));
    }
}
