package io.jasyncio.doccheck;

import java.util.List;

/**
 * Whether a block is a verbatim run of lines of a file: the same lines in the same order, with
 * the same relative indentation (a block may sit at any depth, since a document shows a method
 * without its class's indentation). Trailing blanks are ignored.
 */
public final class Excerpts {
    private Excerpts() {}

    /**
     * Finds {@code excerpt} in {@code file}.
     *
     * @return the 0-based index of the file line where the excerpt starts, or -1
     */
    public static int find(List<String> excerpt, List<String> file) {
        List<String> want = dedent(excerpt);
        if (want.isEmpty()) {
            return -1;
        }
        for (int i = 0; i + want.size() <= file.size(); i++) {
            if (dedent(file.subList(i, i + want.size())).equals(want)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * How many leading lines of {@code excerpt} match {@code file} at the best place: for a
     * message that shows where the excerpt drifted from its source.
     *
     * @return {@code {matchedLines, fileIndex}}
     */
    public static int[] longestPrefix(List<String> excerpt, List<String> file) {
        int best = 0;
        int at = -1;
        for (int i = 0; i < file.size(); i++) {
            int n = 1;
            while (n <= excerpt.size() && i + n <= file.size()) {
                if (!dedent(file.subList(i, i + n)).equals(dedent(excerpt.subList(0, n)))) {
                    break;
                }
                n++;
            }
            if (n - 1 > best) {
                best = n - 1;
                at = i;
            }
        }
        return new int[] {best, at};
    }

    static List<String> dedent(List<String> lines) {
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return lines.stream()
                .map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing())
                .toList();
    }
}
