package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;

/** The verifier {@link AnalyzeTypes} runs: its hierarchy from bytes, its merges, its marker values. */
class HierarchyVerifierTest {
    private final HierarchyVerifier verifier =
            new HierarchyVerifier("p/Owner", "java/lang/Object", false, Fixtures.resolver());

    private static BasicValue of(Class<?> c) {
        return new BasicValue(Type.getType(c));
    }

    @Test
    void twoUnrelatedTypesMergeToObjectNeverToAnInterfaceOfOne() throws Exception {
        BasicValue merged = verifier.merge(of(StringBuilder.class), of(ArrayList.class));
        assertEquals("Ljava/lang/Object;", merged.getType().getDescriptor());
        BasicValue common = verifier.merge(of(ArrayList.class), of(LinkedList.class));
        assertEquals("Ljava/util/AbstractList;", common.getType().getDescriptor());
    }

    @Test
    void anyReferencePassesWhereAnInterfaceIsExpectedAsOnTheJvm() {
        assertTrue(verifier.isSubTypeOf(of(Object.class), of(List.class)));
        assertTrue(verifier.isSubTypeOf(of(Object[].class), of(List[].class)), "also as an array's element");
        assertTrue(verifier.isSubTypeOf(of(int[][].class), of(Object[].class)));
        assertTrue(verifier.isSubTypeOf(of(ArrayList.class), of(Object.class)));
    }

    /** SimpleVerifier would load both classes to ask whether StringBuilder is an interface. */
    @Test
    void aReferenceThatDoesNotFitIsRejectedWithoutLoadingAClass() {
        assertFalse(verifier.isSubTypeOf(of(Object.class), of(StringBuilder.class)));
        assertFalse(verifier.isSubTypeOf(of(Object[].class), of(StringBuilder[].class)));
        assertFalse(verifier.isSubTypeOf(of(Object[].class), of(Object[][].class)));
        assertFalse(verifier.isSubTypeOf(of(String.class), of(int.class)));
    }

    @Test
    void newAndDoneMakeTheMarkerValues() throws Exception {
        TypeInsnNode newInsn = new TypeInsnNode(Opcodes.NEW, "java/lang/StringBuilder");
        assertInstanceOf(AnalyzeTypes.Uninitialized.class, verifier.newOperation(newInsn));
        MethodInsnNode done =
                new MethodInsnNode(Opcodes.INVOKESTATIC, Names.ASYNCIO, "done", Names.DONE_VOID_DESC, false);
        assertInstanceOf(AnalyzeTypes.DoneValue.class, verifier.naryOperation(done, List.of()));
    }

    @Test
    void itNeverLoadsAClass() {
        assertThrows(AssertionError.class, () -> verifier.getClass(Type.getType(String.class)));
    }
}
