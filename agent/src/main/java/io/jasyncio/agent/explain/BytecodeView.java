package io.jasyncio.agent.explain;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * The original and the rewritten bytecode of one method, as ASM's {@link Textifier} prints
 * them, side by side with the code of each source line facing each other (or one after the
 * other when that is too wide). The rewritten body's labels are named after what they are
 * ({@code STATE_1}, {@code RESUME_1}, {@code START}), and the resume switch is marked.
 */
final class BytecodeView {
    static final String BODY_DESC =
            "(Lio/jasyncio/abi/Frame;Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;";
    private static final String SWITCH_MARK = "▶ ";
    private static final String NO_MARK = "  ";
    private static final String SEPARATOR = " │ ";
    private static final String CONTINUED = "↪ ";
    /** Narrower columns wrap nearly every instruction; then the listings go one after the other. */
    private static final int MIN_COLUMN = 48;

    private static final Pattern LINE_NUMBER = Pattern.compile("^\\s*LINENUMBER (\\d+) ");
    private static final Pattern LABEL = Pattern.compile("^ {3}[A-Z][A-Z_0-9]*$");
    private static final Pattern SUSPENSION = Pattern.compile(
            "INVOKESTATIC (io/jasyncio/Asyncio\\.await|io/jasyncio/Yield\\.value|io/jasyncio/Yield\\.from"
                    + "|io/jasyncio/abi/Intrinsics\\.(await|awaitStage|yieldValue|yieldFrom|yieldFromIterable)) ");

    private BytecodeView() {}

    /**
     * Renders the two listings.
     *
     * @param e the method
     * @param original the original class file
     * @param rewritten the rewritten class file
     * @param width the widest line allowed before the listings go one after the other
     * @return the text
     */
    static String render(Explanation e, byte[] original, byte[] rewritten, int width) {
        MethodNode before = method(original, e.methodName(), e.descriptor());
        MethodNode stub = method(rewritten, e.methodName(), e.descriptor());
        MethodNode body = method(rewritten, e.bodyName(), BODY_DESC);
        List<String> left = markSuspensions(text(before, Map.of()));
        List<String> stubText = elideFrameBytes(text(stub, Map.of()));
        List<String> bodyText = markSuspensions(text(body, switchLabels(body)));
        int switchEnd = firstLineNumber(bodyText);

        String leftTitle = "original " + e.methodName() + e.descriptor();
        String stubTitle = "rewritten: stub " + e.methodName() + e.descriptor() + " (creates the frame)";
        String bodyTitle = "rewritten: body static " + e.bodyName() + "(Frame, Object, Throwable)";
        List<String> right = new ArrayList<>();
        for (int i = 0; i < bodyText.size(); i++) {
            boolean inSwitch = i < switchEnd && !bodyText.get(i).trim().startsWith("TRYCATCHBLOCK");
            right.add((inSwitch ? SWITCH_MARK : NO_MARK) + bodyText.get(i));
        }
        StringBuilder out = new StringBuilder();
        out.append("  Bytecode (ASM Textifier). ")
                .append(SWITCH_MARK.trim())
                .append(" marks the resume switch (EmitResumeSwitch);")
                .append(" STATE_k: resume at state k, RESUME_k: where the code goes on after point k\n\n");
        // Each column gets half the width; longer lines wrap, so the code of a source line
        // still faces its rewritten code. Below a usable column, one listing after the other.
        int column = (width - 2 - SEPARATOR.length()) / 2;
        if (column < MIN_COLUMN) {
            out.append("  ").append(leftTitle).append('\n');
            left.forEach(l -> out.append("  ").append(l).append('\n'));
            out.append("\n  ").append(stubTitle).append('\n');
            stubText.forEach(l -> out.append("  ").append(NO_MARK).append(l).append('\n'));
            out.append("\n  ").append(bodyTitle).append('\n');
            right.forEach(l -> out.append("  ").append(l).append('\n'));
            return out.toString();
        }
        List<String[]> rows = new ArrayList<>();
        pair(rows, wrap(List.of(leftTitle), column), wrap(List.of(stubTitle), column));
        List<String> stubRight = new ArrayList<>();
        for (String s : stubText) {
            stubRight.add(NO_MARK + s);
        }
        // The method's annotations stay on the stub: they face it, not the resume switch.
        int annotations = 0;
        while (annotations < left.size()
                && (left.get(annotations).trim().startsWith("@")
                        || left.get(annotations).trim().startsWith("// annotable parameter count"))) {
            annotations++;
        }
        pair(rows, wrap(left.subList(0, annotations), column), wrap(stubRight, column));
        left = left.subList(annotations, left.size());
        rows.add(new String[] {"", ""});
        pair(rows, List.of(), wrap(List.of(bodyTitle), column));
        for (String[] r : align(chunks(left, 0), chunks(right, NO_MARK.length()))) {
            pair(
                    rows,
                    wrap(r[0].isEmpty() ? List.of() : List.of(r[0]), column),
                    wrap(r[1].isEmpty() ? List.of() : List.of(r[1]), column));
        }
        for (String[] r : rows) {
            out.append(("  " + r[0] + " ".repeat(Math.max(0, column - r[0].length())) + SEPARATOR + r[1])
                            .stripTrailing())
                    .append('\n');
        }
        return out.toString();
    }

