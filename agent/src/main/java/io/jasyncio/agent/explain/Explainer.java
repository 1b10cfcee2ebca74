package io.jasyncio.agent.explain;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SavedValue;
import io.jasyncio.agent.internal.model.SuspensionPlan;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import io.jasyncio.agent.internal.transform.AnalyzeFrames;
import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import io.jasyncio.agent.internal.transform.TransformException;
import io.jasyncio.agent.internal.transform.TypeResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
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
 * Runs the transformer over one class with an observer, and turns what each pass computed into
 * {@link Explanation}s. Nothing is analysed again here: the states, the saved values and their
 * fields are the {@code FramePlan}'s, the awaited types are the verifier frames of
 * {@code AnalyzeFrames}, and the state graph follows that pass's control-flow edges.
 */
final class Explainer {
    private static final String GENERATOR_FRAME = "io/jasyncio/abi/GeneratorFrame";
    private static final String ASYNC_GENERATOR_FRAME = "io/jasyncio/abi/AsyncGeneratorFrame";
    private static final String GENERATOR_COROUTINE_DESC = "Lio/jasyncio/GeneratorCoroutine;";
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
        FramePlan plan = t.plan();
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
        int paramSlots = org.objectweb.asm.Type.getArgumentsAndReturnSizes(m.desc) >> 2;
        if ((m.access & Opcodes.ACC_STATIC) != 0) {
            paramSlots--;
        }
        List<Explanation.State> states = new ArrayList<>();
        states.add(new Explanation.State(
                0, firstLine, "start", null, true, values(t, plan.entry(), List.of(), 0, paramSlots, pkg), List.of()));
        for (SuspensionPlan sp : plan.points()) {
            SuspensionPoint p = sp.point();
            Frame<BasicValue> frame = t.analysis().frames()[p.index()];
            String operand = null;
            if (frame != null && frame.getStackSize() > 0) {
                BasicValue top = frame.getStack(frame.getStackSize() - 1);
                operand =
                        top.getType() == null ? "?" : Types.simple(top.getType().getDescriptor(), pkg);
            }
            states.add(new Explanation.State(
                    p.label(),
                    p.line(),
                    kind(p.kind()),
                    operand,
                    sp.reachable(),
                    values(t, sp.saved(), sp.spilled(), p.index(), paramSlots, pkg),
                    sp.clearedFields()));
        }
        String kind = t.frameSuperName().equals(GENERATOR_FRAME)
                ? "generator"
                : t.frameSuperName().equals(ASYNC_GENERATOR_FRAME)
                        ? "async generator"
                        : hasAnnotation(m.visibleAnnotations, GENERATOR_COROUTINE_DESC)
                                        || hasAnnotation(m.invisibleAnnotations, GENERATOR_COROUTINE_DESC)
                                ? "generator-based coroutine"
                                : m.name.startsWith("lambda$") ? "coroutine (lambda body)" : "coroutine";
        return new Explanation(
                cn.name.replace('/', '.'),
                m.name,
                m.desc,
                cn.sourceFile,
                firstLine,
                kind,
                t.bodyName(),
                plan.frameClass().replace('/', '.'),
                t.frameSuperName().replace('/', '.'),
                states,
                edges(t, lines),
                layout(plan, states, t.frameSuperName()));
    }

    private static String kind(SuspensionPoint.Kind kind) {
        switch (kind) {
            case COMPLETION_STAGE:
                return "await stage";
            case YIELD_VALUE:
                return "yield";
            case YIELD_FROM:
                return "yield from";
            case YIELD_FROM_AWAITABLE:
                return "yield from (await)";
            default:
                return "await";
        }
    }

    private static List<Explanation.Value> values(
            CoroutineTransformer.Trace t,
            List<SavedValue> saved,
            List<SavedValue> spilled,
            int index,
            int paramSlots,
            String pkg) {
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
            if (insn instanceof LineNumberNode) {
                line = ((LineNumberNode) insn).line;
            }
            lines[i] = line;
        }
        return lines;
    }

    /**
     * The state graph: from each state, the suspension points, returns and uncaught throws the
     * code reaches (along {@code AnalyzeFrames}' normal and exception edges) before it meets
     * another suspension point, as if every await suspended.
     */
    static List<Explanation.Edge> edges(CoroutineTransformer.Trace t, int[] lines) {
        AnalyzeFrames.Result a = t.analysis();
        Map<Integer, Integer> labelAt = new TreeMap<>();
        for (SuspensionPlan sp : t.plan().points()) {
            if (sp.reachable()) {
                labelAt.put(sp.point().index(), sp.point().label());
            }
        }
        Map<List<Object>, TreeSet<Integer>> edges = new LinkedHashMap<>();
        edges.put(List.of("caller", "s0", "start"), new TreeSet<>());
        walk(t.method(), a, lines, labelAt, List.of(0), "s0", edges);
        for (SuspensionPlan sp : t.plan().points()) {
            if (!sp.reachable()) {
                continue;
            }
            int at = sp.point().index();
            String state = "s" + sp.point().label();
            edges.put(List.of("caller", state, "resume"), new TreeSet<>());
            if (a.handlers().get(at).isEmpty()) {
                // Resumed with an exception outside every try block: it leaves the method there.
                add(edges, state, "raised", "throw", sp.point().line());
            }
            List<Integer> from = new ArrayList<>(a.successors().get(at));
            from.addAll(a.handlers().get(at));
            walk(t.method(), a, lines, labelAt, from, state, edges);
        }
        List<Explanation.Edge> out = new ArrayList<>();
        for (var e : edges.entrySet()) {
            out.add(new Explanation.Edge(
                    (String) e.getKey().get(0),
                    (String) e.getKey().get(1),
                    (String) e.getKey().get(2),
                    new ArrayList<>(e.getValue())));
        }
        List<String> kinds = List.of("start", "resume", "suspend", "return", "throw");
        out.sort(Comparator.comparingInt((Explanation.Edge e) -> rank(e.from()))
                .thenComparingInt(e -> kinds.indexOf(e.kind()))
                .thenComparingInt(e -> rank(e.to())));
        return out;
    }

    private static int rank(String node) {
        return node.equals("caller")
                ? -1
                : node.startsWith("s")
                        ? Integer.parseInt(node.substring(1))
                        : node.equals("returned") ? Integer.MAX_VALUE - 1 : Integer.MAX_VALUE;
    }

    private static void walk(
            MethodNode m,
            AnalyzeFrames.Result a,
            int[] lines,
            Map<Integer, Integer> labelAt,
            List<Integer> from,
            String state,
            Map<List<Object>, TreeSet<Integer>> edges) {
        BitSet seen = new BitSet();
        ArrayList<Integer> todo = new ArrayList<>(from);
        while (!todo.isEmpty()) {
            int i = todo.remove(todo.size() - 1);
            if (seen.get(i) || a.frames()[i] == null) {
                continue;
            }
            seen.set(i);
            Integer label = labelAt.get(i);
            if (label != null) {
                add(edges, state, "s" + label, "suspend", lines[i]);
                continue;
            }
            int op = m.instructions.get(i).getOpcode();
            if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) {
                add(edges, state, "returned", "return", lines[i]);
                continue;
            }
            if (op == Opcodes.ATHROW && a.handlers().get(i).isEmpty()) {
                add(edges, state, "raised", "throw", lines[i]);
                continue;
            }
            if (op != Opcodes.ATHROW) {
                todo.addAll(a.successors().get(i));
            }
            todo.addAll(a.handlers().get(i));
        }
    }

    private static void add(Map<List<Object>, TreeSet<Integer>> edges, String from, String to, String kind, int line) {
        TreeSet<Integer> lines = edges.computeIfAbsent(List.of(from, to, kind), k -> new TreeSet<>());
        if (line > 0) {
            lines.add(line);
        }
    }

    private Explanation.Layout layout(FramePlan plan, List<Explanation.State> states, String frameSuper) {
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
            inheritedBytes = 1 + 2 + 4 + 4 + (frameSuper.equals(GENERATOR_FRAME) ? 4 : 0);
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
