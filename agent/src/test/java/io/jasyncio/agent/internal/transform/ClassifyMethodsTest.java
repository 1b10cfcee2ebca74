package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jasyncio.agent.internal.model.MethodKind;
import io.jasyncio.agent.internal.transform.fixtures.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Step 1: which methods are rewritten, as what, and under which names. */
class ClassifyMethodsTest {
    private static final String KINDS = "io/jasyncio/agent/internal/transform/fixtures/Kinds";

    @Test
    void eachMethodGetsItsKindFromItsAnnotationsReturnTypeAndCalls() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        Map<String, MethodKind> kinds = new TreeMap<>();
        ClassifyMethods.classify(cn).values().forEach(c -> kinds.put(c.bodyName(), c.kind()));
        MethodNode awaitingLambda = cn.methods.stream()
                .filter(m -> m.name.startsWith("lambda$") && callsAwait(m))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Map.ofEntries(
                        Map.entry("coroutine", MethodKind.COROUTINE),
                        Map.entry("coroutine$1", MethodKind.COROUTINE),
                        Map.entry("declares", MethodKind.COROUTINE),
                        Map.entry("instance", MethodKind.COROUTINE),
                        Map.entry("get", MethodKind.COROUTINE),
                        Map.entry("generator", MethodKind.GENERATOR),
                        Map.entry("asyncGenerator", MethodKind.ASYNC_GENERATOR),
                        Map.entry("oldStyle", MethodKind.GENERATOR_COROUTINE),
                        Map.entry(awaitingLambda.name, MethodKind.COROUTINE_LAMBDA)),
                kinds);
    }

    @Test
    void methodsWithoutCodePlainMethodsAndLambdasThatOnlyReturnACoroutineAreLeftAlone() {
        Set<String> left = new TreeSet<>();
        for (MethodNode m : Fixtures.classNode(Kinds.class).methods) {
            if (ClassifyMethods.kindOf(m) == null) {
                left.add(
                        (m.access & Opcodes.ACC_BRIDGE) != 0
                                ? "bridge " + m.name
                                : m.name.startsWith("lambda$") ? "lambda without await" : m.name);
            }
        }
        assertEquals(Set.of("<init>", "lambdas", "bridge get", "plain", "lambda without await"), left);
    }

    @Test
    void overloadsGetUniqueFrameClassesAndBodiesNumberedInClassFileOrder() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        List<String> names = new ArrayList<>();
        for (MethodContext c : ClassifyMethods.classify(cn).values()) {
            if (c.method().name.equals("coroutine")) {
                names.add(c.method().desc + " " + c.frameClass() + " " + c.bodyName());
            }
        }
        assertEquals(
                List.of(
                        "()Lio/jasyncio/Coroutine; " + KINDS + "$coroutine$Frame coroutine",
                        "(I)Lio/jasyncio/Coroutine; " + KINDS + "$coroutine$Frame$1 coroutine$1"),
                names);
    }

    @Test
    void theContextsComeInClassFileOrder() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        List<MethodNode> inOrder = new ArrayList<>(cn.methods);
        inOrder.removeIf(m -> ClassifyMethods.kindOf(m) == null);
        assertEquals(
                inOrder,
                ClassifyMethods.classify(cn).values().stream()
                        .map(MethodContext::method)
                        .toList());
    }

    @Test
    void aMethodWithoutAsyncReturningACoroutineIsNotACoroutine() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        assertNull(ClassifyMethods.kindOf(Fixtures.method(cn, "plain")));
        assertNull(ClassifyMethods.kindOf(Fixtures.method(cn, "lambdas")));
    }

    private static boolean callsAwait(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode mi && mi.name.equals("await")) {
                return true;
            }
        }
        return false;
    }
}
