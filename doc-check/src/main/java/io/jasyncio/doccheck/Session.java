package io.jasyncio.doccheck;

import java.nio.file.Path;
import java.util.List;

/**
 * A fenced block of a Markdown document that shows a shell session, marked {@code <!-- doc-check:
 * output -->}: commands, each on a line starting with {@code $ }, each followed by the lines it
 * prints (standard output and standard error together, as a terminal shows them).
 *
 * @param document the document
 * @param line the 1-based line of the block's first line in the document
 * @param mark the mark's options
 * @param steps the commands with their output, in order
 */
public record Session(Path document, int line, OutputMark mark, List<Step> steps) {
    public Session {
        steps = List.copyOf(steps);
    }

    /**
     * One command and what the page shows it printing.
     *
     * @param line the 1-based line of the command in the document
     * @param command the command, without its {@code $ }
     * @param output the lines shown after it, up to the next command
     */
    public record Step(int line, String command, List<String> output) {
        public Step {
            output = List.copyOf(output);
        }
    }

    /** {@code document:line}, where a reader finds the block. */
    public String where() {
        return document + ":" + line;
    }
}
