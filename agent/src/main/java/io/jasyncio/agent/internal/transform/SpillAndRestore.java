package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SavedValue;
import io.jasyncio.agent.internal.model.SuspensionPlan;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Step 10, run by {@link BuildBody} for each suspension point: replaces the {@code await(x)} call
 * with the code that suspends and resumes there.
 *
 * <pre>
 *   [spill the stack under x into fresh locals]
 *   r = Intrinsics.await(x, $frame)
 *   if (r == SUSPENDED) { save live values in the frame; frame.label = k; return SUSPENDED; }
 *   goto cont
 * resume_k:                     ◀── the resume switch jumps here after restoring the values
 *   if ($error != null) throw $error;    (inside the same try blocks as the await)
 *   r = $value
 * cont:
 *   [reload the spilled stack] r
 * </pre>
 *
 * The throw sits where the await was, so the method's own handlers see an exception sent into
 * it, with its original type and stack. {@code await(x, X.class)} is the same await: the class,
 * there only to let javac accept a {@code catch} of a checked exception, is popped first.
 */
public final class SpillAndRestore {
    private SpillAndRestore() {}

    /**
     * The callee of an await that calls the callee's body directly: an {@code @Async} static
     * method of the same class, whose stub creates the awaited coroutine just before the await.
     *
     * @param owner internal name of the class holding the callee's body
     * @param body the body's name (its descriptor is {@link Names#BODY_DESC})
     * @param isInterface whether {@code owner} is an interface
     */
    public record DirectCallee(String owner, String body, boolean isInterface) {}

    /**
     * One suspension point to rewrite.
     *
     * @param await the await call to replace
     * @param plan what to save there
     * @param resume the label the resume switch jumps to for this point
     * @param direct the callee whose body the await calls directly, or null
     */
    public record Site(AbstractInsnNode await, SuspensionPlan plan, LabelNode resume, DirectCallee direct) {}

