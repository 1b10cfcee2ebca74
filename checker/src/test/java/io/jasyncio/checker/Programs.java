package io.jasyncio.checker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Test programs and what the checker must say about them. A program marks each line that must
 * get a diagnostic with a comment {@code // expect: error rule-id | arg | arg}, its arguments
 * being those of the rule's text. A line the agent wrongly accepts (a bug of the agent's) is
 * marked {@code // agent-accepts} too.
 */
final class Programs {
    private static final String EXPECT = "// expect: ";

    private Programs() {}

    /** The repository's root, for the samples' and the agent's sources. */
    static Path repository() {
        return Path.of(System.getProperty("jasyncio.repository.root", ".."));
    }

    /** The programs of a folder of the test resources ({@code wrong}), by file name ({@code wrong/Lambdas.java}). */
    static Map<String, String> resources(String folder) {
        return read(Path.of("src/test/resources/programs").resolve(folder), Path.of("src/test/resources/programs"));
    }

    /** Every {@code .java} file under {@code dir}, named relative to {@code root}. */
    static Map<String, String> read(Path dir, Path root) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                out.put(root.relativize(f).toString().replace('\\', '/'), Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** What the {@code // expect:} markers of {@code source} say, one {@code line: kind: message} per diagnostic. */
    static List<String> expected(String source) {
        List<String> out = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (String marker : markers(lines[i], EXPECT)) {
                String[] parts = marker.split(" \\| ");
                String[] head = parts[0].trim().split(" ");
                Rule rule = Rule.byId(head[1]);
                Object[] args = Arrays.copyOfRange(parts, 1, parts.length);
                out.add((i + 1) + ": " + head[0] + ": " + Reporter.message(rule, args));
            }
        }
        return out;
    }

    /** The lines marked {@code // agent-accepts}: the checker is right and the agent wrong, for now. */
    static List<Integer> agentAccepts(String source) {
        List<Integer> out = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("// agent-accepts")) {
                out.add(i + 1);
            }
        }
        return out;
    }

    /** The checker's diagnostics about {@code file}, as {@code line: kind: message}. */
    static List<String> seen(InMemoryJavac.Result result, String file) {
        List<String> out = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : result.checker()) {
            if (d.getSource() != null && d.getSource().toUri().getPath().endsWith("/" + file)) {
                String kind = d.getKind() == Diagnostic.Kind.ERROR ? "error" : "warning";
                out.add(d.getLineNumber() + ": " + kind + ": " + d.getMessage(null));
            }
        }
        return out;
    }

    private static List<String> markers(String line, String kind) {
        List<String> out = new ArrayList<>();
        for (int at = line.indexOf(kind); at >= 0; at = line.indexOf(kind, at + 1)) {
            String rest = line.substring(at + kind.length());
            int end = rest.indexOf(" //");
            out.add(end < 0 ? rest : rest.substring(0, end));
        }
        return out;
    }
}
