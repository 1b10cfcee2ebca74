package io.jasyncio.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use jasyncio in your project" shows the user projects that the invoker builds:
 * each block after {@code <!-- file: PATH -->} is that whole file, and each block after
 * {@code <!-- excerpt: PATH -->} is a run of its lines (indented as the Markdown needs), so that
 * what a reader copies is what CI built.
 */
class ReadmeExamplesTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MARKER = Pattern.compile("^\\s*<!-- (file|excerpt): (\\S+) -->$");

    /** A quoted block: how it is marked, the file it quotes, and its lines without the Markdown indent. */
    record Quote(String kind, String path, List<String> lines) {}

    private static List<Quote> quotes() throws IOException {
        List<String> readme = Files.readAllLines(REPOSITORY.resolve("README.md"));
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            Matcher m = MARKER.matcher(readme.get(i));
            if (!m.matches()) {
                continue;
            }
            String fence = readme.get(i + 1);
            assertTrue(fence.strip().startsWith("```"), "a code block follows line " + (i + 1));
            int indent = fence.indexOf('`');
            List<String> lines = new ArrayList<>();
            int j = i + 2;
            for (; !readme.get(j).strip().equals("```"); j++) {
                String line = readme.get(j);
                lines.add(line.isEmpty() ? line : line.substring(indent));
            }
            quotes.add(new Quote(m.group(1), m.group(2), lines));
            i = j;
        }
        return quotes;
    }

    private static int indentOf(String line) {
        return line.length() - line.stripLeading().length();
    }

    /** Whether {@code part} is a run of {@code whole}'s lines, all shifted left by the same amount. */
    private static boolean isRunOf(List<String> part, List<String> whole) {
        for (int start = 0; start + part.size() <= whole.size(); start++) {
            int shift = indentOf(whole.get(start)) - indentOf(part.get(0));
            boolean same = shift >= 0;
            for (int k = 0; same && k < part.size(); k++) {
                String p = part.get(k);
                String w = whole.get(start + k);
                same = p.isEmpty() ? w.isEmpty() : w.equals(" ".repeat(shift) + p);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyQuotedBlockIsWhatTheUserProjectsHold() throws IOException {
        List<Quote> quotes = quotes();
        assertEquals(4, quotes.stream().filter(q -> q.kind().equals("file")).count(), quotes.toString());
        assertEquals(4, quotes.stream().filter(q -> q.kind().equals("excerpt")).count(), quotes.toString());
        for (Quote q : quotes) {
            List<String> file = Files.readAllLines(REPOSITORY.resolve(q.path()));
            if (q.kind().equals("file")) {
                assertEquals(file, q.lines(), q.path());
            } else {
                assertTrue(
                        isRunOf(q.lines(), file), q.path() + " holds no such lines:\n" + String.join("\n", q.lines()));
            }
        }
    }

    @Test
    void bothProjectsRunTheSameApplicationAndTests() throws IOException {
        for (String f :
                List.of("src/main/java/com/example/echo/App.java", "src/test/java/com/example/echo/AppTest.java")) {
            assertEquals(
                    Files.readString(REPOSITORY.resolve("examples/with-plugin").resolve(f)),
                    Files.readString(REPOSITORY.resolve("examples/with-agent").resolve(f)),
                    f);
        }
    }

    @Test
    void theProjectWithThePluginNamesNoAgent() throws IOException {
        Path project = REPOSITORY.resolve("examples/with-plugin");
        try (var files = Files.walk(project)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(f -> !project.relativize(f).startsWith("target"))
                    .filter(f -> !f.getFileName().toString().equals("verify.groovy"))::iterator) {
                assertTrue(!Files.readString(f).contains("javaagent"), f + " names the agent");
            }
        }
    }
}
