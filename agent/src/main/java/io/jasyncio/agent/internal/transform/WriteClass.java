package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.MethodPlan;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Step 13: the rewritten class file. Copies the original class through its {@link ClassReader}, so
 * that every method that is not rewritten, and everything else in the class, keeps its bytes;
 * drops the rewritten methods, adds each one's stub and body, and marks the class
 * {@code @Instrumented} so it is never rewritten twice. The methods that are copied keep their
 * stack map frames; the bodies bring theirs ({@link StackMapFrames}); only the maximum stack and
 * locals are computed here, so no class hierarchy is ever needed.
 */
final class WriteClass {
    private WriteClass() {}

    /**
     * One rewritten method: its plan, and the two methods that replace it.
     *
     * @param plan what the transformer decided
     * @param stub the method under its own name, which creates the frame
     * @param body the static method holding the rewritten body
     */
    record Rewritten(MethodPlan plan, MethodNode stub, MethodNode body) {}

    /**
     * Writes the class.
     *
     * @param reader the original class
     * @param cn the class as the steps saw it, for the refusal of a method grown too large
     * @param methods the rewritten methods, in class-file order
     * @param serialVersionUid the {@code serialVersionUID} to declare, or null
     * @return the class file
     * @throws TransformException if a rewritten method outgrows the JVM's limit on code size
     */
    static byte[] write(ClassReader reader, ClassNode cn, List<Rewritten> methods, Long serialVersionUid) {
        Set<String> replaced = new HashSet<>();
        for (Rewritten r : methods) {
            replaced.add(r.plan().name() + r.plan().descriptor());
        }
        ClassWriter cw = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                throw new IllegalStateException("the transformer never asks for a common superclass");
            }
        };
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, cw) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        if (replaced.contains(name + descriptor)) {
                            return null;
                        }
                        return super.visitMethod(access, name, descriptor, signature, exceptions);
                    }

                    @Override
                    public void visitEnd() {
                        visitAnnotation(Names.INSTRUMENTED_DESC, false).visitEnd();
                        if (serialVersionUid != null) {
                            // The original's default, which the added bodies would change.
                            visitField(
                                            Opcodes.ACC_PRIVATE
                                                    | Opcodes.ACC_STATIC
                                                    | Opcodes.ACC_FINAL
                                                    | Opcodes.ACC_SYNTHETIC,
                                            "serialVersionUID",
                                            "J",
                                            null,
                                            serialVersionUid)
                                    .visitEnd();
                        }
                        for (Rewritten r : methods) {
                            r.stub().accept(cv);
                            r.body().accept(cv);
                        }
                        super.visitEnd();
                    }
                },
                0);
        try {
            return cw.toByteArray();
        } catch (MethodTooLargeException e) {
            MethodNode original = cn.methods.stream()
                    .filter(m -> m.name.equals(e.getMethodName()))
                    .findFirst()
                    .orElse(null);
            throw new TransformException(
                    cn.name,
                    e.getMethodName(),
                    cn.sourceFile,
                    original == null ? -1 : Lines.first(original),
                    "the rewritten coroutine exceeds the JVM's 64 KiB limit on a method's code (" + e.getCodeSize()
                            + " bytes); split it into smaller @Async methods");
        }
    }
}
