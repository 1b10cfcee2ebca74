package io.jasyncio.doccheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks one block against its {@link Mark}; see there for what each mark demands.
 */
public final class JavaBlockChecker {
    /** Where the build compiles Java sources, relative to a module's directory. */
    private static final Pattern COMPILED_SOURCE = Pattern.compile("(?:[^/]+/)*src/(?:main|test)/java/.+\\.java");

    private final Path root;
    private final SnippetCompiler compiler;

    /**
     * @param root the repository's root, against which excerpt paths resolve
     * @param classpath what compilation units compile against
     */
    public JavaBlockChecker(Path root, String classpath) {
        this.root = root;
        this.compiler = new SnippetCompiler(classpath);
    }

    /** Checks {@code block}: empty if it holds what its mark claims, else why not, naming the document's line. */
    public Optional<String> check(JavaBlock block) {
        Mark mark;
        try {
            mark = Mark.parse(block.mark());
        } catch (IllegalArgumentException e) {
            return Optional.of(block.where() + ": " + e.getMessage());
        }
        if (mark instanceof Mark.ExcerptOf excerpt) {
            return checkQuote(block, excerpt.path(), false);
        }
        if (mark instanceof Mark.WholeFile file) {
            return checkQuote(block, file.path(), true);
        }
        List<SnippetCompiler.Error> errors = compiler.compile(block.source());
        if (mark instanceof Mark.FailsWith fails) {
            if (errors.isEmpty()) {
                return Optional.of(block.where() + ": compiles now, but is marked to fail with \"" + fails.error()
                        + "\": drop or update the mark");
            }
            if (errors.stream().noneMatch(e -> e.message().contains(fails.error()))) {
                return Optional.of(block.where() + ": fails, but with no error containing \"" + fails.error() + "\":\n"
                        + describe(block, errors));
            }
            return Optional.empty();
        }
        if (mark instanceof Mark.NotCompiled) {
            return errors.isEmpty()
                    ? Optional.of(block.where() + ": marked not compiled, but compiles as shown: drop the mark")
                    : Optional.empty();
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        String hint = SnippetCompiler.declaresTopLevelType(block.source())
                ? ""
                : "\n(an unmarked block must be a whole compilation unit; mark a fragment " + Mark.FORMS + ")";
        return Optional.of(block.where() + ": does not compile as shown:\n" + describe(block, errors) + hint);
    }

    private Optional<String> checkQuote(JavaBlock block, String path, boolean whole) {
        if (!COMPILED_SOURCE.matcher(path).matches()) {
            return Optional.of(
                    block.where() + ": " + path
                            + " is not a Java source the build compiles (MODULE/src/main/java/... or MODULE/src/test/java/...)");
        }
        Path file = root.resolve(path);
        String module = path.substring(0, path.indexOf("src/"));
        if (!Files.isRegularFile(file)
                || !Files.isRegularFile(root.resolve(module).resolve("pom.xml"))) {
            return Optional.of(block.where() + ": " + path + " is not a source file of a module of this build");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (whole) {
            return Excerpts.dedent(block.code()).equals(Excerpts.dedent(withoutTrailingBlankLines(lines)))
                    ? Optional.empty()
                    : Optional.of(block.where() + ": is not the whole of " + path + " as it is now");
        }
        if (Excerpts.find(block.code(), lines) >= 0) {
            return Optional.empty();
        }
        int[] best = Excerpts.longestPrefix(block.code(), lines);
        String detail = best[0] == 0
                ? "its first line is nowhere in the file"
                : "its first " + best[0] + " line(s) match from " + path + ":" + (best[1] + 1) + ", then line "
                        + (block.line() + best[0]) + " reads\n    "
                        + block.code().get(best[0]).strip()
                        + "\nwhere the file has\n    "
                        + (best[1] + best[0] < lines.size()
                                ? lines.get(best[1] + best[0]).strip()
                                : "(its end)");
        return Optional.of(block.where() + ": is not a verbatim excerpt of " + path + ": " + detail);
    }

    private static List<String> withoutTrailingBlankLines(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return lines.subList(0, end);
    }

    private static String describe(JavaBlock block, List<SnippetCompiler.Error> errors) {
        return errors.stream()
                .map(e -> "  " + block.document() + ":" + (e.line() > 0 ? block.line() + e.line() - 1 : block.line())
                        + ": " + e.message().replace("\n", "\n    "))
                .collect(Collectors.joining("\n"));
    }
}
