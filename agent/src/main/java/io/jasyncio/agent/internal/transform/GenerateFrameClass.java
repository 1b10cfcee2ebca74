package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SavedValue;
import io.jasyncio.agent.internal.model.SuspensionPlan;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;

/**
 * Step 8: the frame class of one method, a final subclass of {@code io.jasyncio.abi.Frame} (or of
 * the generator frames), which holds the method's state while it is suspended:
 *
 * <pre>{@code
 * class Count$count$Frame extends Frame {
 *     int label;
 *     Object L$0; int I$0; ...                  // as the FramePlan says
 *     Count$count$Frame(<the method's parameters>) { store the live ones }
 *     protected Object invoke(Object v, Throwable e) { return Count.count(this, v, e); }
 *     public String getName() { return "Count.count"; }
 *     protected String sourceFile() { return "Count.java"; }
 *     protected int currentLine() { switch (label) { case 1: return 12; ... } }
 * }
 * }</pre>
 */
final class GenerateFrameClass {
    private GenerateFrameClass() {}

    /**
     * Generates the frame class of one method, extending the runtime class its kind names
     * ({@code Frame} for a coroutine, {@code GeneratorFrame} for a generator, ...).
     *
     * @param target the method
     * @param plan its frame plan
     * @return the class file
     */
    static byte[] generate(MethodContext target, FramePlan plan) {
        ClassNode host = target.owner();
        String superName = target.kind().frameSuperclass();
        String constructorDescriptor = Type.getMethodDescriptor(
                Type.VOID_TYPE, target.factoryParameters().toArray(new Type[0]));
        String simpleHost = host.name.substring(host.name.lastIndexOf('/') + 1).replace('$', '.');
        // The JVM's stack map frames, computed here without loading any class: no code below
        // merges two references, so ClassWriter never asks for a common superclass.
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(
                host.version,
                // Not final: a hidden host's frames are of a hidden subclass (Intrinsics.frameFactory).
                Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
                plan.frameClass(),
                null,
                superName,
                null);
        if (host.sourceFile != null) {
            cw.visitSource(host.sourceFile, null);
        }
        cw.visitField(0, "label", "I", null, null).visitEnd();
        for (String f : plan.fields()) {
            int colon = f.indexOf(':');
            cw.visitField(0, f.substring(0, colon), f.substring(colon + 1), null, null)
                    .visitEnd();
        }
        constructor(cw, plan, constructorDescriptor, superName);
        invoke(cw, host.name, target.ownerIsInterface(), target.bodyName());
        constant(cw, Opcodes.ACC_PUBLIC, "getName", simpleHost + "." + target.method().name);
        constant(cw, Opcodes.ACC_PROTECTED, "sourceFile", host.sourceFile);
        currentLine(cw, plan);
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void constructor(ClassWriter cw, FramePlan plan, String desc, String superName) {
        MethodVisitor mv = cw.visitMethod(0, "<init>", desc, null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
        for (SavedValue v : plan.entry()) {
            if (v.field() == null) {
                continue;
            }
            // Parameter slot n is constructor slot n + 1 (after the frame itself).
            int slot = v.slot() + 1;
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            Type t = v.isReference() ? Type.getObjectType("java/lang/Object") : Type.getType(v.descriptor());
            mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
            mv.visitFieldInsn(Opcodes.PUTFIELD, plan.frameClass(), v.field(), v.fieldDescriptor());
        }
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void invoke(ClassWriter cw, String host, boolean hostIsInterface, String bodyName) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PROTECTED, "invoke", Names.INVOKE_DESC, null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, host, bodyName, Names.BODY_DESC, hostIsInterface);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void constant(ClassWriter cw, int access, String name, String value) {
        MethodVisitor mv = cw.visitMethod(access, name, "()Ljava/lang/String;", null, null);
        mv.visitCode();
        if (value == null) {
            mv.visitInsn(Opcodes.ACONST_NULL);
        } else {
            mv.visitLdcInsn(value);
        }
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void currentLine(ClassWriter cw, FramePlan plan) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PROTECTED, "currentLine", "()I", null, null);
        mv.visitCode();
        List<SuspensionPlan> points = plan.points();
        if (points.isEmpty()) {
            mv.visitInsn(Opcodes.ICONST_M1);
            mv.visitInsn(Opcodes.IRETURN);
        } else {
            Label dflt = new Label();
            Label[] cases = new Label[points.size()];
            for (int i = 0; i < cases.length; i++) {
                cases[i] = new Label();
            }
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, plan.frameClass(), "label", "I");
            mv.visitTableSwitchInsn(1, points.size(), dflt, cases);
            for (int i = 0; i < cases.length; i++) {
                mv.visitLabel(cases[i]);
                mv.visitLdcInsn(points.get(i).point().line());
                mv.visitInsn(Opcodes.IRETURN);
            }
            mv.visitLabel(dflt);
            mv.visitInsn(Opcodes.ICONST_M1);
            mv.visitInsn(Opcodes.IRETURN);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
