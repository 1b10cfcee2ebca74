package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.MethodPlan;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * The transformer: a pure function from a class file to the rewritten class file (or null when
 * the class has no coroutine), running the passes in order:
 *
 * <ol start="0">
 *   <li>{@link ScanForAsync}: a constant-pool check; most classes stop here.</li>
 *   <li>{@link FindSuspensionPoints}: the await calls of each {@code @Async} method;
 *       {@link RelocateNew} then moves {@code new X(...)} allocations that span an await.</li>
 *   <li>{@link AnalyzeFrames}: the verifier's types at each instruction, without loading
 *       classes.</li>
 *   <li>{@link Liveness}: the locals live at each instruction.</li>
 *   <li>{@link PlanFrame}: what each suspension point saves, and the frame's fields.</li>
 *   <li>{@link SpillAndRestore}: each await becomes suspend-and-resume code.</li>
 *   <li>{@link EmitResumeSwitch}: the label switch at the body's entry.</li>
 *   <li>{@link GenerateFrameClass}: the frame class, embedded in the host's constant pool.</li>
 * </ol>
 *
 * Each {@code @Async} method {@code m} becomes two: {@code m} itself, which now only creates its
 * frame (through an {@code invokedynamic} that defines the frame class on first use), and a
 * static {@code m(Frame, Object, Throwable)} holding the rewritten body under the same name, so
 * stack traces still say {@code Count.count(Count.java:12)}. Methods that are not coroutines
 * are copied byte for byte.
 */
public final class CoroutineTransformer {
    /** Constant-pool strings hold at most 65535 bytes of modified UTF-8. */
    private static final int CHUNK_LIMIT = 65535;

    private final TypeResolver resolver;

    /**
     * Creates a transformer.
     *
     * @param resolver where class-hierarchy questions are answered, from bytes
     */
    public CoroutineTransformer(TypeResolver resolver) {
        this.resolver = resolver;
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
        Result r = analyze(classFile);
        return r == null ? null : r.bytes();
    }

    /**
     * A rewritten class, with the plans that produced it.
     *
     * @param bytes the rewritten class file
     * @param methods the plan of each rewritten method
     */
    public record Result(byte[] bytes, List<MethodPlan> methods) {}

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
     * What the passes computed for one coroutine method, as the transformer used it; handed to an
     * {@link Observer} after {@link PlanFrame} and before the body is rewritten.
     *
     * @param owner the class being rewritten
     * @param method the method as the passes saw it (after {@link RelocateNew}); its instructions
     *     become the rewritten body as soon as the observer returns, so read them there
     * @param analysis the verifier frames and control-flow edges of {@code method}, indexed like
     *     its instructions
     * @param points the suspension points, in label order
     * @param plan the frame plan
     * @param bodyName the name of the static method that holds the rewritten body
     * @param frameSuperName internal name of the frame class's superclass
     * @param localShift how many slots the body's own parameters add before the method's locals:
     *     local {@code n} of {@code method} is slot {@code n + localShift} of the body
     */
    public record Trace(
            ClassNode owner,
            MethodNode method,
            AnalyzeFrames.Result analysis,
            List<SuspensionPoint> points,
            FramePlan plan,
            String bodyName,
            String frameSuperName,
            int localShift) {}

    /** Sees what the passes computed for each method (for {@code explain}); never changes the output. */
    @FunctionalInterface
    public interface Observer {
        /**
         * Called once per rewritten method, in class-file order.
         *
         * @param trace what the passes computed
         */
        void planned(Trace trace);
    }

