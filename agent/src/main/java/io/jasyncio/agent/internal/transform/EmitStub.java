package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.MethodKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Step 9: the stub that replaces the method under its own name, signature and annotations. It
 * runs none of the body: it creates the frame from its arguments, through an
 * {@code invokedynamic} whose bootstrap ({@code Intrinsics.frameFactory}) defines the frame class
 * on first use from the bytes {@link GenerateFrameClass} made, carried as constant-pool strings.
 *
 * <pre>
 *   static Coroutine&lt;Integer&gt; f(int a, String s) { return invokedynamic frame(a, s); }
 * </pre>
 */
final class EmitStub {
    /** Constant-pool strings hold at most 65535 bytes of modified UTF-8. */
    private static final int CHUNK_LIMIT = 65535;

    private EmitStub() {}

    /**
     * Makes the stub of one method; reads the method's instructions, never changes them.
     *
     * @param target the method
     * @param plan its frame plan
     * @return the stub
     */
    static MethodNode emit(MethodContext target, FramePlan plan) {
        MethodNode m = target.method();
        MethodNode stub = new MethodNode(
                Opcodes.ASM9, m.access, m.name, m.desc, m.signature, m.exceptions.toArray(new String[0]));
        stub.visibleAnnotations = m.visibleAnnotations;
        stub.invisibleAnnotations = m.invisibleAnnotations;
        stub.visibleParameterAnnotations = m.visibleParameterAnnotations;
        stub.invisibleParameterAnnotations = m.invisibleParameterAnnotations;
        stub.visibleAnnotableParameterCount = m.visibleAnnotableParameterCount;
        stub.invisibleAnnotableParameterCount = m.invisibleAnnotableParameterCount;
        stub.parameters = m.parameters;
        stub.visibleTypeAnnotations = m.visibleTypeAnnotations;
        stub.invisibleTypeAnnotations = m.invisibleTypeAnnotations;
        stub.annotationDefault = m.annotationDefault;

        List<Type> params = target.frameParameters();
        List<Object> bsmArgs = new ArrayList<>();
        bsmArgs.add(Names.ABI_VERSION);
        bsmArgs.add(plan.frameClass().replace('/', '.'));
        bsmArgs.add(target.bodyName());
        bsmArgs.addAll(chunks(GenerateFrameClass.generate(target, plan)));

        LabelNode start = new LabelNode();
        stub.instructions.add(start);
        int line = Lines.first(m);
        if (line > 0) {
            stub.instructions.add(new LineNumberNode(line, start));
        }
        int slot = 0;
        for (Type t : params) {
            stub.instructions.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), slot));
            slot += t.getSize();
        }
        Handle bsm =
                new Handle(Opcodes.H_INVOKESTATIC, Names.INTRINSICS, "frameFactory", Names.FRAME_FACTORY_DESC, false);
        // The call site's name tells the bootstrap to log the deprecation of generator-based coroutines.
        String siteName = target.kind() == MethodKind.GENERATOR_COROUTINE ? "oldStyleFrame" : "frame";
        String factoryDesc = Type.getMethodDescriptor(
                Type.getReturnType(m.desc), target.factoryParameters().toArray(new Type[0]));
        stub.instructions.add(new InvokeDynamicInsnNode(siteName, factoryDesc, bsm, bsmArgs.toArray()));
        stub.instructions.add(new InsnNode(Opcodes.ARETURN));
        if (m.localVariables != null) {
            stub.localVariables = new ArrayList<>();
            LabelNode end = new LabelNode();
            stub.instructions.add(end);
            for (LocalVariableNode lv : m.localVariables) {
                if (lv.index < slot && lv.start == m.instructions.getFirst()) {
                    stub.localVariables.add(
                            new LocalVariableNode(lv.name, lv.desc, lv.signature, start, end, lv.index));
                }
            }
        }
        return stub;
    }

    /** Splits class bytes into ISO-8859-1 strings that each fit a constant-pool entry. */
    static List<String> chunks(byte[] bytes) {
        List<String> out = new ArrayList<>();
        int from = 0;
        int encoded = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            int size = b >= 1 && b <= 0x7F ? 1 : 2;
            if (encoded + size > CHUNK_LIMIT) {
                out.add(new String(bytes, from, i - from, StandardCharsets.ISO_8859_1));
                from = i;
                encoded = 0;
            }
            encoded += size;
        }
        out.add(new String(bytes, from, bytes.length - from, StandardCharsets.ISO_8859_1));
        return out;
    }
}
