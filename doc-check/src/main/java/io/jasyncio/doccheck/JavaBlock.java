package io.jasyncio.doccheck;

import java.nio.file.Path;
import java.util.List;

/**
 * One fenced {@code ```java} block of a Markdown document.
 *
 * @param document the document, as given to {@link MarkdownJavaBlocks#read}
 * @param line the 1-based line of the block's first code line in the document
 * @param mark the text of the block's mark ({@code doc-check: ...}, {@code file: PATH} or {@code
 *     excerpt: PATH}), or {@code null} if it has none
 * @param code the block's lines, exactly as written
 */
public record JavaBlock(Path document, int line, String mark, List<String> code) {
    public JavaBlock {
        code = List.copyOf(code);
    }

    /** The block's code as one string, each line ended by a newline. */
    public String source() {
        StringBuilder b = new StringBuilder();
        for (String l : code) {
            b.append(l).append('\n');
        }
        return b.toString();
    }

    /** {@code document:line}, where a reader finds the block. */
    public String where() {
        return document + ":" + line;
    }
}
