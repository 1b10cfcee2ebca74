package io.jasyncio.doccheck;

import java.util.List;
import java.util.Optional;

/**
 * Compares the lines a page shows with the lines a run printed, by the rule of {@link
 * OutputMark}: line by line, the same number of lines, trailing blanks ignored; two lines at the
 * same place agree if they are equal or if both fit one {@code varies} template; lines that fit
 * an {@code ignores} template are left out of both first.
 */
public final class OutputLines {
    private OutputLines() {}

    /**
     * Compares {@code shown} (the page) with {@code printed} (the run).
     *
     * @return empty if they agree, else a description of the first difference and both texts
     */
    public static Optional<String> compare(
            List<String> shown, List<String> printed, List<OutputMark.Template> templates) {
        return compare(shown, printed, templates, List.of());
    }

    /**
     * Compares {@code shown} with {@code printed}, leaving out of both the lines that fit one of
     * {@code ignored}.
     *
     * @return empty if they agree, else a description of the first difference and both texts
     */
    public static Optional<String> compare(
            List<String> shown,
            List<String> printed,
            List<OutputMark.Template> templates,
            List<OutputMark.Template> ignored) {
        shown = without(shown, ignored);
        printed = without(printed, ignored);
        int n = Math.max(shown.size(), printed.size());
        for (int i = 0; i < n; i++) {
            String want = i < shown.size() ? shown.get(i).stripTrailing() : null;
            String got = i < printed.size() ? printed.get(i).stripTrailing() : null;
            if (want == null || got == null || !agree(want, got, templates)) {
                return Optional.of("line " + (i + 1) + " of the output differs:\n  page: "
                        + (want == null ? "(nothing)" : want) + "\n  run:  " + (got == null ? "(nothing)" : got)
                        + "\nthe page shows:\n" + indent(shown) + "the run printed:\n" + indent(printed));
            }
        }
        return Optional.empty();
    }

    /** {@code lines} without those that fit one of {@code ignored}. */
    static List<String> without(List<String> lines, List<OutputMark.Template> ignored) {
        return ignored.isEmpty()
                ? lines
                : lines.stream()
                        .filter(l -> ignored.stream().noneMatch(t -> t.matches(l)))
                        .toList();
    }

    private static boolean agree(String want, String got, List<OutputMark.Template> templates) {
        if (want.equals(got)) {
            return true;
        }
        for (OutputMark.Template t : templates) {
            if (t.matches(want) && t.matches(got)) {
                return true;
            }
        }
        return false;
    }

    private static String indent(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append("    ").append(l).append('\n');
        }
        return b.toString();
    }
}
