package io.jasyncio.doccheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code java} code blocks of a Markdown document (CommonMark fences of three or more
 * backticks or tildes; the info string's first word names the language) and the mark each
 * carries: an HTML comment {@code <!-- doc-check: ... -->}, {@code <!-- file: PATH -->} or
 * {@code <!-- excerpt: PATH -->} on the nearest non-blank line before the opening fence.
 */
public final class MarkdownJavaBlocks {
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$");
    /** A mark of this check, or a quote mark of the README's user-project recipes ({@code file:}, {@code excerpt:}). */
    private static final Pattern MARK = Pattern.compile("^\\s*<!--\\s*((?:doc-check|file|excerpt):.*?)\\s*-->\\s*$");

    private MarkdownJavaBlocks() {}

    /** Reads {@code document} and returns its {@code java} blocks in order. */
    public static List<JavaBlock> read(Path document) throws IOException {
        return parse(document, Files.readAllLines(document));
    }

    /** Returns the {@code java} blocks of a document given as lines; {@code document} names it. */
    public static List<JavaBlock> parse(Path document, List<String> lines) {
        List<JavaBlock> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            String fence = open.group(1);
            boolean java = open.group(2).equals("java");
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !closes(lines.get(end), fence)) {
                end++;
            }
            if (java) {
                blocks.add(new JavaBlock(document, start + 1, markBefore(lines, i), lines.subList(start, end)));
            }
            i = end + 1;
        }
        return blocks;
    }

    private static boolean closes(String line, String fence) {
        String t = line.strip();
        return t.length() >= fence.length()
                && t.chars().allMatch(c -> c == fence.charAt(0))
                && line.indexOf(fence.charAt(0)) <= 3;
    }

    private static String markBefore(List<String> lines, int fenceLine) {
        for (int j = fenceLine - 1; j >= 0; j--) {
            String l = lines.get(j);
            if (l.isBlank()) {
                continue;
            }
            Matcher m = MARK.matcher(l);
            return m.matches() ? m.group(1) : null;
        }
        return null;
    }
}
