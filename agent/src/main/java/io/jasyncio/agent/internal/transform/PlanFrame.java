package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SavedValue;
import io.jasyncio.agent.internal.model.SuspensionPlan;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Step 6: decides what each suspension point saves and where: live locals and the operand-stack
 * values under the awaited value, each in a typed field of the frame. Fields are shared between
 * suspension points by kind ({@code L$0, L$1, ...} for references, {@code I$0, ...} for ints and
 * so on, as Kotlin names its spilled variables), so the frame has as many fields of a kind as the
 * busiest point needs. Refuses what cannot be suspended: an await while a monitor is held, an
 * uninitialised object under the await, a return of something other than {@code done(...)}.
 */
final class PlanFrame {
    /** The body's own slots above the method's locals: see {@link FramePlan#slotFrame()}. */
    static final int BODY_SLOTS = 4;

    private PlanFrame() {}

    /**
     * Plans the frame of one method.
     *
     * @param target the method, as analysed
     * @param types its verifier types and edges
     * @param liveIn its liveness
     * @param points its suspension points
     * @return the plan
     * @throws TransformException for a shape that cannot be rewritten
     */
    static FramePlan plan(
            MethodContext target, AnalyzeTypes.Result types, BitSet[] liveIn, List<SuspensionPoint> points) {
        MethodNode method = target.method();
        checkReturns(target, types);
        if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0 && !points.isEmpty()) {
            throw target.refuse(
                    points.get(0).line(),
                    "await() in a synchronized method: a monitor cannot be held across"
                            + " a suspension; use io.jasyncio.Lock, or move the await out of the synchronized method");
        }
        Fields fields = new Fields();
        List<SavedValue> entry = planEntry(target, liveIn, fields);
        List<SuspensionPlan> plans = new ArrayList<>();
        List<Map<Character, Integer>> usedByPoint = new ArrayList<>();
        for (SuspensionPoint p : points) {
            Frame<BasicValue> before = types.at(p.index());
            if (before == null) {
                // Dead code: keeps its label so labels stay numbered in instruction order.
                plans.add(new SuspensionPlan(p, List.of(), List.of(), List.of(), false));
                usedByPoint.add(new TreeMap<>());
                continue;
            }
            if (types.monitorsHeld(p.index()) > 0) {
                throw target.refuse(
                        p.line(),
                        "await() inside a synchronized block: a monitor cannot be held across a"
                                + " suspension; use io.jasyncio.Lock, or move the await out of the synchronized block");
            }
            Map<Character, Integer> used = new TreeMap<>();
            List<SavedValue> spilled = new ArrayList<>();
            // Spilled values live only from just before this await to just after it, so every
            // point reuses the same slots; fresh slots per point made frame computation grow with
            // the square of the number of awaits.
            int nextTemp = method.maxLocals + BODY_SLOTS;
            List<SavedValue> saved = new ArrayList<>();
            // Under the call's own operands (the awaited value, and the class of await(x, X.class)).
            for (int i = 0; i < before.getStackSize() - p.kind().operands(); i++) {
                BasicValue v = before.getStack(i);
                if (v instanceof AnalyzeTypes.Uninitialized) {
                    throw target.refuse(
                            p.line(),
                            "await() inside the arguments of new "
                                    + v.getType().getClassName()
                                    + "(...) is not supported yet; assign the awaited value"
                                    + " to a local variable first");
                }
                String desc = descriptor(v);
                SavedValue s = new SavedValue(nextTemp, desc, fields.next(used, desc), null, true);
                nextTemp += v.getSize();
                spilled.add(s);
            }
            BitSet live = Liveness.liveAfter(liveIn, types, p.index());
            for (int slot = live.nextSetBit(0);
                    slot >= 0 && slot < before.getLocals();
                    slot = live.nextSetBit(slot + 1)) {
                BasicValue v = before.getLocal(slot);
                if (v == null || v.getType() == null) {
                    continue;
                }
                if (v instanceof AnalyzeTypes.Uninitialized) {
                    throw target.refuse(p.line(), "an object under construction is live across await()");
                }
                if (v.getType().getSort() == Type.METHOD || v == BasicValue.RETURNADDRESS_VALUE) {
                    throw target.refuse(p.line(), "await() inside a JSR subroutine (pre-Java-6 bytecode)");
                }
                String desc = descriptor(v);
                String name = variableName(method, slot, p.index());
                saved.add(new SavedValue(slot, desc, fields.next(used, desc), name, false));
            }
            saved.addAll(spilled);
            plans.add(new SuspensionPlan(p, spilled, saved, List.of(), true));
            usedByPoint.add(used);
        }
        List<SuspensionPlan> withClears = new ArrayList<>();
        for (int k = 0; k < plans.size(); k++) {
            SuspensionPlan sp = plans.get(k);
            List<String> cleared = new ArrayList<>();
            for (int i = usedByPoint.get(k).getOrDefault('L', 0); i < fields.max.getOrDefault('L', 0); i++) {
                cleared.add("L$" + i);
            }
            withClears.add(new SuspensionPlan(
                    sp.point(), sp.spilled(), sp.saved(), sp.reachable() ? cleared : List.of(), sp.reachable()));
        }
        return new FramePlan(target.frameClass(), fields.declarations(), entry, withClears, method.maxLocals);
    }

    private static List<SavedValue> planEntry(MethodContext target, BitSet[] liveIn, Fields fields) {
        MethodNode method = target.method();
        List<SavedValue> entry = new ArrayList<>();
        Map<Character, Integer> used = new TreeMap<>();
        int slot = 0;
        List<Type> params = target.frameParameters();
        BitSet live = liveIn.length == 0 ? new BitSet() : liveIn[0];
        for (Type t : params) {
            if (live.get(slot)) {
                String desc = t.getSort() <= Type.INT ? "I" : t.getDescriptor();
                entry.add(new SavedValue(slot, desc, fields.next(used, desc), variableName(method, slot, 0), false));
            }
            slot += t.getSize();
        }
        return entry;
    }

    /**
     * The verifier type of a value as a descriptor; all int-like types are {@code I}.
     *
     * @param v the value
     * @return its descriptor
     */
    static String descriptor(BasicValue v) {
        if (v instanceof AnalyzeTypes.DoneValue) {
            // javac keeps a returned value in a local while a finally block runs; after the
            // rewrite that local holds the bare result, whatever its type.
            return "Ljava/lang/Object;";
        }
        Type t = v.getType();
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return "I";
            default:
                return t.getDescriptor();
        }
    }

    private static String variableName(MethodNode method, int slot, int index) {
        if (method.localVariables == null) {
            return null;
        }
        for (LocalVariableNode lv : method.localVariables) {
            if (lv.index == slot) {
                int start = method.instructions.indexOf(lv.start);
                int end = method.instructions.indexOf(lv.end);
                if (start <= index && index < end) {
                    return lv.name;
                }
            }
        }
        return null;
    }

    /** Hands out field names per kind and remembers how many of each kind the frame needs. */
    private static final class Fields {
        final Map<Character, Integer> max = new TreeMap<>();

        String next(Map<Character, Integer> used, String desc) {
            if (desc.equals(SavedValue.NULL)) {
                // Known to be null: restored as the constant, so it needs no field.
                return null;
            }
            char kind = kind(desc);
            int i = used.merge(kind, 1, Integer::sum) - 1;
            max.merge(kind, i + 1, Math::max);
            return kind + "$" + i;
        }

        List<String> declarations() {
            List<String> out = new ArrayList<>();
            for (Map.Entry<Character, Integer> e : max.entrySet()) {
                String desc = e.getKey() == 'L' ? "Ljava/lang/Object;" : String.valueOf(e.getKey());
                for (int i = 0; i < e.getValue(); i++) {
                    out.add(e.getKey() + "$" + i + ":" + desc);
                }
            }
            return out;
        }

        static char kind(String desc) {
            char c = desc.charAt(0);
            return c == '[' ? 'L' : c;
        }
    }

    /** Refuses a return of anything but {@code done(...)}: the body returns the bare result. */
    private static void checkReturns(MethodContext target, AnalyzeTypes.Result types) {
        MethodNode method = target.method();
        int line = -1;
        int i = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext(), i++) {
            if (insn instanceof LineNumberNode n) {
                line = n.line;
            }
            Frame<BasicValue> before = types.at(i);
            if (insn.getOpcode() == Opcodes.ARETURN
                    && before != null
                    && !(before.getStack(before.getStackSize() - 1) instanceof AnalyzeTypes.DoneValue)) {
                throw target.refuse(
                        line,
                        "an @Async method must return done(value) (or done() for Coroutine<Void>);"
                                + " to run another coroutine and return its result, write return done(await(other()))");
            }
        }
    }
}
