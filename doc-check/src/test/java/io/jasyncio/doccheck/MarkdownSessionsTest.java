package io.jasyncio.doccheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Marked sessions are found with their commands, outputs and document lines; unmarked blocks are left alone. */
class MarkdownSessionsTest {
    private static List<Session> parse(String markdown) {
        return MarkdownSessions.parse(Path.of("DOC.md"), markdown.lines().toList());
    }

    @Test
    void aMarkedBlockIsASessionOfCommandsEachWithTheLinesAfterIt() {
        List<Session> sessions = parse(String.join(
                "\n",
                "# Doc",
                "",
                "<!-- doc-check: output",
                "     varies: executed in # seconds. -->",
                "```",
                "$ java -cp x Count",
                "One",
                "executed in 1.01 seconds.",
                "$ kill $!",
                "```",
                "",
                "```",
                "$ not checked",
                "```"));
        assertEquals(1, sessions.size());
        Session s = sessions.get(0);
        assertEquals(6, s.line());
        assertEquals(
                List.of(new OutputMark.Template("executed in # seconds.")),
                s.mark().templates());
        assertEquals(
                List.of(
                        new Session.Step(6, "java -cp x Count", List.of("One", "executed in 1.01 seconds.")),
                        new Session.Step(9, "kill $!", List.of())),
                s.steps());
    }

    @Test
    void aMarkedBlockMustStartWithACommand() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> parse("<!-- doc-check: output -->\n```\nOne\n```\n"));
        assertTrue(e.getMessage().startsWith("DOC.md:3: a session"), e.getMessage());
    }

    @Test
    void theOutputMarkOnAJavaBlockIsRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> parse("<!-- doc-check: output -->\n```java\nclass A {}\n```\n"));
    }
}