    /** Wraps lines longer than {@code width}, preferably after a space, a ';' or a '('. */
    static List<String> wrap(List<String> lines, int width) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String rest = line;
            String indent = "";
            while (rest.length() > width) {
                int cut = -1;
                int comment = rest.indexOf("   // ");
                if (comment > width / 2 && comment <= width) {
                    // A trailing comment moves whole to the next line.
                    cut = comment;
                }
                for (int i = width; cut < 0 && i > width / 2; i--) {
                    char c = rest.charAt(i - 1);
                    if (c == ' ' || c == ';' || c == '(') {
                        cut = i;
                        break;
                    }
                }
                if (cut < 0) {
                    cut = width;
                }
                out.add(rest.substring(0, cut).stripTrailing());
                if (indent.isEmpty()) {
                    int lead = 0;
                    while (lead < line.length() && line.charAt(lead) == ' ') {
                        lead++;
                    }
                    indent = " ".repeat(Math.min(lead + 4, width / 2)) + CONTINUED;
                }
                rest = indent + rest.substring(cut).stripLeading();
            }
            out.add(rest);
        }
        return out;
    }

    /** The stub's bootstrap arguments hold the frame class file as text: show its size, not its bytes. */
    private static List<String> elideFrameBytes(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String t = l.trim();
            if (t.startsWith("\"\\u00ca\\u00fe\\u00ba\\u00be") || (t.startsWith("\"") && t.length() > 200)) {
                String lead = l.substring(0, l.length() - l.stripLeading().length());
                out.add(lead + "\"...\"   // the frame class file (" + t.length()
                        + " characters escaped), defined on first call" + (t.endsWith(",") ? "," : ""));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private static MethodNode method(byte[] classFile, String name, String desc) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, ClassReader.SKIP_FRAMES);
        for (MethodNode m : cn.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        throw new IllegalStateException("no method " + name + desc + " in " + cn.name);
    }

    /** Names the resume switch's targets and the places each case jumps to. */
    private static Map<Label, String> switchLabels(MethodNode body) {
        Map<Label, String> names = new HashMap<>();
        for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (!(insn instanceof TableSwitchInsnNode sw)
                    || !(insn.getPrevious() instanceof FieldInsnNode field)
                    || !field.name.equals("label")) {
                continue;
            }
            names.put(sw.dflt.getLabel(), "BAD_LABEL");
            for (int k = 0; k < sw.labels.size(); k++) {
                LabelNode target = sw.labels.get(k);
                if (target == sw.dflt) {
                    continue;
                }
                names.put(target.getLabel(), "STATE_" + (sw.min + k));
                for (AbstractInsnNode i = target; i != null; i = i.getNext()) {
                    if (i.getOpcode() == Opcodes.GOTO && i instanceof JumpInsnNode jump) {
                        names.putIfAbsent(jump.label.getLabel(), sw.min + k == 0 ? "START" : "RESUME_" + (sw.min + k));
                        break;
                    }
                }
            }
            break;
        }
        return names;
    }

    private static List<String> text(MethodNode m, Map<Label, String> names) {
        Textifier t = new NamedTextifier(names);
        m.accept(new TraceMethodVisitor(t));
        StringWriter w = new StringWriter();
        try (PrintWriter pw = new PrintWriter(w)) {
            t.print(pw);
        }
        List<String> lines = new ArrayList<>();
        for (String l : w.toString().split("\n", -1)) {
            if (!l.isBlank()) {
                lines.add(l.stripTrailing());
            }
        }
        return lines;
    }

    private static List<String> markSuspensions(List<String> lines) {
        List<String> out = new ArrayList<>();
        int k = 0;
        for (String l : lines) {
            out.add(SUSPENSION.matcher(l).find() ? l + "   // suspension point " + ++k : l);
        }
        return out;
    }

    private static int firstLineNumber(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (LINE_NUMBER.matcher(lines.get(i)).find()) {
                return i > 0 && LABEL.matcher(lines.get(i - 1)).matches() ? i - 1 : i;
            }
        }
        return lines.size();
    }

    private static int maxLength(List<String> lines) {
        int max = 0;
        for (String l : lines) {
            max = Math.max(max, l.length());
        }
        return max;
    }

    /** A run of lines: the code of one source line, or what comes before the first or after the last. */
    private record Chunk(String key, List<String> lines) {}

    private static List<Chunk> chunks(List<String> lines, int skip) {
        List<Chunk> out = new ArrayList<>();
        Chunk current = new Chunk("start", new ArrayList<>());
        for (String l : lines) {
            String s = l.substring(Math.min(skip, l.length()));
            Matcher m = LINE_NUMBER.matcher(s);
            String key = null;
            if (m.find()) {
                key = "line " + m.group(1);
            } else if ((s.startsWith("    LOCALVARIABLE") || s.startsWith("    MAXSTACK"))
                    && !current.key().equals("end")) {
                key = "end";
            }
            if (key != null) {
                Chunk next = new Chunk(key, new ArrayList<>());
                List<String> cur = current.lines();
                // The label a line number names belongs with that line's code.
                if (key.startsWith("line")
                        && !cur.isEmpty()
                        && LABEL.matcher(cur.get(cur.size() - 1)
                                        .substring(Math.min(
                                                skip, cur.get(cur.size() - 1).length())))
                                .matches()) {
                    next.lines().add(cur.remove(cur.size() - 1));
                }
                if (!cur.isEmpty()) {
                    out.add(current);
                }
                current = next;
            }
            current.lines().add(l);
        }
        if (!current.lines().isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** Pairs the chunks of both sides by key, in order (a longest common subsequence). */
    private static List<String[]> align(List<Chunk> a, List<Chunk> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).key().equals(b.get(j).key())
                        ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String[]> rows = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).key().equals(b.get(j).key())) {
                pairLines(rows, a.get(i++).lines(), b.get(j++).lines());
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                pair(rows, List.of(), b.get(j++).lines());
            } else {
                pair(rows, a.get(i++).lines(), List.of());
            }
        }
        return rows;
    }

    /**
     * Pairs the instructions of one source line: the same instruction faces itself, an await
     * faces the intrinsic that replaced it, and what differs in between goes side by side.
     */
    private static void pairLines(List<String[]> rows, List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = same(a.get(i), b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        List<String> gapA = new ArrayList<>();
        List<String> gapB = new ArrayList<>();
        while (i < a.size() || j < b.size()) {
            // A match is taken only when skipping it would lose one, so an instruction the
            // rewrite repeats (a POP) faces its last copy, the one that came from the original.
            if (i < a.size() && j < b.size() && same(a.get(i), b.get(j)) && lcs[i][j + 1] < lcs[i][j]) {
                pair(rows, gapA, gapB);
                gapA.clear();
                gapB.clear();
                pair(rows, List.of(a.get(i++)), List.of(b.get(j++)));
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                gapB.add(b.get(j++));
            } else {
                gapA.add(a.get(i++));
            }
        }
        pair(rows, gapA, gapB);
    }

    private static boolean same(String left, String right) {
        return normalize(left).equals(normalize(right));
    }

    /** An instruction without what the rewrite renames: labels, and the await it replaced. */
    private static String normalize(String line) {
        String t = line.replace(SWITCH_MARK, "").trim();
        if (t.contains("// suspension point ")) {
            return t.substring(t.indexOf("// suspension point "));
        }
        if (LABEL.matcher("   " + t).matches()) {
            return "label";
        }
        Matcher m = LINE_NUMBER.matcher(t);
        return m.find() ? "line " + m.group(1) : t;
    }

    private static void pair(List<String[]> rows, List<String> left, List<String> right) {
        for (int k = 0; k < Math.max(left.size(), right.size()); k++) {
            rows.add(new String[] {k < left.size() ? left.get(k) : "", k < right.size() ? right.get(k) : ""});
        }
    }

    /** A Textifier that prints some labels under given names and numbers the others from L0. */
    private static final class NamedTextifier extends Textifier {
        private final Map<Label, String> names;
        private final Map<Label, String> numbered = new HashMap<>();

        NamedTextifier(Map<Label, String> names) {
            super(Opcodes.ASM9);
            this.names = names;
        }

        @Override
        protected void appendLabel(Label label) {
            String name = names.get(label);
            if (name == null) {
                name = numbered.get(label);
                if (name == null) {
                    name = "L" + numbered.size();
                    numbered.put(label, name);
                }
            }
            stringBuilder.append(name);
        }

        @Override
        protected Textifier createTextifier() {
            return new NamedTextifier(Map.of());
        }
    }
}
