package io.jasyncio.agent.explain;

import java.util.List;
import java.util.stream.Collectors;

/** The learner's view of {@link Explanation}s: a legend, then per method its states, values and frame. */
final class TextReport {
    private TextReport() {}

    static String legend() {
        StringBuilder out = new StringBuilder();
        out.append("How to read this\n");
        new Table("term", "meaning")
                .row(
                        "state",
                        "the frame's label: 0 runs the method from its start, k resumes it just after"
                                + " suspension point k")
                .row(
                        "saved",
                        "copied from locals into the frame's fields when the method suspends there,"
                                + " copied back when it resumes")
                .row(
                        "I$n J$n F$n D$n",
                        "frame fields for int-like (int, boolean, char, byte, short), long, float," + " double values")
                .row(
                        "L$n",
                        "a frame field for any reference, kept as Object and cast back on restore;"
                                + " fields are reused from state to state")
                .row(
                        "param, local",
                        "a variable by its source name (from the local variable table; compile"
                                + " with -g), else \"slot N\"")
                .row(
                        "stack[i]",
                        "a value already pushed under the awaited one (the 40 in 40 + await(x)), moved"
                                + " to a local before the await and pushed back after it")
                .row("types", "types of java.lang, io.jasyncio and the method's own package by their simple names")
                .print(out, "  ");
        return out.toString();
    }

    static String method(Explanation e) {
        StringBuilder out = new StringBuilder();
        String where = e.sourceFile() == null
                ? "no source file"
                : e.sourceFile() + (e.firstLine() > 0 ? ":" + e.firstLine() : "");
        String title = e.displayName() + "  ·  " + e.kind() + "  ·  " + where;
        out.append("━━━ ")
                .append(title)
                .append(' ')
                .append("━".repeat(Math.max(3, 96 - title.length())))
                .append('\n');
        out.append("  rewritten as: ")
                .append(e.methodName())
                .append("(...) now only creates the frame;")
                .append(" the body is static ")
                .append(e.bodyName())
                .append("(Frame, Object, Throwable)\n");
        out.append("  frame class:  ")
                .append(e.frameClass())
                .append(" extends ")
                .append(e.frameSuper())
                .append("\n\n");

        out.append("  States: ").append(e.states().size()).append(" (0 = start, then one per suspension point)\n");
        Table states = new Table("state", "line", "kind", "awaits / yields", "saved there");
        for (Explanation.State s : e.states()) {
            states.row(
                    s.label(),
                    line(s.line()),
                    s.reachable() ? s.kind() : s.kind() + " (dead code)",
                    s.awaits(),
                    s.saved().isEmpty()
                            ? "nothing"
                            : s.saved().stream().map(Explanation.Value::name).collect(Collectors.joining(", ")));
        }
        states.print(out, "    ");

        for (Explanation.State s : e.states()) {
            out.append('\n');
            if (s.label() == 0) {
                out.append("  State 0 · start · ").append(at(e, s.line())).append('\n');
                out.append("    the frame's constructor stores the parameters read later; state 0 restores them\n");
            } else {
                out.append("  State ").append(s.label()).append(" · ").append(s.kind());
                if (s.awaits() != null) {
                    out.append(' ').append(s.awaits());
                }
                out.append(" · ").append(at(e, s.line())).append('\n');
                if (!s.reachable()) {
                    out.append("    in code javac left unreachable: not rewritten, never resumed\n");
                    continue;
                }
                out.append("    saved when suspending here, restored when resumed at state ")
                        .append(s.label())
                        .append('\n');
            }
            values(
                    out,
                    s.saved(),
                    s.label() == 0
                            ? "nothing: the method reads no parameter"
                            : "nothing: no local or stack value is needed after this point");
            if (!s.clearedFields().isEmpty()) {
                out.append("    also nulled when suspending here (unused at this point, so no garbage is kept): ")
                        .append(String.join(", ", s.clearedFields()))
                        .append('\n');
            }
        }

        out.append("\n  State graph (as if every await or yield suspended; throw: an exception leaves the method,")
                .append(" from a throw or from an await resumed with one, outside any try block)\n");
        Table graph = new Table("from", "to", "how", "lines");
        for (Explanation.Edge g : e.edges()) {
            graph.row(
                    node(g.from()),
                    node(g.to()),
                    g.kind(),
                    g.lines().isEmpty()
                            ? ""
                            : g.lines().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        graph.print(out, "    ");

        Explanation.Layout l = e.layout();
        out.append("\n  Frame class ")
                .append(simpleName(e.frameClass()))
                .append(": about ")
                .append(l.estimatedBytes())
                .append(" bytes per suspended coroutine\n");
        Table fields = new Table("field", "type", "holds (state: value)");
        for (Explanation.Field f : l.fields()) {
            fields.row(f.name(), f.type(), f.holds().isEmpty() ? "-" : f.holds());
        }
        fields.print(out, "    ");
        if (l.inheritedKnown()) {
            out.append("    inherited: ")
                    .append(l.inherited().isEmpty() ? "nothing" : String.join(", ", l.inherited()))
                    .append('\n');
        } else {
            out.append("    inherited: ")
                    .append(e.frameSuper())
                    .append(" is not on the class path (add the runtime with --classpath); its fields assumed\n");
        }
        out.append("    estimate: ")
                .append(12)
                .append(" header + ")
                .append(l.inheritedBytes())
                .append(" inherited + ")
                .append(l.ownBytes())
                .append(" own = ")
                .append(12 + l.inheritedBytes() + l.ownBytes())
                .append(", rounded up to 8 = ")
                .append(l.estimatedBytes())
                .append(" bytes (64-bit HotSpot, compressed oops)\n");
        return out.toString();
    }

    private static void values(StringBuilder out, List<Explanation.Value> values, String none) {
        if (values.isEmpty()) {
            out.append("      ").append(none).append('\n');
            return;
        }
        Table t = new Table("what", "name", "type", "slot", "field", "restored as");
        for (Explanation.Value v : values) {
            t.row(
                    v.origin(),
                    v.name(),
                    v.type().equals(v.savedType()) ? v.type() : v.type() + " (saved as " + v.savedType() + ")",
                    v.slot() < 0 ? "-" : v.slot(),
                    v.field() == null ? "(none: null)" : v.field(),
                    v.name() + " = " + v.restore());
        }
        t.print(out, "      ");
    }

    private static String node(String id) {
        return id.startsWith("s") ? "state " + id.substring(1) : id;
    }

    private static String line(int line) {
        return line > 0 ? String.valueOf(line) : "?";
    }

    private static String at(Explanation e, int line) {
        return (e.sourceFile() == null ? "line" : e.sourceFile()) + (line > 0 ? ":" + line : " (no line numbers)");
    }

    private static String simpleName(String binaryName) {
        return binaryName.substring(binaryName.lastIndexOf('.') + 1);
    }
}
