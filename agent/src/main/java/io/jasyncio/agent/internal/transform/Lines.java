package io.jasyncio.agent.internal.transform;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/** Source lines of instructions, for the refusals' messages. */
final class Lines {
    private Lines() {}

    /** The first source line of {@code m}, or -1 when it has no line numbers. */
    static int first(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode n) {
                return n.line;
            }
        }
        return -1;
    }

    /** The source line of {@code target}: the last line number before it, or -1. */
    static int at(MethodNode m, AbstractInsnNode target) {
        int line = -1;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode n) {
                line = n.line;
            }
            if (insn == target) {
                return line;
            }
        }
        return line;
    }
}
