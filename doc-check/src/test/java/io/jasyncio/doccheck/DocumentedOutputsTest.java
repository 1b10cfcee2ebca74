package io.jasyncio.doccheck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shell session marked {@code <!-- doc-check: output -->} in every Markdown document of the
 * repository prints what the page shows when run (see {@link SessionRunner}): one dynamic test
 * per session, named after its document and line. The build has compiled the samples and
 * packaged the agent and the checker by the time this runs (this module depends on them).
 */
class DocumentedOutputsTest {
    private static final Path TUTORIAL = Path.of("docs", "tutorial");

    private static List<Session> sessions(Path root) throws IOException {
        List<Session> sessions = new ArrayList<>();
        for (Path document : DocumentationCompilesTest.markdownDocuments(root)) {
            for (Session s : MarkdownSessions.read(root.resolve(document))) {
                sessions.add(new Session(document, s.line(), s.mark(), s.steps()));
            }
        }
        return sessions;
    }

    @TestFactory
    Stream<DynamicTest> everyMarkedSessionPrintsWhatItsPageShows() throws IOException {
        Path root = DocumentationCompilesTest.repositoryRoot();
        List<Session> sessions = sessions(root);
        assertFalse(sessions.isEmpty(), "no session marked <!-- doc-check: output --> found: nothing would be checked");
        SessionRunner runner = new SessionRunner(root, Path.of(System.getProperty("java.home")));
        return sessions.stream()
                .map(s -> DynamicTest.dynamicTest(s.where(), () -> runner.run(s).ifPresent(m -> fail(m))));
    }

    @Test
    void everyTutorialPageShowsAtLeastOneCheckedSession() throws IOException {
        Path root = DocumentationCompilesTest.repositoryRoot();
        List<Path> pages;
        try (Stream<Path> files = Files.list(root.resolve(TUTORIAL))) {
            pages = files.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md"))
                    .sorted()
                    .toList();
        }
        assertFalse(pages.isEmpty(), "no numbered page in " + TUTORIAL);
        for (Path page : pages) {
            assertTrue(
                    !MarkdownSessions.read(page).isEmpty(),
                    page + " shows no session marked <!-- doc-check: output -->: its output would go unchecked");
        }
    }
}
