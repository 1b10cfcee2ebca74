package io.jasyncio.agent.explain;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.MethodKind;
import io.jasyncio.agent.internal.model.MethodPlan;
import io.jasyncio.agent.internal.model.SavedValue;
import io.jasyncio.agent.internal.model.SuspensionPlan;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import io.jasyncio.agent.internal.transform.TransformException;
import io.jasyncio.agent.internal.transform.TypeResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Runs the transformer over one class with an observer, and turns what each step computed into
 * {@link Explanation}s. Nothing is analysed again here: the method's kind is the
 * {@code MethodPlan}'s, the states, the saved values and their fields are the {@code FramePlan}'s,
 * the awaited types are the verifier types of {@code AnalyzeTypes}, and the state graph follows
 * that step's control-flow edges.
 */
final class Explainer {
    private static final String INSTRUMENTED_DESC = "Lio/jasyncio/abi/Instrumented;";
    /** With compressed class pointers, as on any 64-bit HotSpot with a heap under 32 GB. */
    private static final int HEADER_BYTES = 12;

    private final CoroutineTransformer transformer;
    private final ClassFileLocator locator;

    /**
     * What explaining one class gave.
     *
     * @param original the class file as read
     * @param rewritten the rewritten class file, or null when nothing was rewritten
     * @param methods one explanation per rewritten method, in class-file order
     * @param error the transformer's refusal (naming class, method and line), or null
     * @param alreadyRewritten true for a class the agent has already rewritten
     */
    record ClassResult(
            byte[] original, byte[] rewritten, List<Explanation> methods, String error, boolean alreadyRewritten) {}

    Explainer(TypeResolver resolver, ClassFileLocator locator) {
        this.transformer = new CoroutineTransformer(resolver);
        this.locator = locator;
    }

    ClassResult explain(byte[] classFile) {
        List<Explanation> methods = new ArrayList<>();
        try {
            CoroutineTransformer.Result r = transformer.analyze(classFile, t -> methods.add(describe(t)));
            if (r == null) {
                return new ClassResult(classFile, null, List.of(), null, isRewritten(classFile));
            }
            return new ClassResult(classFile, r.bytes(), methods, null, false);
        } catch (TransformException e) {
            return new ClassResult(classFile, null, List.of(), e.getMessage(), false);
        }
    }

