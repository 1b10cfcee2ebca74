package io.jasyncio.agent.inspect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays out the rows of {@link TargetDump} as {@code python3.14 -m asyncio ps} and
 * {@code pstree} do: a table with one line per (task, awaiter) pair, and a tree of who awaits
 * whom with the coroutine frames in between, refused with the cycles listed when the awaits
 * form a cycle.
 */
public final class TaskTable {
    private TaskTable() {}

    /**
     * The {@code ps} table.
     *
     * @param rows the tasks
     * @return the lines, header first
     */
    public static List<String> table(List<Row> rows) {
        Map<String, Row> byId = byId(rows);
        List<String> out = new ArrayList<>();
        String format = "%-12s %-24s %-14s %-20s %-50s %-50s %-15s %-14s";
        out.add(String.format(
                        format,
                        "loop",
                        "thread",
                        "task id",
                        "task name",
                        "coroutine stack",
                        "awaiter chain",
                        "awaiter name",
                        "awaiter id")
                .stripTrailing());
        out.add("-".repeat(206));
        for (Row r : rows) {
            String stack = chain(r.stack());
            if (r.awaitedBy().isEmpty()) {
                out.add(String.format(format, r.loop(), r.thread(), r.id(), r.name(), stack, "", "", "0x0")
                        .stripTrailing());
                continue;
            }
            for (String parentId : r.awaitedBy()) {
                Row p = byId.get(parentId);
                out.add(String.format(
                                format,
                                r.loop(),
                                r.thread(),
                                r.id(),
                                r.name(),
                                stack,
                                p == null ? "" : chain(p.stack()),
                                p == null ? "Unknown" : p.name(),
                                parentId)
                        .stripTrailing());
            }
        }
        Set<String> racy = new LinkedHashSet<>();
        for (Row r : rows) {
            if (r.read().equals("racy")) {
                racy.add(r.loop());
            }
        }
        for (String loop : racy) {
            out.add("note: loop " + loop + " did not answer in time (its thread is blocked or busy);"
                    + " its rows were read from another thread and may be inconsistent");
        }
        return out;
    }

    private static String chain(List<String> stack) {
        List<String> names = new ArrayList<>();
        for (String s : stack) {
            names.add(Row.method(s));
        }
        return String.join(" -> ", names);
    }

    private static Map<String, Row> byId(List<Row> rows) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : rows) {
            m.put(r.id(), r);
        }
        return m;
    }

    /**
     * The await cycles among the tasks, each as the names along it, first name repeated last.
     *
     * @param rows the tasks
     * @return the cycles, empty if none
     */
    public static List<List<String>> cycles(List<Row> rows) {
        Map<String, Row> byId = byId(rows);
        // An edge from each awaiter to what it awaits, as the tree draws them.
        Map<String, List<String>> awaits = new LinkedHashMap<>();
        for (Row r : rows) {
            awaits.computeIfAbsent(r.id(), k -> new ArrayList<>());
            for (String p : r.awaitedBy()) {
                awaits.computeIfAbsent(p, k -> new ArrayList<>()).add(r.id());
            }
        }
        Map<String, Integer> color = new HashMap<>();
        List<String> path = new ArrayList<>();
        List<List<String>> cycles = new ArrayList<>();
        for (String v : awaits.keySet()) {
            if (color.getOrDefault(v, 0) == 0) {
                visit(v, awaits, color, path, cycles);
            }
        }
        List<List<String>> named = new ArrayList<>();
        for (List<String> c : cycles) {
            List<String> names = new ArrayList<>();
            for (String id : c) {
                Row r = byId.get(id);
                names.add(r == null ? id : r.name());
            }
            named.add(names);
        }
        return named;
    }

    private static void visit(
            String v,
            Map<String, List<String>> g,
            Map<String, Integer> color,
            List<String> path,
            List<List<String>> cycles) {
        color.put(v, 1);
        path.add(v);
        for (String w : g.getOrDefault(v, List.of())) {
            int c = color.getOrDefault(w, 0);
            if (c == 0) {
                visit(w, g, color, path, cycles);
            } else if (c == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(w), path.size()));
                cycle.add(w);
                cycles.add(cycle);
            }
        }
        color.put(v, 2);
        path.remove(path.size() - 1);
    }

    /** A node of the tree: a task (by id) or a coroutine frame (by a made-up key). */
    private record Node(boolean task, String key) {}

    /**
     * The {@code pstree} tree: each task that nobody awaits is a root; under a task come the
     * coroutine frames it is suspended in, outermost first, and under the innermost of them
     * the tasks that this task awaits. Call only when {@link #cycles} is empty.
     *
     * @param rows the tasks
     * @return the lines
     */
    public static List<String> tree(List<Row> rows) {
        Map<String, Row> byId = byId(rows);
        Map<Node, String> labels = new LinkedHashMap<>();
        Map<Node, List<Node>> children = new HashMap<>();
        Map<Node, Map<String, Node>> frameNodes = new HashMap<>();
        int[] next = {0};
        for (Row r : rows) {
            labels.put(new Node(true, r.id()), "(T) " + r.name());
        }
        java.util.function.BiFunction<Node, String, Node> frameUnder = (parent, frame) -> frameNodes
                .computeIfAbsent(parent, k -> new LinkedHashMap<>())
                .computeIfAbsent(frame, f -> {
                    Node n = new Node(false, "c" + (++next[0]));
                    labels.put(n, " " + f);
                    children.computeIfAbsent(parent, k -> new ArrayList<>()).add(n);
                    return n;
                });
        Set<String> awaiting = new LinkedHashSet<>();
        for (Row child : rows) {
            for (String parentId : child.awaitedBy()) {
                Row parent = byId.get(parentId);
                if (parent == null) {
                    continue;
                }
                awaiting.add(parentId);
                Node cur = new Node(true, parentId);
                List<String> stack = parent.stack();
                for (int i = stack.size() - 1; i >= 0; i--) {
                    cur = frameUnder.apply(cur, stack.get(i));
                }
                Node c = new Node(true, child.id());
                List<Node> kids = children.computeIfAbsent(cur, k -> new ArrayList<>());
                if (!kids.contains(c)) {
                    kids.add(c);
                }
            }
        }
        for (Row r : rows) {
            if (!awaiting.contains(r.id())) {
                Node cur = new Node(true, r.id());
                for (int i = r.stack().size() - 1; i >= 0; i--) {
                    cur = frameUnder.apply(cur, r.stack().get(i));
                }
            }
        }
        Set<Node> isChild = new java.util.HashSet<>();
        for (List<Node> kids : children.values()) {
            isChild.addAll(kids);
        }
        List<String> out = new ArrayList<>();
        for (Node n : labels.keySet()) {
            if (n.task() && !isChild.contains(n)) {
                render(n, "", true, labels, children, out);
            }
        }
        return out;
    }

    private static void render(
            Node n,
            String prefix,
            boolean last,
            Map<Node, String> labels,
            Map<Node, List<Node>> children,
            List<String> out) {
        out.add(prefix + (last ? "└── " : "├── ") + labels.get(n));
        String deeper = prefix + (last ? "    " : "│   ");
        List<Node> kids = children.getOrDefault(n, List.of());
        for (int i = 0; i < kids.size(); i++) {
            render(kids.get(i), deeper, i == kids.size() - 1, labels, children, out);
        }
    }
}
