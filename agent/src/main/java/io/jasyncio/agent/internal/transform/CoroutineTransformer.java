package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.MethodPlan;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import io.jasyncio.agent.internal.transform.SpillAndRestore.DirectCallee;
import io.jasyncio.agent.internal.transform.WriteClass.Rewritten;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The transformer: a pure, deterministic function from a class file to the rewritten class file
 * (or null when the class has no coroutine), made of named steps. Each step is one class with one
 * entry point; the steps of one method share a {@link MethodContext}.
 *
 * <ol start="0">
 *   <li>{@link ScanForAsync}: a constant-pool check; most classes stop here.</li>
 *   <li>{@link ClassifyMethods}: which methods are rewritten, their {@code MethodKind}, and the
 *       names of their frame classes and bodies.</li>
 *   <li>{@link CheckKinds}: refuses what a method's kind forbids.</li>
 * </ol>
 *
 * Then, for each method to rewrite:
 *
 * <ol start="3">
 *   <li>{@link FindSuspensionPoints}: its awaits and yields.</li>
 *   <li>{@link AnalyzeTypes}: the verifier's types at each instruction, without loading classes;
 *       (4b) {@link RelocateNew} moves {@code new X(...)} allocations that span an await, and
 *       steps 3 and 4 run again.</li>
 *   <li>{@link Liveness}: the locals live at each instruction.</li>
 *   <li>{@link PlanFrame}: what each suspension point saves, and the frame's fields.</li>
 *   <li>{@link ChooseDirectAwaits}: the awaits that call their callee's body directly.</li>
 *   <li>{@link GenerateFrameClass}: the frame class, which (9) {@link EmitStub} embeds in the stub
 *       that replaces the method.</li>
 *   <li>(10 to 12) {@link BuildBody}: the body, each await rewritten by {@link SpillAndRestore},
 *       the resume switch by {@link EmitResumeSwitch}.</li>
 * </ol>
 *
 * and last (13) {@link WriteClass} writes the class. Each {@code @Async} method {@code m} becomes
 * two: {@code m} itself, which now only creates its frame, and a static
 * {@code m(Frame, Object, Throwable)} holding the rewritten body under the same name, so stack
 * traces still say {@code Count.count(Count.java:12)}. Methods that are not coroutines are copied
 * byte for byte.
 */
public final class CoroutineTransformer {
    private final TypeResolver resolver;

    /**
     * Creates a transformer.
     *
     * @param resolver where the supertypes of a class are read, from bytes, when its own bytes
     *     cannot tell whether it is {@code Serializable} ({@link SerialVersion}); nothing else
     *     needs another class
     */
    public CoroutineTransformer(TypeResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * A rewritten class, with the plans that produced it.
     *
     * @param bytes the rewritten class file
     * @param methods the plan of each rewritten method
     */
    public record Result(byte[] bytes, List<MethodPlan> methods) {}

    /**
     * What the steps computed for one rewritten method, as the transformer used it; handed to an
     * {@link Observer} after {@link PlanFrame} and before the body is rewritten.
     *
     * @param owner the class being rewritten
     * @param method the method as the steps saw it (after {@link RelocateNew}); its instructions
     *     become the rewritten body as soon as the observer returns, so read them there
     * @param types the verifier types and control-flow edges of {@code method}, indexed like its
     *     instructions
     * @param points the suspension points, in label order
     * @param plan the method's plan: its kind, its body's name, its frame
     * @param localShift how many slots the body's own parameters add before the method's locals:
     *     local {@code n} of {@code method} is slot {@code n + localShift} of the body
     */
    public record Trace(
            ClassNode owner,
            MethodNode method,
            AnalyzeTypes.Result types,
            List<SuspensionPoint> points,
            MethodPlan plan,
            int localShift) {}

    /** Sees what the steps computed for each method (for {@code explain}); never changes the output. */
    @FunctionalInterface
    public interface Observer {
        /**
         * Called once per rewritten method, in class-file order.
         *
         * @param trace what the steps computed
         */
        void planned(Trace trace);
    }

    /**
     * Rewrites a class.
     *
     * @param classFile the class file
     * @return the rewritten class file, or null if the class needs no rewriting
     * @throws TransformException if a coroutine cannot be rewritten; the message names class,
     *     method and line
     */
    public byte[] transform(byte[] classFile) {
        Result r = analyze(classFile, null);
        return r == null ? null : r.bytes();
    }

    /**
     * Rewrites a class and returns the plans as well (for {@code explain}).
     *
     * @param classFile the class file
     * @return the result, or null if the class needs no rewriting
     * @throws TransformException if a coroutine cannot be rewritten
     */
    public Result analyze(byte[] classFile) {
        return analyze(classFile, null);
    }

    /**
     * Rewrites a class, showing each method's analysis and plan to {@code observer}. The bytes
     * are the same as {@link #transform}'s: the observer only reads.
     *
     * @param classFile the class file
     * @param observer sees each method's steps, or null
     * @return the result, or null if the class needs no rewriting
     * @throws TransformException if a coroutine cannot be rewritten
     */
    public Result analyze(byte[] classFile, Observer observer) {
        if (!ScanForAsync.needsTransform(classFile)) {
            return null;
        }
        ClassReader reader = new ClassReader(classFile);
        ClassNode cn = new ClassNode();
        // The stack map frames, expanded: the compiler's types where paths merge, which the steps
        // start from instead of asking how classes relate (StackMapFrames).
        reader.accept(cn, ClassReader.EXPAND_FRAMES);
        Map<MethodNode, MethodContext> targets = ClassifyMethods.classify(cn);
        Map<String, String> directBodies = ChooseDirectAwaits.bodies(targets.values());
        List<Rewritten> rewritten = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            MethodContext target = targets.get(m);
            CheckKinds.check(cn, m, target);
            if (target != null) {
                rewritten.add(rewrite(target, directBodies, observer));
            }
        }
        if (rewritten.isEmpty()) {
            return null;
        }
        List<MethodPlan> plans = rewritten.stream().map(Rewritten::plan).toList();
        Long serialVersionUid = SerialVersion.toAdd(cn, resolver);
        return new Result(WriteClass.write(reader, cn, rewritten, serialVersionUid), plans);
    }

    /** Steps 3 to 12 for one method. */
    private Rewritten rewrite(MethodContext target, Map<String, String> directBodies, Observer observer) {
        MethodNode m = target.method();
        List<SuspensionPoint> points = FindSuspensionPoints.find(m);
        AnalyzeTypes.Result types = AnalyzeTypes.of(target);
        if (RelocateNew.relocate(target, types, points)) {
            points = FindSuspensionPoints.find(m);
            types = AnalyzeTypes.of(target);
        }
        BitSet[] liveIn = Liveness.liveIn(m, types);
        FramePlan frame = PlanFrame.plan(target, types, liveIn, points);
        MethodPlan plan = target.plan(frame);
        if (observer != null) {
            observer.planned(new Trace(target.owner(), m, types, points, plan, 0));
        }
        List<DirectCallee> direct = ChooseDirectAwaits.choose(target, points, directBodies);
        MethodNode stub = EmitStub.emit(target, frame);
        int maxStack = m.maxStack;
        StackMapFrames.transplant(target, types, liveIn);
        MethodNode body = BuildBody.build(target, frame, direct);
        StackMapFrames.compute(target, body, maxStack);
        return new Rewritten(plan, stub, body);
    }
}
