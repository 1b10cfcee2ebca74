package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** The interpreter {@link AnalyzeTypes} runs: no class hierarchy, its merges, its marker values. */
class TypesInterpreterTest {
    private final TypesInterpreter interpreter = new TypesInterpreter("p/Owner", "java/lang/Object", false);

    private static BasicValue of(Class<?> c) {
        return new BasicValue(Type.getType(c));
    }

    /** Where no stack map frame says, two classes merge to a value nothing may use: never a guess. */
    @Test
    void twoDifferentClassesMergeToNothingUsableNeverToAGuessedSuperclass() {
        assertNull(interpreter.merge(of(ArrayList.class), of(LinkedList.class)).getType());
        assertNull(interpreter.merge(of(StringBuilder.class), of(int.class)).getType());
        assertEquals(of(ArrayList.class), interpreter.merge(of(ArrayList.class), of(ArrayList.class)));
        assertEquals(of(Object.class), interpreter.merge(of(ArrayList.class), of(Object.class)));
        BasicValue nullValue = interpreter.newValue(Type.getObjectType("null"));
        assertEquals(of(ArrayList.class), interpreter.merge(nullValue, of(ArrayList.class)));
    }

    @Test
    void referencesPassWhereReferencesAreExpectedWithoutAskingHowClassesRelate() {
        assertTrue(interpreter.isSubTypeOf(of(Object.class), of(List.class)));
        assertTrue(interpreter.isSubTypeOf(of(Object[].class), of(List[].class)), "also as an array's element");
        assertTrue(interpreter.isSubTypeOf(of(int[][].class), of(Object[].class)));
        assertTrue(interpreter.isSubTypeOf(of(ArrayList.class), of(Object.class)));
    }

    @Test
    void whatCanBeCheckedWithoutOtherClassesIsRejected() {
        assertFalse(interpreter.isSubTypeOf(of(Object[].class), of(Object[][].class)));
        assertFalse(interpreter.isSubTypeOf(of(int[].class), of(Object[].class)));
        assertFalse(interpreter.isSubTypeOf(of(int[].class), of(long[].class)));
        assertFalse(interpreter.isSubTypeOf(of(String.class), of(int.class)));
        assertFalse(interpreter.isSubTypeOf(of(int.class), of(String.class)));
        assertFalse(interpreter.isSubTypeOf(of(String.class), of(String[].class)));
    }

    @Test
    void newAndDoneMakeTheMarkerValues() throws Exception {
        TypeInsnNode newInsn = new TypeInsnNode(Opcodes.NEW, "java/lang/StringBuilder");
        assertInstanceOf(AnalyzeTypes.Uninitialized.class, interpreter.newOperation(newInsn));
        MethodInsnNode done =
                new MethodInsnNode(Opcodes.INVOKESTATIC, Names.ASYNCIO, "done", Names.DONE_VOID_DESC, false);
        assertInstanceOf(AnalyzeTypes.DoneValue.class, interpreter.naryOperation(done, List.of()));
    }

    @Test
    void itNeverAsksAboutAnotherClass() {
        assertThrows(IllegalStateException.class, () -> interpreter.getClass(Type.getType(String.class)));
        assertThrows(IllegalStateException.class, () -> interpreter.isInterface(Type.getType(String.class)));
        assertThrows(IllegalStateException.class, () -> interpreter.getSuperClass(Type.getType(String.class)));
    }
}
