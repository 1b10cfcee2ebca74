package io.jasyncio.doccheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions run for real, in a folder standing for the repository's root, with programs that
 * {@code java} runs from source.
 */
class SessionRunnerTest {
    @TempDir
    Path root;

    private SessionRunner runner;

    @BeforeEach
    void programs() throws IOException {
        Files.writeString(
                root.resolve("Hello.java"),
                "class Hello { public static void main(String[] a) {"
                        + " System.out.println(\"hello \" + String.join(\" \", a));"
                        + " System.err.println(\"on stderr\");"
                        + " if (a.length > 0 && a[0].equals(\"fail\")) System.exit(3); } }");
        // Prints its pid, then waits to be killed (at most a minute, so nothing outlives the test).
        Files.writeString(
                root.resolve("Waiter.java"),
                "class Waiter { public static void main(String[] a) throws Exception {"
                        + " System.out.println(\"waiting\"); Thread.sleep(60_000); } }");
        // Prints whether a process of the given pid is alive.
        Files.writeString(
                root.resolve("Alive.java"),
                "class Alive { public static void main(String[] a) {"
                        + " System.out.println(ProcessHandle.of(Long.parseLong(a[0])).isPresent()); } }");
        runner = new SessionRunner(root, Path.of(System.getProperty("java.home")));
    }

    private Optional<String> run(String markdown) {
        List<Session> sessions =
                MarkdownSessions.parse(Path.of("DOC.md"), markdown.lines().toList());
        assertEquals(1, sessions.size());
        return runner.run(sessions.get(0));
    }

    @Test
    void aSessionWhoseCommandsPrintWhatThePageShowsPasses() {
        assertEquals(
                Optional.empty(),
                run(
                        "<!-- doc-check: output -->\n```\n$ java Hello.java 'big world'\nhello big world\non stderr\n```\n"));
    }

    @Test
    void anOutputThatDriftedFailsNamingTheCommandsLineAndTheDifference() {
        String message =
                run("intro\n\n<!-- doc-check: output -->\n```\n$ java Hello.java world\nhello there\non stderr\n```\n")
                        .orElseThrow();
        assertTrue(message.startsWith("DOC.md:5: $ java Hello.java world\nline 1 of the output differs:"), message);
        assertTrue(message.contains("page: hello there\n  run:  hello world"), message);
    }

    @Test
    void aCommandThatFailsFailsTheSession() {
        String message = run("<!-- doc-check: output -->\n```\n$ java Hello.java fail\nhello fail\non stderr\n```\n")
                .orElseThrow();
        assertTrue(message.contains("exited with status 3"), message);
    }

    @Test
    void aBackgroundJobShowsItsFirstLinesAndDollarBangNamesItUntilKilled() {
        assertEquals(
                Optional.empty(),
                run(String.join(
                        "\n",
                        "<!-- doc-check: output -->",
                        "```",
                        "$ java Waiter.java &",
                        "waiting",
                        "$ java Alive.java $!",
                        "true",
                        "$ kill $!",
                        "```")));
    }

    @Test
    void aProgramThatIsNotInstalledFailsSayingSo() {
        String message = run("<!-- doc-check: output -->\n```\n$ no-such-program-here x\n```\n")
                .orElseThrow();
        assertTrue(message.contains("cannot start no-such-program-here (is it installed and on the PATH?)"), message);
    }
}
