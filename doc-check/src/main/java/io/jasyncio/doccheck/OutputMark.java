package io.jasyncio.doccheck;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The mark of a shell session whose output is checked: {@code <!-- doc-check: output -->} on the
 * line before the block's opening fence, optionally spread over several lines, each further line
 * an option:
 *
 * <pre>
 * &lt;!-- doc-check: output
 *      varies: executed in # seconds.
 *      ports: 6390
 * --&gt;
 * </pre>
 *
 * <ul>
 *   <li>{@code varies: TEMPLATE} (any number of them): a line of the page and the line of the run
 *       at the same place agree if they are equal or if both match one template. In a template,
 *       {@code #} stands for one number ({@code -12}, {@code 3.14}, {@code 38,824}, {@code
 *       0x3caeaf62}), {@code *} for any text, a run of spaces for a run of one or more spaces (so a
 *       column of a table that widens with its numbers still matches); a backslash makes the next
 *       character stand for itself ({@code main\#1}); everything else stands for itself.
 *   <li>{@code ignores: TEMPLATE} (any number of them): lines that fit the template, on the page
 *       and in the run, are left out before comparing: for lines whose number differs between
 *       runs or JDKs (the JDK's own frames of a stack trace). The page still shows them.
 *   <li>{@code ports: N ...}: port numbers the page uses; each is replaced by a port that was
 *       free when the session started in the commands, and back by the page's number in what they
 *       print (so a run against port 41234 shows 6390, as the page does).
 * </ul>
 *
 * @param templates the {@code varies} templates, in the order given
 * @param ignored the {@code ignores} templates
 * @param ports the {@code ports} to replace by free ones
 */
public record OutputMark(List<Template> templates, List<Template> ignored, List<Integer> ports) {
    /** The mark's first word, after {@code doc-check:}. */
    static final String KEYWORD = "output";

    public OutputMark {
        templates = List.copyOf(templates);
        ignored = List.copyOf(ignored);
        ports = List.copyOf(ports);
    }

    /**
     * Parses the text between {@code <!--} and {@code -->}.
     *
     * @return the mark, or {@code null} if the comment is not an output mark
     * @throws IllegalArgumentException if it is one but an option is malformed
     */
    public static OutputMark parse(String comment) {
        List<String> lines = comment.strip().lines().map(String::strip).toList();
        if (lines.isEmpty() || !lines.get(0).matches("doc-check:\\s*" + KEYWORD)) {
            return null;
        }
        List<Template> templates = new ArrayList<>();
        List<Template> ignored = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (String option : lines.subList(1, lines.size())) {
            if (option.startsWith("varies:")) {
                templates.add(new Template(option.substring("varies:".length()).strip()));
            } else if (option.startsWith("ignores:")) {
                ignored.add(new Template(option.substring("ignores:".length()).strip()));
            } else if (option.matches("ports:(\\s+\\d+)+")) {
                for (String p : option.substring("ports:".length()).strip().split("\\s+")) {
                    ports.add(Integer.parseInt(p));
                }
            } else if (!option.isEmpty()) {
                throw new IllegalArgumentException("unknown option \"" + option + "\" of <!-- doc-check: output -->;"
                        + " expected \"varies: TEMPLATE\", \"ignores: TEMPLATE\" or \"ports: N ...\"");
            }
        }
        return new OutputMark(templates, ignored, ports);
    }

    /**
     * A line template of a {@code varies} option.
     *
     * @param text the template as written
     */
    public record Template(String text) {
        private static final String NUMBER = "(?:0x[0-9a-fA-F]+|-?\\d[\\d,]*(?:\\.\\d+)?)";

        /** The regular expression the template stands for. */
        Pattern pattern() {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    literal.append(text.charAt(++i));
                } else if (c == '#' || c == '*' || c == ' ') {
                    if (literal.length() > 0) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    if (c == '#') {
                        regex.append(NUMBER);
                    } else if (c == '*') {
                        regex.append(".*?");
                    } else {
                        while (i + 1 < text.length() && text.charAt(i + 1) == ' ') {
                            i++;
                        }
                        regex.append(" +");
                    }
                } else {
                    literal.append(c);
                }
            }
            if (literal.length() > 0) {
                regex.append(Pattern.quote(literal.toString()));
            }
            return Pattern.compile(regex.toString());
        }

        /** Whether the whole of {@code line} (trailing blanks aside) fits the template. */
        public boolean matches(String line) {
            return pattern().matcher(line.stripTrailing()).matches();
        }
    }
}
