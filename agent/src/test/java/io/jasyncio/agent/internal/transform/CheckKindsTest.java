package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Step 2 on methods made by hand: what each kind may not do, refused with class, method and the
 * line of the offending call. The refusals of compiled fixtures are in {@link RefusalsTest}.
 */
class CheckKindsTest {
    private static final String COROUTINE = "()" + Names.COROUTINE_DESC;
    private static final String GENERATOR = "()" + Names.GENERATOR_DESC;

    /** A class {@code p/C} from {@code C.java} at {@code version} holding {@code m}. */
    private static ClassNode owner(int version, MethodNode m) {
        ClassNode cn = new ClassNode();
        cn.version = version;
        cn.name = "p/C";
        cn.superName = "java/lang/Object";
        cn.sourceFile = "C.java";
        cn.methods.add(m);
        return cn;
    }

    /** {@code static T name() { line 7: owner.call(...); return null; }}, annotated with {@code annotation} if not null. */
    private static MethodNode method(
            String name, String desc, String annotation, String callOwner, String call, String callDesc) {
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, name, desc, null, null);
        if (annotation != null) {
            m.visitAnnotation(annotation, true).visitEnd();
        }
        m.visitCode();
        Label line = new Label();
        m.visitLabel(line);
        m.visitLineNumber(7, line);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, callOwner, call, callDesc, false);
        m.visitInsn(Opcodes.POP);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(1, 0);
        m.visitEnd();
        return m;
    }

    private static String refusal(ClassNode cn) {
        MethodNode m = cn.methods.get(0);
        return assertThrows(
                        TransformException.class,
                        () -> CheckKinds.check(
                                cn, m, ClassifyMethods.classify(cn).get(m)))
                .getMessage();
    }

    @Test
    void aCoroutineThatAwaitsPasses() {
        ClassNode cn =
                owner(Opcodes.V17, method("f", COROUTINE, Names.ASYNC_DESC, Names.ASYNCIO, "await", Names.AWAIT_DESC));
        MethodNode m = cn.methods.get(0);
        assertDoesNotThrow(
                () -> CheckKinds.check(cn, m, ClassifyMethods.classify(cn).get(m)));
    }

    @Test
    void aCoroutineThatYieldsIsRefusedAtTheYield() {
        String m = refusal(owner(
                Opcodes.V17, method("f", COROUTINE, Names.ASYNC_DESC, Names.YIELD, "value", Names.YIELD_VALUE_DESC)));
        assertEquals(
                "p.C.f(C.java:7): Yield in a coroutine: declare the @Async method to return"
                        + " io.jasyncio.AsyncGenerator<Y, S> for an async generator, or return a Generator from a"
                        + " method without @Async for a plain generator",
                m);
    }

    @Test
    void aGeneratorThatAwaitsIsRefused() {
        ClassNode cn = owner(Opcodes.V17, method("g", GENERATOR, null, Names.YIELD, "value", Names.YIELD_VALUE_DESC));
        MethodNode g = cn.methods.get(0);
        // A second call, an await, after the yield that makes it a generator.
        g.instructions.insertBefore(
                g.instructions.getLast(),
                new MethodInsnNode(Opcodes.INVOKESTATIC, Names.ASYNCIO, "await", Names.AWAIT_DESC, false));
        g.instructions.insertBefore(g.instructions.getLast(), new InsnNode(Opcodes.POP));
        g.instructions.insertBefore(g.instructions.getLast(), new InsnNode(Opcodes.ACONST_NULL));
        assertEquals(
                "p.C.g(C.java:7): await() in a generator: a plain generator cannot await; make it an @Async coroutine",
                refusal(cn));
    }

    @Test
    void yieldFromAnAwaitableOutsideAGeneratorCoroutineIsRefused() {
        String m = refusal(owner(
                Opcodes.V17,
                method("f", COROUTINE, Names.ASYNC_DESC, Names.YIELD, "from", Names.YIELD_FROM_AWAITABLE_DESC)));
        assertEquals(
                "p.C.f(C.java:7): Yield.from(awaitable) waits only in a @GeneratorCoroutine method; use await()", m);
    }

    @Test
    void anAsyncMethodReturningSomethingElseIsRefused() {
        String m = refusal(owner(
                Opcodes.V17,
                method("f", "()Ljava/lang/String;", Names.ASYNC_DESC, Names.ASYNCIO, "await", Names.AWAIT_DESC)));
        assertEquals(
                "p.C.f(C.java:7): an @Async method must be declared to return io.jasyncio.Coroutine<T> (or"
                        + " io.jasyncio.AsyncGenerator<Y, S> for an async generator), not java.lang.String",
                m);
    }

    @Test
    void aClassFileBeforeInvokedynamicIsRefused() {
        String m = refusal(owner(
                Opcodes.V1_6, method("f", COROUTINE, Names.ASYNC_DESC, Names.ASYNCIO, "await", Names.AWAIT_DESC)));
        assertEquals(
                "p.C.f(C.java:7): class file version 50 predates invokedynamic; compile with --release 8 or later", m);
    }

    @Test
    void aMethodThatIsNotRewrittenMayStillAwaitAndFailsOnlyAtRunTime() {
        ClassNode cn = owner(Opcodes.V17, method("f", COROUTINE, null, Names.ASYNCIO, "await", Names.AWAIT_DESC));
        MethodNode m = cn.methods.get(0);
        assertDoesNotThrow(() -> CheckKinds.check(cn, m, null));
    }
}
