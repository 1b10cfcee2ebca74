package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.MethodKind;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import io.jasyncio.agent.internal.model.SuspensionPoint.Kind;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Step 2: refuses, before any analysis, what a method's kind forbids: a generator that awaits, a
 * coroutine that yields, an async generator that delegates or returns a value, a coroutine method
 * declared to return something else than a coroutine, and, in methods that are not rewritten,
 * awaits that could never suspend. Each refusal names class, method and line and says what to
 * write instead, in Python's words where Python has some.
 */
final class CheckKinds {
    private CheckKinds() {}

    /**
     * Checks one method of {@code cn}.
     *
     * @param cn the class
     * @param m any of its methods
     * @param target its context if it is to be rewritten, else null
     * @throws TransformException if the method cannot be what it is
     */
    static void check(ClassNode cn, MethodNode m, MethodContext target) {
        FindSuspensionPoints.refuseAwaitReferences(cn, m);
        if ((target == null || target.kind() != MethodKind.ASYNC_GENERATOR)
                && ClassifyMethods.returns(m, Names.ASYNC_GENERATOR_DESC)
                && ClassifyMethods.usesYield(m)
                && (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) == 0) {
            throw new TransformException(
                    cn.name,
                    m.name,
                    cn.sourceFile,
                    Lines.first(m),
                    "a method returning io.jasyncio.AsyncGenerator that uses Yield is an async generator: mark it"
                            + " @Async (as Python's 'async def'), or return io.jasyncio.Generator for a plain one");
        }
        if (target == null) {
            FindSuspensionPoints.refuseInInitializers(cn, m);
            return;
        }
        MethodKind kind = target.kind();
        if (kind != MethodKind.GENERATOR
                && kind != MethodKind.ASYNC_GENERATOR
                && !ClassifyMethods.returns(m, Names.COROUTINE_DESC)) {
            throw target.refuse(
                    Lines.first(m),
                    "an @Async method must be declared to return io.jasyncio.Coroutine<T> (or"
                            + " io.jasyncio.AsyncGenerator<Y, S> for an async generator), not "
                            + Type.getReturnType(m.desc).getClassName());
        }
        if (cn.version < Opcodes.V1_7) {
            throw target.refuse(
                    Lines.first(m),
                    "class file version " + cn.version + " predates invokedynamic; compile with --release 8 or later");
        }
        if (kind == MethodKind.ASYNC_GENERATOR) {
            checkAsyncGenerator(target);
        } else {
            checkSuspensions(target);
        }
    }

    /**
     * A generator cannot await or delegate to a coroutine, a coroutine cannot yield (an async
     * generator returns AsyncGenerator), and only a generator-based coroutine awaits with
     * Yield.from.
     */
    private static void checkSuspensions(MethodContext target) {
        boolean generator = target.kind() == MethodKind.GENERATOR;
        for (SuspensionPoint p : FindSuspensionPoints.find(target.method())) {
            if (p.kind() == Kind.YIELD_FROM_AWAITABLE && target.kind() != MethodKind.GENERATOR_COROUTINE) {
                throw target.refuse(
                        p.line(),
                        generator
                                ? "cannot 'yield from' a coroutine object in a non-coroutine generator; await it in an"
                                        + " @Async method"
                                : "Yield.from(awaitable) waits only in a @GeneratorCoroutine method; use await()");
            }
            boolean yields = p.kind() == Kind.YIELD_VALUE || p.kind() == Kind.YIELD_FROM;
            if (generator && !yields) {
                throw target.refuse(
                        p.line(),
                        "await() in a generator: a plain generator cannot await; make it an @Async coroutine");
            }
            if (!generator && yields) {
                throw target.refuse(
                        p.line(),
                        "Yield in a coroutine: declare the @Async method to return io.jasyncio.AsyncGenerator<Y, S>"
                                + " for an async generator, or return a Generator from a method without @Async for"
                                + " a plain generator");
            }
        }
    }

    /**
     * An async generator awaits and yields, but cannot delegate with {@code yield from} nor return
     * a value: both are syntax errors in Python, so they are refused here with Python's words.
     */
    private static void checkAsyncGenerator(MethodContext target) {
        MethodNode m = target.method();
        for (SuspensionPoint p : FindSuspensionPoints.find(m)) {
            if (p.kind() == Kind.YIELD_FROM || p.kind() == Kind.YIELD_FROM_AWAITABLE) {
                throw target.refuse(
                        p.line(),
                        "'yield from' inside async function: an async generator cannot delegate with Yield.from;"
                                + " loop over the other generator and Yield.value each item");
            }
        }
        int line = -1;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode n) {
                line = n.line;
            } else if (insn.getOpcode() == Opcodes.INVOKESTATIC
                    && insn instanceof MethodInsnNode mi
                    && Names.isDone(mi.owner, mi.name, mi.desc)
                    && !Names.isYieldEnd(mi.owner, mi.name, mi.desc)) {
                throw target.refuse(
                        line,
                        "'return' with value in async generator: an async generator returns nothing; end it with"
                                + " return Yield.end()");
            }
        }
    }
}