    /**
     * Rewrites a class, showing each method's analysis and plan to {@code observer}. The bytes
     * are the same as {@link #transform}'s: the observer only reads.
     *
     * @param classFile the class file
     * @param observer sees each method's passes, or null
     * @return the result, or null if the class needs no rewriting
     * @throws TransformException if a coroutine cannot be rewritten
     */
    public Result analyze(byte[] classFile, Observer observer) {
        if (!ScanForAsync.needsTransform(classFile)) {
            return null;
        }
        ClassReader reader = new ClassReader(classFile);
        ClassNode cn = new ClassNode();
        reader.accept(cn, ClassReader.SKIP_FRAMES);
        boolean isInterface = (cn.access & Opcodes.ACC_INTERFACE) != 0;
        Map<String, MethodNode[]> rewritten = new LinkedHashMap<>();
        List<MethodPlan> plans = new ArrayList<>();
        List<MethodNode> emitted = new ArrayList<>();
        Set<String> frameNames = new HashSet<>();
        Set<String> bodyNames = new HashSet<>();
        Map<String, String> directBodies = directCallees(cn);
        for (MethodNode m : cn.methods) {
            FindSuspensionPoints.refuseAwaitReferences(cn, m);
            boolean generator = isGenerator(m);
            boolean asyncGenerator = isAsyncGenerator(m);
            if (!asyncGenerator
                    && returns(m, Names.ASYNC_GENERATOR_DESC)
                    && usesYield(m)
                    && (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) == 0) {
                throw new TransformException(
                        cn.name,
                        m.name,
                        cn.sourceFile,
                        firstLine(m),
                        "a method returning io.jasyncio.AsyncGenerator that uses Yield is an async generator: mark it"
                                + " @Async (as Python's 'async def'), or return io.jasyncio.Generator for a plain one");
            }
            if (!isAsync(m) && !isCoroutineLambda(m) && !generator) {
                FindSuspensionPoints.refuseInInitializers(cn, m);
                continue;
            }
            if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0) {
                // javac copies @Async onto the bridge of a generic override; the bridge only
                // delegates to the real coroutine method, which is rewritten.
                continue;
            }
            if (!generator && !asyncGenerator && !returns(m, Names.COROUTINE_DESC)) {
                throw new TransformException(
                        cn.name,
                        m.name,
                        cn.sourceFile,
                        firstLine(m),
                        "an @Async method must be declared to return io.jasyncio.Coroutine<T> (or"
                                + " io.jasyncio.AsyncGenerator<Y, S> for an async generator), not "
                                + Type.getReturnType(m.desc).getClassName());
            }
            if (cn.version < Opcodes.V1_7) {
                throw new TransformException(
                        cn.name,
                        m.name,
                        cn.sourceFile,
                        firstLine(m),
                        "class file version " + cn.version
                                + " predates invokedynamic; compile with --release 8 or later");
            }
            String frameClass = unique(cn.name + "$" + m.name + "$Frame", frameNames);
            String bodyName = unique(m.name, bodyNames);
            if (asyncGenerator) {
                checkAsyncGenerator(cn, m);
            } else {
                checkKinds(cn, m, generator);
            }
            plans.add(rewrite(
                    cn,
                    isInterface,
                    m,
                    frameClass,
                    bodyName,
                    emitted,
                    generator ? Names.GENERATOR_FRAME : asyncGenerator ? Names.ASYNC_GENERATOR_FRAME : Names.FRAME,
                    observer,
                    directBodies));
        }
        for (MethodPlan plan : plans) {
            rewritten.put(plan.name() + plan.descriptor(), null);
        }
        if (plans.isEmpty()) {
            return null;
        }
        ClassWriter cw = new HierarchyClassWriter(reader, ClassWriter.COMPUTE_FRAMES, resolver);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, cw) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        if (rewritten.containsKey(name + descriptor)) {
                            return null;
                        }
                        return super.visitMethod(access, name, descriptor, signature, exceptions);
                    }

                    @Override
                    public void visitEnd() {
                        visitAnnotation(Names.INSTRUMENTED_DESC, false).visitEnd();
                        for (MethodNode m : emitted) {
                            m.accept(cv);
                        }
                        super.visitEnd();
                    }
                },
                0);
        try {
            return new Result(cw.toByteArray(), plans);
        } catch (org.objectweb.asm.MethodTooLargeException e) {
            MethodNode original = cn.methods.stream()
                    .filter(m -> m.name.equals(e.getMethodName()))
                    .findFirst()
                    .orElse(null);
            throw new TransformException(
                    cn.name,
                    e.getMethodName(),
                    cn.sourceFile,
                    original == null ? -1 : firstLine(original),
                    "the rewritten coroutine exceeds the JVM's 64 KiB limit on a method's code (" + e.getCodeSize()
                            + " bytes); split it into smaller @Async methods");
        }
    }

    /**
     * A generator cannot await or delegate to a coroutine, an @Async method returning Coroutine
     * cannot yield (an async generator returns AsyncGenerator), and only a generator-based
     * coroutine awaits with Yield.from.
     */
    private static void checkKinds(ClassNode cn, MethodNode m, boolean generator) {
        boolean oldStyle = hasAnnotation(m, Names.GENERATOR_COROUTINE_DESC);
        for (SuspensionPoint p : FindSuspensionPoints.find(m)) {
            if (p.kind() == SuspensionPoint.Kind.YIELD_FROM_AWAITABLE && !oldStyle) {
                throw new TransformException(
                        cn.name,
                        m.name,
                        cn.sourceFile,
                        p.line(),
                        generator
                                ? "cannot 'yield from' a coroutine object in a non-coroutine generator; await it in an"
                                        + " @Async method"
                                : "Yield.from(awaitable) waits only in a @GeneratorCoroutine method; use await()");
            }
            boolean yields =
                    p.kind() == SuspensionPoint.Kind.YIELD_VALUE || p.kind() == SuspensionPoint.Kind.YIELD_FROM;
            if (generator && !yields) {
                throw new TransformException(
                        cn.name,
                        m.name,
                        cn.sourceFile,
                        p.line(),
                        "await() in a generator: a plain generator cannot await; make it an @Async coroutine");
            }
            if (!generator && yields) {
                throw new TransformException(
                        cn.name,
                        m.name,
                        cn.sourceFile,
                        p.line(),
                        "Yield in a coroutine: declare the @Async method to return io.jasyncio.AsyncGenerator<Y, S>"
                                + " for an async generator, or return a Generator from a method without @Async for"
                                + " a plain generator");
            }
        }
    }

    /**
     * An async generator awaits and yields, but cannot delegate with {@code yield from} nor return
     * a value: both are syntax errors in Python, so they are refused here with Python's words.
     */
    private static void checkAsyncGenerator(ClassNode cn, MethodNode m) {
        for (SuspensionPoint p : FindSuspensionPoints.find(m)) {
            if (p.kind() == SuspensionPoint.Kind.YIELD_FROM || p.kind() == SuspensionPoint.Kind.YIELD_FROM_AWAITABLE) {
                throw new TransformException(
                        cn.name,
                        m.name,
                        cn.sourceFile,
                        p.line(),
                        "'yield from' inside async function: an async generator cannot delegate with Yield.from;"
                                + " loop over the other generator and Yield.value each item");
            }
        }
        int line = -1;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode) {
                line = ((LineNumberNode) insn).line;
            } else if (insn.getOpcode() == Opcodes.INVOKESTATIC) {
                MethodInsnNode mi = (MethodInsnNode) insn;
                if (Names.isDone(mi.owner, mi.name, mi.desc) && !Names.isYieldEnd(mi.owner, mi.name, mi.desc)) {
                    throw new TransformException(
                            cn.name,
                            m.name,
                            cn.sourceFile,
                            line,
                            "'return' with value in async generator: an async generator returns nothing; end it with"
                                    + " return Yield.end()");
                }
            }
        }
    }

    /**
     * The coroutine methods of {@code cn} whose awaits other methods of {@code cn} may run through
     * a direct call of their body ({@link SpillAndRestore.DirectCallee}): static {@code @Async}
     * methods returning {@code Coroutine}, whose stub always returns their own plain frame. Keyed
     * by name and descriptor; the value is the body's name, which {@link #analyze} gives in the
     * same order with the same uniquifying.
     */
    private static Map<String, String> directCallees(ClassNode cn) {
        Map<String, String> out = new HashMap<>();
        Set<String> bodyNames = new HashSet<>();
        for (MethodNode m : cn.methods) {
            boolean rewritten = (isAsync(m) || isCoroutineLambda(m) || isGenerator(m))
                    && (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) == 0;
            if (!rewritten) {
                continue;
            }
            String bodyName = unique(m.name, bodyNames);
            if ((m.access & Opcodes.ACC_STATIC) != 0
                    && hasAnnotation(m, Names.ASYNC_DESC)
                    && !hasAnnotation(m, Names.GENERATOR_COROUTINE_DESC)
                    && returns(m, Names.COROUTINE_DESC)) {
                out.put(m.name + m.desc, bodyName);
            }
        }
        return out;
    }

    /**
     * The callee an await may call directly: the await is a plain {@code await(x)} and {@code x}
     * is the value of a call of a direct callee's stub right before it, with no jump target in
     * between (so no other path brings another awaitable there).
     */
    private static SpillAndRestore.DirectCallee directCallee(
            ClassNode cn,
            boolean isInterface,
            SuspensionPoint point,
            AbstractInsnNode awaitInsn,
            Map<String, String> directBodies,
            Set<LabelNode> jumpTargets) {
        if (point.kind() != SuspensionPoint.Kind.AWAITABLE || directBodies.isEmpty()) {
            return null;
        }
        AbstractInsnNode prev = awaitInsn.getPrevious();
        while (prev != null && prev.getOpcode() < 0) {
            if (jumpTargets.contains(prev)) {
                return null;
            }
            prev = prev.getPrevious();
        }
        if (prev == null || prev.getOpcode() != Opcodes.INVOKESTATIC) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) prev;
        String body = call.owner.equals(cn.name) ? directBodies.get(call.name + call.desc) : null;
        return body == null ? null : new SpillAndRestore.DirectCallee(cn.name, body, isInterface);
    }

    /** The labels some jump, switch or exception handler goes to. */
    private static Set<LabelNode> jumpTargets(MethodNode m) {
        Set<LabelNode> out = new HashSet<>();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof JumpInsnNode) {
                out.add(((JumpInsnNode) insn).label);
            } else if (insn instanceof org.objectweb.asm.tree.TableSwitchInsnNode) {
                out.add(((org.objectweb.asm.tree.TableSwitchInsnNode) insn).dflt);
                out.addAll(((org.objectweb.asm.tree.TableSwitchInsnNode) insn).labels);
            } else if (insn instanceof org.objectweb.asm.tree.LookupSwitchInsnNode) {
                out.add(((org.objectweb.asm.tree.LookupSwitchInsnNode) insn).dflt);
                out.addAll(((org.objectweb.asm.tree.LookupSwitchInsnNode) insn).labels);
            }
        }
        for (org.objectweb.asm.tree.TryCatchBlockNode t : m.tryCatchBlocks) {
            out.add(t.handler);
        }
        return out;
    }

    private MethodPlan rewrite(
            ClassNode cn,
            boolean isInterface,
            MethodNode m,
            String frameClass,
            String bodyName,
            List<MethodNode> emitted,
            String frameSuperName,
            Observer observer,
            Map<String, String> directBodies) {
        List<SuspensionPoint> points = FindSuspensionPoints.find(m);
        AnalyzeFrames.Result analysis = analyze(cn, isInterface, m);
        if (RelocateNew.relocate(cn.name, cn.sourceFile, m, analysis, points)) {
            points = FindSuspensionPoints.find(m);
            analysis = analyze(cn, isInterface, m);
        }
        BitSet[] liveIn = Liveness.liveIn(m, analysis);
        FramePlan plan = PlanFrame.plan(cn.name, cn.sourceFile, frameClass, m, analysis, liveIn, points);
        if (observer != null) {
            observer.planned(new Trace(cn, m, analysis, points, plan, bodyName, frameSuperName, Names.SHIFT));
        }

        List<AbstractInsnNode> awaitInsns = new ArrayList<>();
        List<SpillAndRestore.DirectCallee> direct = new ArrayList<>();
        Set<LabelNode> jumpTargets = directBodies.isEmpty() ? Set.of() : jumpTargets(m);
        for (SuspensionPoint p : points) {
            AbstractInsnNode awaitInsn = m.instructions.get(p.index());
            awaitInsns.add(awaitInsn);
            direct.add(directCallee(cn, isInterface, p, awaitInsn, directBodies, jumpTargets));
        }
        String stubDesc = m.desc;
        MethodNode stub = stub(cn, isInterface, m, plan, frameClass, bodyName, stubDesc, frameSuperName);
        MethodNode body = body(cn, isInterface, m, plan, bodyName, awaitInsns, direct);
        emitted.add(stub);
        emitted.add(body);
        return new MethodPlan(cn.name, m.name, m.desc, bodyName, cn.sourceFile, plan);
    }

    private AnalyzeFrames.Result analyze(ClassNode cn, boolean isInterface, MethodNode m) {
        try {
            return AnalyzeFrames.analyze(cn.name, cn.superName, isInterface, m, resolver);
        } catch (AnalyzerException e) {
            int line = e.node == null ? firstLine(m) : lineOf(m, e.node);
            throw new TransformException(
                    cn.name, m.name, cn.sourceFile, line, "cannot analyse the method's bytecode: " + e.getMessage());
        }
    }

    private MethodNode body(
            ClassNode cn,
            boolean isInterface,
            MethodNode m,
            FramePlan plan,
            String bodyName,
            List<AbstractInsnNode> awaitInsns,
            List<SpillAndRestore.DirectCallee> direct) {
        MethodNode body = new MethodNode(
                Opcodes.ASM9,
                Opcodes.ACC_STATIC
                        | Opcodes.ACC_SYNTHETIC
                        | (isInterface ? Opcodes.ACC_PUBLIC : 0)
                        | (m.access & Opcodes.ACC_STRICT),
                bodyName,
                Names.BODY_DESC,
                null,
                null);
        body.instructions = m.instructions;
        body.tryCatchBlocks = m.tryCatchBlocks;
        body.localVariables = m.localVariables;
        body.visibleLocalVariableAnnotations = m.visibleLocalVariableAnnotations;
        body.invisibleLocalVariableAnnotations = m.invisibleLocalVariableAnnotations;
        body.visibleTypeAnnotations = null;
        body.maxLocals = m.maxLocals + Names.SHIFT;
        shiftLocals(body);
        replaceDone(body.instructions);
        int scratch = body.maxLocals;
        for (var p : plan.points()) {
            for (var s : p.spilled()) {
                scratch = Math.max(
                        scratch,
                        s.slot() + (s.descriptor().equals("J") || s.descriptor().equals("D") ? 2 : 1));
            }
        }
        List<LabelNode> resumes = new ArrayList<>();
        for (int k = 0; k < awaitInsns.size(); k++) {
            LabelNode resume = new LabelNode();
            resumes.add(resume);
            if (plan.points().get(k).reachable()) {
                SpillAndRestore.rewrite(
                        body.instructions,
                        body.tryCatchBlocks,
                        awaitInsns.get(k),
                        plan.points().get(k),
                        plan,
                        scratch,
                        resume,
                        direct.get(k));
            }
        }
        EmitResumeSwitch.emit(body.instructions, plan, resumes);
        return body;
    }

    private static void shiftLocals(MethodNode body) {
        for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof VarInsnNode) {
                ((VarInsnNode) insn).var += Names.SHIFT;
            } else if (insn instanceof IincInsnNode) {
                ((IincInsnNode) insn).var += Names.SHIFT;
            }
        }
        if (body.localVariables != null) {
            for (LocalVariableNode lv : body.localVariables) {
                lv.index += Names.SHIFT;
            }
        }
        for (List<LocalVariableAnnotationNode> list :
                java.util.Arrays.asList(body.visibleLocalVariableAnnotations, body.invisibleLocalVariableAnnotations)) {
            if (list != null) {
                for (LocalVariableAnnotationNode a : list) {
                    a.index.replaceAll(i -> i + Names.SHIFT);
                }
            }
        }
    }

    /** {@code return done(v)} becomes {@code return v}: the body returns the bare result. */
    private static void replaceDone(org.objectweb.asm.tree.InsnList insns) {
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn.getOpcode() == Opcodes.INVOKESTATIC) {
                MethodInsnNode mi = (MethodInsnNode) insn;
                if (Names.isDone(mi.owner, mi.name, mi.desc)) {
                    if (Names.isVoidDone(mi.desc)) {
                        insns.set(insn, new InsnNode(Opcodes.ACONST_NULL));
                    } else {
                        insns.remove(insn);
                    }
                }
            }
            insn = next;
        }
    }

    private MethodNode stub(
            ClassNode cn,
            boolean isInterface,
            MethodNode m,
            FramePlan plan,
            String frameClass,
            String bodyName,
            String desc,
            String frameSuperName) {
        MethodNode stub =
                new MethodNode(Opcodes.ASM9, m.access, m.name, desc, m.signature, m.exceptions.toArray(new String[0]));
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

        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        List<Type> params = new ArrayList<>();
        if (!isStatic) {
            params.add(Type.getObjectType(cn.name));
        }
        params.addAll(List.of(Type.getArgumentTypes(desc)));
        String ctorDesc = Type.getMethodDescriptor(Type.VOID_TYPE, params.toArray(new Type[0]));
        String factoryDesc = Type.getMethodDescriptor(Type.getReturnType(desc), params.toArray(new Type[0]));

        byte[] frameBytes = GenerateFrameClass.generate(
                cn.version,
                cn.name,
                isInterface,
                bodyName,
                ctorDesc,
                simpleName(cn.name) + "." + m.name,
                cn.sourceFile,
                plan,
                frameSuperName);
        List<Object> bsmArgs = new ArrayList<>();
        bsmArgs.add(Names.ABI_VERSION);
        bsmArgs.add(frameClass.replace('/', '.'));
        bsmArgs.addAll(chunks(frameBytes));

        LabelNode start = new LabelNode();
        stub.instructions.add(start);
        int line = firstLine(m);
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
        String siteName = hasAnnotation(m, Names.GENERATOR_COROUTINE_DESC) ? "oldStyleFrame" : "frame";
        stub.instructions.add(
                new org.objectweb.asm.tree.InvokeDynamicInsnNode(siteName, factoryDesc, bsm, bsmArgs.toArray()));
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

    /**
     * A lambda body (javac's synthetic {@code lambda$...} method) returning a coroutine type and
     * calling {@code await} or {@code done} is a coroutine, as an {@code async} lambda would be.
     * One that merely returns another coroutine ({@code () -> work()}) is a plain function.
     */
    private static boolean isCoroutineLambda(MethodNode m) {
        if ((m.access & Opcodes.ACC_SYNTHETIC) == 0
                || !m.name.startsWith("lambda$")
                || !Type.getReturnType(m.desc).getDescriptor().equals(Names.COROUTINE_DESC)) {
            return false;
        }
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.INVOKESTATIC) {
                MethodInsnNode mi = (MethodInsnNode) insn;
                if (Names.isDone(mi.owner, mi.name, mi.desc) || Names.isAwait(mi.owner, mi.name, mi.desc)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A generator method: declared to return {@code io.jasyncio.Generator} and using
     * {@code Yield}, as a Python function containing {@code yield} is a generator function.
     */
    private static boolean isGenerator(MethodNode m) {
        if (!Type.getReturnType(m.desc).getDescriptor().equals(Names.GENERATOR_DESC)
                || (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0) {
            return false;
        }
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.INVOKESTATIC && ((MethodInsnNode) insn).owner.equals(Names.YIELD)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An async generator method: {@code @Async} and declared to return
     * {@code io.jasyncio.AsyncGenerator}, as a Python {@code async def} containing {@code yield}.
     */
    private static boolean isAsyncGenerator(MethodNode m) {
        return returns(m, Names.ASYNC_GENERATOR_DESC)
                && hasAnnotation(m, Names.ASYNC_DESC)
                && (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) == 0;
    }

    private static boolean returns(MethodNode m, String descriptor) {
        return Type.getReturnType(m.desc).getDescriptor().equals(descriptor);
    }

    private static boolean usesYield(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.INVOKESTATIC && ((MethodInsnNode) insn).owner.equals(Names.YIELD)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsync(MethodNode m) {
        return hasAnnotation(m, Names.ASYNC_DESC) || hasAnnotation(m, Names.GENERATOR_COROUTINE_DESC);
    }

    private static boolean hasAnnotation(MethodNode m, String desc) {
        for (List<AnnotationNode> annotations : java.util.Arrays.asList(m.visibleAnnotations, m.invisibleAnnotations)) {
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

    private static String simpleName(String internalName) {
        String s = internalName.substring(internalName.lastIndexOf('/') + 1);
        return s.replace('$', '.');
    }

    static int firstLine(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode) {
                return ((LineNumberNode) insn).line;
            }
        }
        return -1;
    }

    private static int lineOf(MethodNode m, AbstractInsnNode target) {
        int line = -1;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode) {
                line = ((LineNumberNode) insn).line;
            }
            if (insn == target) {
                return line;
            }
        }
        return line;
    }
}
