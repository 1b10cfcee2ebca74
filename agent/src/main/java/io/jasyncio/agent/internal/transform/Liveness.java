package io.jasyncio.agent.internal.transform;

import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Step 5: which local variables are live (may be read before they are written) at each
 * instruction: a backward dataflow over the edges {@link AnalyzeTypes} recorded, exception
 * edges included. Only live locals are saved at a suspension point, so a suspended coroutine
 * keeps neither dead values nor garbage alive.
 */
public final class Liveness {
    private Liveness() {}

    /**
     * Computes the live-in set of every instruction.
     *
     * @param method the method (original slot numbering)
     * @param types the verifier types and edges of the method
     * @return for each instruction, the local slots live on entry to it
     */
    public static BitSet[] liveIn(MethodNode method, AnalyzeTypes.Result types) {
        int n = method.instructions.size();
        BitSet[] use = new BitSet[n];
        BitSet[] def = new BitSet[n];
        BitSet[] in = new BitSet[n];
        for (int i = 0; i < n; i++) {
            use[i] = new BitSet();
            def[i] = new BitSet();
            in[i] = new BitSet();
            AbstractInsnNode insn = method.instructions.get(i);
            if (insn instanceof VarInsnNode v) {
                int op = insn.getOpcode();
                if (op >= Opcodes.ILOAD && op <= Opcodes.ALOAD || op == Opcodes.RET) {
                    use[i].set(v.var);
                } else {
                    def[i].set(v.var);
                }
            } else if (insn instanceof IincInsnNode inc) {
                use[i].set(inc.var);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                if (types.at(i) == null) {
                    continue;
                }
                BitSet out = new BitSet();
                for (int s : types.successors().get(i)) {
                    out.or(in[s]);
                }
                out.andNot(def[i]);
                out.or(use[i]);
                // An instruction that throws has not written its result: whatever a handler
                // reads is live before the instruction, whatever the instruction defines.
                for (int h : types.handlers().get(i)) {
                    out.or(in[h]);
                }
                if (!out.equals(in[i])) {
                    in[i] = out;
                    changed = true;
                }
            }
        }
        return in;
    }

    /**
     * The locals live after instruction {@code i}, whether it completes or throws.
     *
     * @param liveIn the result of {@link #liveIn}
     * @param types the verifier types and edges
     * @param i the instruction index
     * @return the union of the live-in sets of its successors and handlers
     */
    public static BitSet liveAfter(BitSet[] liveIn, AnalyzeTypes.Result types, int i) {
        BitSet out = new BitSet();
        for (List<Integer> edges :
                List.of(types.successors().get(i), types.handlers().get(i))) {
            for (int s : edges) {
                out.or(liveIn[s]);
            }
        }
        return out;
    }
}
