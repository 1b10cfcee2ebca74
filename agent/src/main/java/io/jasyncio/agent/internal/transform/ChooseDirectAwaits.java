package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.MethodKind;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import io.jasyncio.agent.internal.transform.SpillAndRestore.DirectCallee;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Step 7: which awaits run their callee's body through a direct static call
 * ({@link DirectCallee}) instead of {@code Intrinsics.await}: those whose awaited coroutine is
 * made, right before the await, by a static {@code @Async} method of the same class, whose stub
 * always returns its own plain frame. The JIT can then inline the callee (W3).
 */
final class ChooseDirectAwaits {
    private ChooseDirectAwaits() {}

    /**
     * The methods of a class that other methods of the class may await directly: static
     * {@code @Async} methods returning {@code Coroutine}.
     *
     * @param targets every method the class rewrites
     * @return the name of each one's body, keyed by the method's name and descriptor
     */
    static Map<String, String> bodies(Collection<MethodContext> targets) {
        Map<String, String> out = new HashMap<>();
        for (MethodContext t : targets) {
            if (t.isStatic()
                    && t.kind() == MethodKind.COROUTINE
                    && ClassifyMethods.returns(t.method(), Names.COROUTINE_DESC)) {
                out.put(t.method().name + t.method().desc, t.bodyName());
            }
        }
        return out;
    }

    /**
     * Chooses, for each suspension point of {@code target}, the callee its await calls directly.
     *
     * @param target the method being rewritten, before its body is
     * @param points its suspension points
     * @param bodies the result of {@link #bodies} for its class
     * @return one entry per point, in label order: the callee, or null for the general path
     */
    static List<DirectCallee> choose(MethodContext target, List<SuspensionPoint> points, Map<String, String> bodies) {
        MethodNode m = target.method();
        Set<LabelNode> jumpTargets = bodies.isEmpty() ? Set.of() : jumpTargets(m);
        List<DirectCallee> out = new ArrayList<>();
        for (SuspensionPoint p : points) {
            String body = bodies.isEmpty() || !p.kind().awaitsAwaitable()
                    ? null
                    : awaitedCall(target, m.instructions.get(p.index()), p, jumpTargets, bodies);
            out.add(body == null ? null : new DirectCallee(target.owner().name, body, target.ownerIsInterface()));
        }
        return out;
    }

    /**
     * The body of the direct callee whose stub call makes the awaited value right before the
     * await (before the class constant, in {@code await(x, X.class)}), with no jump target in
     * between (so no other path brings another awaitable there), or null.
     */
    private static String awaitedCall(
            MethodContext target,
            AbstractInsnNode await,
            SuspensionPoint p,
            Set<LabelNode> jumpTargets,
            Map<String, String> bodies) {
        AbstractInsnNode prev = realBefore(await, jumpTargets);
        if (prev != null && p.kind() == SuspensionPoint.Kind.AWAITABLE_MAY_THROW) {
            prev = p.mayThrow() == null ? null : realBefore(prev, jumpTargets);
        }
        if (prev != null
                && prev.getOpcode() == Opcodes.INVOKESTATIC
                && prev instanceof MethodInsnNode call
                && call.owner.equals(target.owner().name)) {
            return bodies.get(call.name + call.desc);
        }
        return null;
    }

    /** The instruction before {@code insn}, past labels and line numbers; null if a jump lands in between. */
    private static AbstractInsnNode realBefore(AbstractInsnNode insn, Set<LabelNode> jumpTargets) {
        AbstractInsnNode prev = insn.getPrevious();
        while (prev != null && prev.getOpcode() < 0) {
            if (jumpTargets.contains(prev)) {
                return null;
            }
            prev = prev.getPrevious();
        }
        return prev;
    }

    /** The labels some jump, switch or exception handler goes to. */
    private static Set<LabelNode> jumpTargets(MethodNode m) {
        Set<LabelNode> out = new HashSet<>();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof JumpInsnNode jump) {
                out.add(jump.label);
            } else if (insn instanceof TableSwitchInsnNode table) {
                out.add(table.dflt);
                out.addAll(table.labels);
            } else if (insn instanceof LookupSwitchInsnNode lookup) {
                out.add(lookup.dflt);
                out.addAll(lookup.labels);
            }
        }
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            out.add(t.handler);
        }
        return out;
    }
}