    /**
     * Rewrites one suspension point; with a {@linkplain Site#direct() direct} callee, the await
     * runs the callee's body through a static call instead of {@code Intrinsics.await}:
     *
     * <pre>
     *   callee = Intrinsics.enterInline(x, $frame)         // claim, link, depth; null: bounced
     *   if (callee == null) r = SUSPENDED
     *   else try { r = Intrinsics.leaveInline(Owner.body(callee, null, null), callee, $frame); }
     *        catch (Throwable t) { throw Intrinsics.failInline(t, callee); }
     * </pre>
     *
     * which is what {@code Intrinsics.await} does with a coroutine through {@code Frame.step}, whose
     * virtual {@code invoke} the JIT sees with every frame class and cannot inline.
     *
     * @param body the body being rewritten (body slot numbering); the direct call's handler goes
     *     first in its try-catch blocks
     * @param frame the frame plan
     * @param scratch a free local slot for a reference
     * @param site the point
     */
    public static void rewrite(MethodNode body, FramePlan frame, int scratch, Site site) {
        SuspensionPlan plan = site.plan();
        InsnList code = new InsnList();
        if (plan.point().kind() == SuspensionPoint.Kind.AWAITABLE_MAY_THROW) {
            // await(x, X.class): the class was only for javac.
            code.add(new InsnNode(Opcodes.POP));
        }
        List<SavedValue> spilled = plan.spilled();
        if (!spilled.isEmpty()) {
            code.add(new VarInsnNode(Opcodes.ASTORE, scratch));
            for (int i = spilled.size() - 1; i >= 0; i--) {
                code.add(new VarInsnNode(
                        type(spilled.get(i)).getOpcode(Opcodes.ISTORE),
                        spilled.get(i).slot()));
            }
            code.add(new VarInsnNode(Opcodes.ALOAD, scratch));
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frame.slotFrame()));
        if (site.direct() == null) {
            code.add(intrinsicFor(plan.point().kind(), site.await()));
        } else {
            inlineCall(code, body.tryCatchBlocks, scratch, site.direct(), frame);
        }
        LabelNode cont = new LabelNode();
        LabelNode noError = new LabelNode();
        code.add(new InsnNode(Opcodes.DUP));
        code.add(suspendedMarker());
        code.add(new JumpInsnNode(Opcodes.IF_ACMPNE, cont));
        code.add(new InsnNode(Opcodes.POP));
        // The frame is loaded once and duplicated for each store: a DUP is one byte, a load of
        // the frame's slot (above the method's locals) two.
        code.add(new VarInsnNode(Opcodes.ALOAD, frame.slotTypedFrame()));
        for (SavedValue v : plan.saved()) {
            if (v.field() == null) {
                continue;
            }
            code.add(new InsnNode(Opcodes.DUP));
            code.add(new VarInsnNode(type(v).getOpcode(Opcodes.ILOAD), v.slot()));
            code.add(new FieldInsnNode(Opcodes.PUTFIELD, frame.frameClass(), v.field(), v.fieldDescriptor()));
        }
        for (String f : plan.clearedFields()) {
            code.add(new InsnNode(Opcodes.DUP));
            code.add(new InsnNode(Opcodes.ACONST_NULL));
            code.add(new FieldInsnNode(Opcodes.PUTFIELD, frame.frameClass(), f, "Ljava/lang/Object;"));
        }
        code.add(new LdcInsnNode(plan.point().label()));
        code.add(new FieldInsnNode(Opcodes.PUTFIELD, frame.frameClass(), "label", "I"));
        code.add(suspendedMarker());
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(site.resume());
        code.add(StackMapFrames.resumed(frame, plan.saved(), false));
        code.add(new VarInsnNode(Opcodes.ALOAD, frame.slotError()));
        code.add(new JumpInsnNode(Opcodes.IFNULL, noError));
        code.add(new VarInsnNode(Opcodes.ALOAD, frame.slotError()));
        code.add(new InsnNode(Opcodes.ATHROW));
        code.add(noError);
        code.add(new VarInsnNode(Opcodes.ALOAD, frame.slotValue()));
        code.add(cont);
        code.add(StackMapFrames.resumed(frame, plan.saved(), true));
        if (!spilled.isEmpty()) {
            code.add(new VarInsnNode(Opcodes.ASTORE, scratch));
            for (SavedValue s : spilled) {
                code.add(new VarInsnNode(type(s).getOpcode(Opcodes.ILOAD), s.slot()));
            }
            code.add(new VarInsnNode(Opcodes.ALOAD, scratch));
        }
        body.instructions.insertBefore(site.await(), code);
        body.instructions.remove(site.await());
    }

    /**
     * Code that loads saved values back from the frame into their locals; used by the resume
     * switch. The frame is loaded once and duplicated for each value.
     *
     * @param values the values
     * @param frame the frame plan
     * @return the instructions
     */
    public static InsnList restore(List<SavedValue> values, FramePlan frame) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, frame.slotTypedFrame()));
        for (SavedValue v : values) {
            code.add(restore(v, frame.frameClass()));
        }
        code.add(new InsnNode(Opcodes.POP));
        return code;
    }

    /** Stack: the frame, kept. Loads one saved value back into its local. */
    private static InsnList restore(SavedValue v, String frameClass) {
        InsnList code = new InsnList();
        if (v.field() == null) {
            code.add(new InsnNode(Opcodes.ACONST_NULL));
        } else {
            code.add(new InsnNode(Opcodes.DUP));
            code.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, v.field(), v.fieldDescriptor()));
            if (v.isReference() && !v.descriptor().equals("Ljava/lang/Object;")) {
                code.add(new TypeInsnNode(
                        Opcodes.CHECKCAST, Type.getType(v.descriptor()).getInternalName()));
            }
        }
        code.add(new VarInsnNode(type(v).getOpcode(Opcodes.ISTORE), v.slot()));
        return code;
    }

    /** Stack: awaitable, frame; leaves the await's outcome (a value or SUSPENDED), as the intrinsic does. */
    private static void inlineCall(
            InsnList code, List<TryCatchBlockNode> handlers, int scratch, DirectCallee direct, FramePlan frame) {
        LabelNode run = new LabelNode();
        LabelNode tryStart = new LabelNode();
        LabelNode tryEnd = new LabelNode();
        LabelNode handler = new LabelNode();
        LabelNode join = new LabelNode();
        code.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC, Names.INTRINSICS, "enterInline", Names.INTRINSIC_ENTER_INLINE_DESC, false));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new JumpInsnNode(Opcodes.IFNONNULL, run));
        code.add(new InsnNode(Opcodes.POP));
        code.add(suspendedMarker());
        code.add(new JumpInsnNode(Opcodes.GOTO, join));
        code.add(run);
        code.add(new VarInsnNode(Opcodes.ASTORE, scratch));
        code.add(tryStart);
        code.add(new VarInsnNode(Opcodes.ALOAD, scratch));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC, direct.owner(), direct.body(), Names.BODY_DESC, direct.isInterface()));
        code.add(tryEnd);
        code.add(new VarInsnNode(Opcodes.ALOAD, scratch));
        code.add(new VarInsnNode(Opcodes.ALOAD, frame.slotFrame()));
        code.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC, Names.INTRINSICS, "leaveInline", Names.INTRINSIC_LEAVE_INLINE_DESC, false));
        code.add(new JumpInsnNode(Opcodes.GOTO, join));
        code.add(handler);
        code.add(new VarInsnNode(Opcodes.ALOAD, scratch));
        code.add(new MethodInsnNode(
                Opcodes.INVOKESTATIC, Names.INTRINSICS, "failInline", Names.INTRINSIC_FAIL_INLINE_DESC, false));
        code.add(new InsnNode(Opcodes.ATHROW));
        code.add(join);
        // First in the table, so that it is found before the user's handlers around the await.
        handlers.add(0, new TryCatchBlockNode(tryStart, tryEnd, handler, "java/lang/Throwable"));
    }

    /** The runtime entry point that replaces the user's call at a suspension point of this kind. */
    private static MethodInsnNode intrinsicFor(SuspensionPoint.Kind kind, AbstractInsnNode call) {
        if (kind == SuspensionPoint.Kind.YIELD_FROM
                && ((MethodInsnNode) call).desc.equals(Names.YIELD_FROM_ITERABLE_DESC)) {
            return new MethodInsnNode(
                    Opcodes.INVOKESTATIC,
                    Names.INTRINSICS,
                    "yieldFromIterable",
                    Names.INTRINSIC_YIELD_FROM_ITERABLE_DESC,
                    false);
        }
        return switch (kind) {
            case COMPLETION_STAGE ->
                new MethodInsnNode(
                        Opcodes.INVOKESTATIC, Names.INTRINSICS, "awaitStage", Names.INTRINSIC_AWAIT_STAGE_DESC, false);
            case YIELD_VALUE ->
                new MethodInsnNode(
                        Opcodes.INVOKESTATIC, Names.INTRINSICS, "yieldValue", Names.INTRINSIC_YIELD_VALUE_DESC, false);
            case YIELD_FROM ->
                new MethodInsnNode(
                        Opcodes.INVOKESTATIC, Names.INTRINSICS, "yieldFrom", Names.INTRINSIC_YIELD_FROM_DESC, false);
            case AWAITABLE, AWAITABLE_MAY_THROW, YIELD_FROM_AWAITABLE ->
                new MethodInsnNode(Opcodes.INVOKESTATIC, Names.INTRINSICS, "await", Names.INTRINSIC_AWAIT_DESC, false);
        };
    }

    static FieldInsnNode suspendedMarker() {
        return new FieldInsnNode(Opcodes.GETSTATIC, Names.FRAME, "SUSPENDED", "Ljava/lang/Object;");
    }

    private static Type type(SavedValue v) {
        return v.isReference() ? Type.getObjectType("java/lang/Object") : Type.getType(v.descriptor());
    }
}
