package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.MethodKind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Step 1: which methods of a class are rewritten, and as what ({@link MethodKind}), from their
 * annotations, return types and calls alone; and the names of each one's frame class and body,
 * made unique in the class here, once, so that every later step (the direct awaits of
 * {@link ChooseDirectAwaits} among them) uses the same names.
 */
final class ClassifyMethods {
    private static final int NO_CODE = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE;

    private ClassifyMethods() {}

    /**
     * Classifies the methods of {@code cn}.
     *
     * @param cn the class
     * @return the methods to rewrite, in class-file order, each with its context
     */
    static Map<MethodNode, MethodContext> classify(ClassNode cn) {
        Map<MethodNode, MethodContext> out = new LinkedHashMap<>();
        Set<String> frameClasses = new HashSet<>();
        Set<String> bodies = new HashSet<>();
        for (MethodNode m : cn.methods) {
            MethodKind kind = kindOf(m);
            if (kind != null) {
                String frameClass = unique(cn.name + "$" + m.name + "$Frame", frameClasses);
                out.put(m, new MethodContext(cn, m, kind, frameClass, unique(m.name, bodies)));
            }
        }
        return out;
    }

    /**
     * What {@code m} is, or null for a method left as it is. A method without code is never
     * rewritten: javac copies {@code @Async} onto the bridge of a generic override, and the
     * bridge only delegates to the real coroutine method, which is rewritten.
     *
     * @param m the method
     * @return its kind, or null
     */
    static MethodKind kindOf(MethodNode m) {
        if ((m.access & NO_CODE) != 0) {
            return null;
        }
        if (returns(m, Names.GENERATOR_DESC) && usesYield(m)) {
            return MethodKind.GENERATOR;
        }
        boolean async = hasAnnotation(m, Names.ASYNC_DESC);
        if (async && returns(m, Names.ASYNC_GENERATOR_DESC)) {
            return MethodKind.ASYNC_GENERATOR;
        }
        if (hasAnnotation(m, Names.GENERATOR_COROUTINE_DESC)) {
            return MethodKind.GENERATOR_COROUTINE;
        }
        if (async) {
            return MethodKind.COROUTINE;
        }
        return isCoroutineLambda(m) ? MethodKind.COROUTINE_LAMBDA : null;
    }

    /**
     * A lambda body (javac's synthetic {@code lambda$...} method) returning a coroutine type and
     * calling {@code await} or {@code done} is a coroutine, as an {@code async} lambda would be.
     * One that merely returns another coroutine ({@code () -> work()}) is a plain function.
     */
    private static boolean isCoroutineLambda(MethodNode m) {
        if ((m.access & Opcodes.ACC_SYNTHETIC) == 0
                || !m.name.startsWith("lambda$")
                || !returns(m, Names.COROUTINE_DESC)) {
            return false;
        }
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.INVOKESTATIC
                    && insn instanceof MethodInsnNode mi
                    && (Names.isDone(mi.owner, mi.name, mi.desc) || Names.isAwait(mi.owner, mi.name, mi.desc))) {
                return true;
            }
        }
        return false;
    }

    /** Tells whether {@code m} calls {@code Yield}: a method returning a generator type is one only then. */
    static boolean usesYield(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.INVOKESTATIC
                    && insn instanceof MethodInsnNode mi
                    && mi.owner.equals(Names.YIELD)) {
                return true;
            }
        }
        return false;
    }

    static boolean returns(MethodNode m, String descriptor) {
        return Type.getReturnType(m.desc).getDescriptor().equals(descriptor);
    }

    static boolean hasAnnotation(MethodNode m, String desc) {
        for (List<AnnotationNode> annotations : Arrays.asList(m.visibleAnnotations, m.invisibleAnnotations)) {
            if (annotations != null) {
                for (AnnotationNode a : annotations) {
                    if (a.desc.equals(desc)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String unique(String base, Set<String> taken) {
        String name = base;
        for (int i = 1; !taken.add(name); i++) {
            name = base + "$" + i;
        }
        return name;
    }
}
