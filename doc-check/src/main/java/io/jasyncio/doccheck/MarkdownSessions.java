package io.jasyncio.doccheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the shell sessions of a Markdown document whose output is checked: fenced blocks of any
 * language but {@code java} with an {@link OutputMark} (an HTML comment, on one line or several,
 * ending on the nearest non-blank line before the opening fence).
 */
public final class MarkdownSessions {
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$");

    private MarkdownSessions() {}

    /** Reads {@code document} and returns its checked sessions in order. */
    public static List<Session> read(Path document) throws IOException {
        return parse(document, Files.readAllLines(document));
    }

    /**
     * Returns the checked sessions of a document given as lines; {@code document} names it.
     *
     * @throws IllegalArgumentException if a marked block is no session (its first line is not a
     *     command) or the mark is malformed, naming the document's line
     */
    public static List<Session> parse(Path document, List<String> lines) {
        List<Session> sessions = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            var open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            String fence = open.group(1);
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !closes(lines.get(end), fence)) {
                end++;
            }
            String comment = commentBefore(lines, i);
            OutputMark mark;
            try {
                mark = comment == null ? null : OutputMark.parse(comment);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(document + ":" + i + ": " + e.getMessage(), e);
            }
            if (mark != null) {
                if (open.group(2).equals("java")) {
                    throw new IllegalArgumentException(
                            document + ":" + (i + 1) + ": <!-- doc-check: output --> marks a java block; it marks"
                                    + " the shell session that prints the output");
                }
                sessions.add(new Session(document, start + 1, mark, steps(document, lines, start, end)));
            }
            i = end + 1;
        }
        return sessions;
    }

    private static List<Session.Step> steps(Path document, List<String> lines, int start, int end) {
        List<Session.Step> steps = new ArrayList<>();
        int line = 0;
        String command = null;
        List<String> output = new ArrayList<>();
        for (int j = start; j < end; j++) {
            String l = lines.get(j);
            if (l.startsWith("$ ")) {
                if (command != null) {
                    steps.add(new Session.Step(line, command, output));
                }
                line = j + 1;
                command = l.substring(2).strip();
                output = new ArrayList<>();
            } else if (command == null) {
                throw new IllegalArgumentException(document + ":" + (j + 1)
                        + ": a session marked <!-- doc-check: output --> starts with a command (\"$ ...\")");
            } else {
                output.add(l.stripTrailing());
            }
        }
        if (command == null) {
            throw new IllegalArgumentException(document + ":" + (start + 1) + ": a marked session has no command");
        }
        steps.add(new Session.Step(line, command, output));
        return steps;
    }

    private static boolean closes(String line, String fence) {
        String t = line.strip();
        return t.length() >= fence.length()
                && t.chars().allMatch(c -> c == fence.charAt(0))
                && line.indexOf(fence.charAt(0)) <= 3;
    }

    /** The HTML comment that ends on the nearest non-blank line before {@code fenceLine}, or null. */
    private static String commentBefore(List<String> lines, int fenceLine) {
        int j = fenceLine - 1;
        while (j >= 0 && lines.get(j).isBlank()) {
            j--;
        }
        if (j < 0 || !lines.get(j).strip().endsWith("-->")) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int k = j; k >= 0; k--) {
            String l = lines.get(k).strip();
            int open = l.indexOf("<!--");
            text.insert(0, (open >= 0 ? l.substring(open + 4) : l) + "\n");
            if (open >= 0) {
                String t = text.toString().strip();
                return t.substring(0, t.length() - 3);
            }
        }
        return null;
    }
}