    private static boolean isRewritten(byte[] classFile) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG);
        return hasAnnotation(cn.invisibleAnnotations, INSTRUMENTED_DESC)
                || hasAnnotation(cn.visibleAnnotations, INSTRUMENTED_DESC);
    }

    private Explanation describe(CoroutineTransformer.Trace t) {
        ClassNode cn = t.owner();
        MethodNode m = t.method();
        MethodPlan method = t.plan();
        FramePlan plan = method.frame();
        String frameSuper = method.kind().frameSuperclass();
        int[] lines = lines(m);
        String pkg = cn.name.lastIndexOf('/') < 0
                ? ""
                : cn.name.substring(0, cn.name.lastIndexOf('/')).replace('/', '.');
        int firstLine = -1;
        for (int l : lines) {
            if (l > 0) {
                firstLine = l;
                break;
            }
        }
        int paramSlots = Type.getArgumentsAndReturnSizes(m.desc) >> 2;
        if ((m.access & Opcodes.ACC_STATIC) != 0) {
            paramSlots--;
        }
        Values values = new Values(t, paramSlots, pkg);
        List<Explanation.State> states = new ArrayList<>();
        states.add(new Explanation.State(
                0, firstLine, "start", null, null, true, values.of(plan.entry(), List.of(), 0), List.of()));
        for (SuspensionPlan sp : plan.points()) {
            SuspensionPoint p = sp.point();
            Frame<BasicValue> before = t.types().at(p.index());
            String operand = null;
            if (before != null && before.getStackSize() >= p.kind().operands()) {
                BasicValue awaited =
                        before.getStack(before.getStackSize() - p.kind().operands());
                operand = awaited.getType() == null
                        ? "?"
                        : Types.simple(awaited.getType().getDescriptor(), pkg);
            }
            states.add(new Explanation.State(
                    p.label(),
                    p.line(),
                    kind(p.kind()),
                    operand,
                    p.mayThrow() == null ? null : Types.simple("L" + p.mayThrow() + ";", pkg),
                    sp.reachable(),
                    values.of(sp.saved(), sp.spilled(), p.index()),
                    sp.clearedFields()));
        }
        return new Explanation(
                cn.name.replace('/', '.'),
                m.name,
                m.desc,
                cn.sourceFile,
                firstLine,
                describe(method.kind()),
                method.bodyName(),
                plan.frameClass().replace('/', '.'),
                frameSuper.replace('/', '.'),
                states,
                StateGraph.edges(t, lines),
                layout(plan, states, method.kind()));
    }

    private static String describe(MethodKind kind) {
        return switch (kind) {
            case COROUTINE -> "coroutine";
            case COROUTINE_LAMBDA -> "coroutine (lambda body)";
            case GENERATOR_COROUTINE -> "generator-based coroutine";
            case GENERATOR -> "generator";
            case ASYNC_GENERATOR -> "async generator";
        };
    }

    private static String kind(SuspensionPoint.Kind kind) {
        return switch (kind) {
            case AWAITABLE, AWAITABLE_MAY_THROW -> "await";
            case COMPLETION_STAGE -> "await stage";
            case YIELD_VALUE -> "yield";
            case YIELD_FROM -> "yield from";
            case YIELD_FROM_AWAITABLE -> "yield from (await)";
        };
    }

    /**
     * Names the saved values of one method for a learner.
     *
     * @param t what the transformer computed
     * @param paramSlots the slots the parameters (and the receiver) take
     * @param pkg the method's package, whose types are shown by their simple names
     */
    private record Values(CoroutineTransformer.Trace t, int paramSlots, String pkg) {
        /** The values saved at instruction {@code index}: locals by name, spilled stack values by position. */
        List<Explanation.Value> of(List<SavedValue> saved, List<SavedValue> spilled, int index) {
            List<Explanation.Value> out = new ArrayList<>();
            for (SavedValue v : saved) {
                String savedType = Types.simple(v.descriptor(), pkg);
                String restore = v.field() == null
                        ? "null"
                        : v.isReference()
                                        && !v.descriptor().equals("Ljava/lang/Object;")
                                        && !v.descriptor().equals(SavedValue.NULL)
                                ? "(" + savedType + ") " + v.field()
                                : v.field();
                if (v.stack()) {
                    int i = spilled.indexOf(v);
                    out.add(new Explanation.Value(
                            "stack", "stack[" + i + "]", savedType, savedType, -1, v.field(), restore));
                    continue;
                }
                int slot = v.slot() - t.localShift();
                LocalVariableNode lv = variable(t.method(), slot, v.name(), index);
                String name = v.name() != null ? v.name() : "slot " + slot;
                String type = lv != null ? Types.simple(lv.desc, pkg) : savedType;
                out.add(new Explanation.Value(
                        slot < paramSlots ? "param" : "local", name, type, savedType, slot, v.field(), restore));
            }
            return out;
        }
    }

    /** The local variable table's entry the plan named, for its declared type. */
    private static LocalVariableNode variable(MethodNode m, int slot, String name, int index) {
        if (m.localVariables == null || name == null) {
            return null;
        }
        LocalVariableNode fallback = null;
        for (LocalVariableNode lv : m.localVariables) {
            if (lv.index == slot && lv.name.equals(name)) {
                int start = m.instructions.indexOf(lv.start);
                int end = m.instructions.indexOf(lv.end);
                if (start <= index && index < end) {
                    return lv;
                }
                fallback = lv;
            }
        }
        return fallback;
    }

    /** The source line of each instruction (the last line number seen before it), or -1. */
    private static int[] lines(MethodNode m) {
        int[] lines = new int[m.instructions.size()];
        int line = -1;
        int i = 0;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext(), i++) {
            if (insn instanceof LineNumberNode n) {
                line = n.line;
            }
            lines[i] = line;
        }
        return lines;
    }

    private Explanation.Layout layout(FramePlan plan, List<Explanation.State> states, MethodKind kind) {
        String frameSuper = kind.frameSuperclass();
        List<Explanation.Field> fields = new ArrayList<>();
        fields.add(new Explanation.Field("label", "int", "the state to resume at"));
        int own = 4;
        for (String f : plan.fields()) {
            String name = f.substring(0, f.indexOf(':'));
            String desc = f.substring(f.indexOf(':') + 1);
            own += size(desc);
            StringBuilder holds = new StringBuilder();
            for (Explanation.State s : states) {
                for (Explanation.Value v : s.saved()) {
                    if (name.equals(v.field())) {
                        holds.append(holds.length() == 0 ? "" : ", ")
                                .append(s.label())
                                .append(": ")
                                .append(v.name());
                    }
                }
            }
            fields.add(new Explanation.Field(name, Types.simple(desc), holds.toString()));
        }
        List<String> inherited = new ArrayList<>();
        int inheritedBytes = 0;
        boolean known = true;
        for (String c = frameSuper; c != null && !c.equals("java/lang/Object"); ) {
            ClassNode cn = read(c);
            if (cn == null) {
                known = false;
                break;
            }
            List<String> mine = new ArrayList<>();
            for (FieldNode f : cn.fields) {
                if ((f.access & Opcodes.ACC_STATIC) == 0) {
                    mine.add(Types.simple(f.desc) + " " + f.name);
                    inheritedBytes += size(f.desc);
                }
            }
            inherited.addAll(0, mine);
            c = cn.superName;
        }
        if (!known) {
            // The runtime is not on the class path: assume its frame layout at this ABI version.
            inherited = List.of();
            inheritedBytes = 1 + 2 + 4 + 4 + (kind == MethodKind.GENERATOR ? 4 : 0);
        }
        int total = HEADER_BYTES + inheritedBytes + own;
        return new Explanation.Layout(fields, inherited, known, inheritedBytes, own, (total + 7) & ~7);
    }

    private ClassNode read(String internalName) {
        try {
            ClassFileLocator.Resolution r = locator.locate(internalName.replace('/', '.'));
            if (!r.isResolved()) {
                return null;
            }
            ClassNode cn = new ClassNode();
            new ClassReader(r.resolve()).accept(cn, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG);
            return cn;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Bytes a field takes with compressed oops. */
    private static int size(String desc) {
        switch (desc.charAt(0)) {
            case 'J':
            case 'D':
                return 8;
            case 'B':
            case 'Z':
                return 1;
            case 'C':
            case 'S':
                return 2;
            default:
                return 4;
        }
    }

    private static boolean hasAnnotation(List<AnnotationNode> annotations, String desc) {
        if (annotations != null) {
            for (AnnotationNode a : annotations) {
                if (a.desc.equals(desc)) {
                    return true;
                }
            }
        }
        return false;
    }
}
