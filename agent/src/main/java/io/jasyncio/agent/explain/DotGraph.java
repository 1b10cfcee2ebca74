package io.jasyncio.agent.explain;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The state graph of one method in Graphviz's {@code dot} language: a node per state (its
 * line, what it awaits and the variables it saves), the caller (task or awaiting coroutine) that
 * starts and resumes the frame, and the ends; an edge for each start, resume, suspend, return and
 * throw. Every edge carries its kind as a {@code class} attribute, which the SVG keeps.
 */
final class DotGraph {
    /** Beyond this many saved values a node lists the first ones and a count. */
    private static final int MAX_VALUES = 6;

    private DotGraph() {}

    static String render(Explanation e) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ")
                .append(quote(e.className() + "." + e.methodName()))
                .append(" {\n");
        out.append("  label=")
                .append(quote(e.displayName() + " - " + e.kind() + " - state graph"))
                .append(";\n");
        out.append("  labelloc=t; rankdir=TB; fontname=\"Helvetica\";\n");
        out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        Set<String> nodes = new LinkedHashSet<>();
        for (Explanation.Edge g : e.edges()) {
            nodes.add(g.from());
            nodes.add(g.to());
        }
        out.append("  caller [shape=ellipse, label=\"caller\\n(task or awaiting coroutine)\", class=\"caller\"];\n");
        for (Explanation.State s : e.states()) {
            if (!s.reachable()) {
                continue;
            }
            StringBuilder label = new StringBuilder("state ").append(s.label());
            label.append(s.label() == 0 ? ": start" : ": " + s.kind() + (s.awaits() == null ? "" : " " + s.awaits()));
            label.append("\\nline ").append(s.line() > 0 ? String.valueOf(s.line()) : "?");
            if (s.saved().isEmpty()) {
                label.append("\\nsaves nothing");
            } else {
                // \\l ends a left-justified line, so the saved values line up.
                label.append("\\nsaves:\\l")
                        .append(s.saved().stream()
                                .limit(MAX_VALUES)
                                .map(v -> "  "
                                        + escape(v.name() + ": " + v.type() + " → "
                                                + (v.field() == null ? "null" : v.field())))
                                .collect(Collectors.joining("\\l")))
                        .append("\\l");
                if (s.saved().size() > MAX_VALUES) {
                    label.append("  and ").append(s.saved().size() - MAX_VALUES).append(" more\\l");
                }
            }
            out.append("  s")
                    .append(s.label())
                    .append(" [label=\"")
                    .append(label)
                    .append("\", class=\"state\"];\n");
        }
        if (nodes.contains("returned")) {
            out.append("  returned [shape=doublecircle, label=\"returned\", class=\"end\"];\n");
        }
        if (nodes.contains("raised")) {
            out.append("  raised [shape=doubleoctagon, label=\"raised\", class=\"end\"];\n");
        }
        for (Explanation.Edge g : e.edges()) {
            String label = g.kind()
                    + (g.lines().isEmpty()
                            ? ""
                            : " (line" + (g.lines().size() > 1 ? "s " : " ")
                                    + g.lines().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
            String style = switch (g.kind()) {
                case "start", "resume" -> ", style=dashed, color=\"#3366cc\"";
                case "throw" -> ", color=\"#cc3333\"";
                case "return" -> ", color=\"#339933\"";
                default -> "";
            };
            out.append("  ")
                    .append(g.from())
                    .append(" -> ")
                    .append(g.to())
                    .append(" [label=")
                    .append(quote(label))
                    .append(", class=\"")
                    .append(g.kind())
                    .append('"')
                    .append(style)
                    .append("];\n");
        }
        out.append("}\n");
        return out.toString();
    }

    private static String quote(String s) {
        return '"' + escape(s) + '"';
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
