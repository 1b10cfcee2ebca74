package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.SuspensionPoint;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Step 3: the calls to {@code await(...)} and {@code Yield} in a method, each with its label and
 * source line; and, for {@link CheckKinds}, the methods that must be refused before any rewriting
 * (an await in a constructor or static initialiser, a method reference to {@code await}).
 */
public final class FindSuspensionPoints {
    private FindSuspensionPoints() {}

    /**
     * Lists the suspension points of {@code method}, in instruction order.
     *
     * @param method the method
     * @return the points; labels count from 1
     */
    public static List<SuspensionPoint> find(MethodNode method) {
        List<SuspensionPoint> points = new ArrayList<>();
        int line = -1;
        int index = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext(), index++) {
            if (insn instanceof LineNumberNode n) {
                line = n.line;
            } else if (insn.getOpcode() == Opcodes.INVOKESTATIC && insn instanceof MethodInsnNode m) {
                SuspensionPoint.Kind kind = null;
                if (Names.isAwait(m.owner, m.name, m.desc)) {
                    kind = m.desc.equals(Names.AWAIT_DESC)
                            ? SuspensionPoint.Kind.AWAITABLE
                            : m.desc.equals(Names.AWAIT_MAY_THROW_DESC)
                                    ? SuspensionPoint.Kind.AWAITABLE_MAY_THROW
                                    : SuspensionPoint.Kind.COMPLETION_STAGE;
                } else if (Names.isYieldValue(m.owner, m.name, m.desc)) {
                    kind = SuspensionPoint.Kind.YIELD_VALUE;
                } else if (Names.isYieldFrom(m.owner, m.name, m.desc)) {
                    kind = SuspensionPoint.Kind.YIELD_FROM;
                } else if (Names.isYieldFromAwaitable(m.owner, m.name, m.desc)) {
                    kind = SuspensionPoint.Kind.YIELD_FROM_AWAITABLE;
                }
                if (kind != null) {
                    String mayThrow = kind == SuspensionPoint.Kind.AWAITABLE_MAY_THROW ? classConstant(insn) : null;
                    points.add(new SuspensionPoint(index, points.size() + 1, line, kind, mayThrow));
                }
            }
        }
        return points;
    }

    /**
     * The class loaded by the instruction right before {@code call}, as javac compiles
     * {@code X.class}; null for any other argument.
     */
    private static String classConstant(AbstractInsnNode call) {
        AbstractInsnNode prev = call.getPrevious();
        while (prev != null && prev.getOpcode() < 0) {
            prev = prev.getPrevious();
        }
        return prev instanceof LdcInsnNode ldc && ldc.cst instanceof Type t && t.getSort() == Type.OBJECT
                ? t.getInternalName()
                : null;
    }

    /**
     * Refuses a method reference to {@code await} itself ({@code Asyncio::await}): calling it
     * through a functional interface is not a suspension point the transformer can see, so it
     * could only fail later, at run time, far from the cause.
     *
     * @param owner the class
     * @param method any method
     * @throws TransformException if the method creates such a reference
     */
    public static void refuseAwaitReferences(ClassNode owner, MethodNode method) {
        int line = -1;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode n) {
                line = n.line;
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                for (Object arg : indy.bsmArgs) {
                    if (arg instanceof Handle h && Names.isAwait(h.getOwner(), h.getName(), h.getDesc())) {
                        throw new TransformException(
                                owner.name,
                                method.name,
                                owner.sourceFile,
                                line,
                                "a method reference to await (Asyncio::await) cannot suspend the coroutine"
                                        + " that calls it; write the call await(x) where the value is needed");
                    }
                }
            }
        }
    }

    /**
     * Refuses awaits where no coroutine can exist: in constructors and static initialisers,
     * whose frames cannot be suspended. Awaits in other methods that are not {@code @Async}
     * are left alone: they fail at run time with a message saying how to fix them.
     *
     * @param owner the class
     * @param method a method that is not {@code @Async}
     * @throws TransformException if it is a constructor or initialiser that awaits
     */
    public static void refuseInInitializers(ClassNode owner, MethodNode method) {
        if (!method.name.startsWith("<")) {
            return;
        }
        List<SuspensionPoint> points = find(method);
        if (!points.isEmpty()) {
            String what = method.name.equals("<init>")
                    ? "a constructor (or the arguments of super(...)/this(...))"
                    : "a static initialiser";
            throw new TransformException(
                    owner.name,
                    method.name,
                    owner.sourceFile,
                    points.get(0).line(),
                    "await() inside " + what + " cannot suspend; move the await into an @Async method");
        }
    }
}
