package io.jasyncio.agent.explain;

import io.jasyncio.agent.internal.model.SuspensionPlan;
import io.jasyncio.agent.internal.transform.AnalyzeTypes;
import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * The state graph of one method: from each state, the suspension points, returns and uncaught
 * throws the code reaches (along {@code AnalyzeTypes}' normal and exception edges) before it meets
 * another suspension point, as if every await suspended.
 */
final class StateGraph {
    private static final List<String> KINDS = List.of("start", "resume", "suspend", "return", "throw");

    private final MethodNode method;
    private final AnalyzeTypes.Result types;
    private final int[] lines;
    /** The state each reachable suspension point's instruction suspends to. */
    private final Map<Integer, Integer> labelAt = new TreeMap<>();
    /** (from, to, kind) to the source lines where the edge is taken. */
    private final Map<List<Object>, TreeSet<Integer>> edges = new LinkedHashMap<>();

    private StateGraph(CoroutineTransformer.Trace t, int[] lines) {
        this.method = t.method();
        this.types = t.types();
        this.lines = lines;
    }

    /**
     * The edges of the state graph, from the caller's start and resumes to the ends.
     *
     * @param t what the transformer computed for the method
     * @param lines the source line of each instruction, or -1
     * @return the edges, by source state, then kind, then target
     */
    static List<Explanation.Edge> edges(CoroutineTransformer.Trace t, int[] lines) {
        StateGraph g = new StateGraph(t, lines);
        List<SuspensionPlan> points = t.plan().frame().points();
        for (SuspensionPlan sp : points) {
            if (sp.reachable()) {
                g.labelAt.put(sp.point().index(), sp.point().label());
            }
        }
        g.edges.put(List.of("caller", "s0", "start"), new TreeSet<>());
        g.walk(List.of(0), "s0");
        for (SuspensionPlan sp : points) {
            if (!sp.reachable()) {
                continue;
            }
            int at = sp.point().index();
            String state = "s" + sp.point().label();
            g.edges.put(List.of("caller", state, "resume"), new TreeSet<>());
            if (g.types.handlers().get(at).isEmpty()) {
                // Resumed with an exception outside every try block: it leaves the method there.
                g.add(state, "raised", "throw", sp.point().line());
            }
            List<Integer> from = new ArrayList<>(g.types.successors().get(at));
            from.addAll(g.types.handlers().get(at));
            g.walk(from, state);
        }
        List<Explanation.Edge> out = new ArrayList<>();
        for (var e : g.edges.entrySet()) {
            out.add(new Explanation.Edge(
                    (String) e.getKey().get(0),
                    (String) e.getKey().get(1),
                    (String) e.getKey().get(2),
                    new ArrayList<>(e.getValue())));
        }
        out.sort(Comparator.comparingInt((Explanation.Edge e) -> rank(e.from()))
                .thenComparingInt(e -> KINDS.indexOf(e.kind()))
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

    /** Follows the code from the instructions {@code from} on, adding the edges out of {@code state}. */
    private void walk(List<Integer> from, String state) {
        BitSet seen = new BitSet();
        ArrayList<Integer> todo = new ArrayList<>(from);
        while (!todo.isEmpty()) {
            int i = todo.remove(todo.size() - 1);
            if (seen.get(i) || types.at(i) == null) {
                continue;
            }
            seen.set(i);
            Integer label = labelAt.get(i);
            if (label != null) {
                add(state, "s" + label, "suspend", lines[i]);
                continue;
            }
            int op = method.instructions.get(i).getOpcode();
            if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) {
                add(state, "returned", "return", lines[i]);
                continue;
            }
            if (op == Opcodes.ATHROW && types.handlers().get(i).isEmpty()) {
                add(state, "raised", "throw", lines[i]);
                continue;
            }
            if (op != Opcodes.ATHROW) {
                todo.addAll(types.successors().get(i));
            }
            todo.addAll(types.handlers().get(i));
        }
    }

    private void add(String from, String to, String kind, int line) {
        TreeSet<Integer> at = edges.computeIfAbsent(List.of(from, to, kind), k -> new TreeSet<>());
        if (line > 0) {
            at.add(line);
        }
    }
}
