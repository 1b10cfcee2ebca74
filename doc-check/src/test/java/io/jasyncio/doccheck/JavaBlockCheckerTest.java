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

/** The checker fails a block that does not hold what its mark claims, and says where and why. */
class JavaBlockCheckerTest {
    @TempDir
    Path root;

    private JavaBlockChecker checker;

    @BeforeEach
    void newChecker() {
        checker = new JavaBlockChecker(root, DocumentationCompilesTest.testClassPath());
    }

    private Optional<String> checkOnly(String markdown) {
        List<JavaBlock> blocks =
                MarkdownJavaBlocks.parse(Path.of("DOC.md"), markdown.lines().toList());
        assertEquals(1, blocks.size(), "blocks in the test document");
        return checker.check(blocks.get(0));
    }

    private static final String COUNT = String.join(
            "\n",
            "import static io.jasyncio.Asyncio.*;",
            "",
            "import io.jasyncio.Async;",
            "import io.jasyncio.Coroutine;",
            "",
            "public final class Count {",
            "    @Async",
            "    static Coroutine<Void> count() {",
            "        await(sleep(1));",
            "        return done();",
            "    }",
            "}");

    @Test
    void aWholeCompilationUnitThatCompilesPasses() {
        assertEquals(Optional.empty(), checkOnly("# Doc\n\n```java\n" + COUNT + "\n```\n"));
    }

    @Test
    void aBlockThatStopsCompilingFailsNamingTheDocumentLineAndJavacsError() {
        String broken = COUNT.replace("await(sleep(1));", "await(sleeep(1));");

        String message =
                checkOnly("# Doc\n\nText.\n\n```java\n" + broken + "\n```\n").orElseThrow();

        // The block starts on line 6 of the document; the broken call is its 9th line.
        assertTrue(message.startsWith("DOC.md:6: does not compile as shown"), message);
        assertTrue(message.contains("DOC.md:14: cannot find symbol"), message);
        assertTrue(message.contains("sleeep"), message);
    }

    @Test
    void importsMissingFromAUnitFailIt() {
        String withoutImports = COUNT.substring(COUNT.indexOf("public final class"));

        assertTrue(
                checkOnly("```java\n" + withoutImports + "\n```").orElseThrow().contains("cannot find symbol"));
    }

    @Test
    void anUnmarkedFragmentFailsAndSaysHowToMarkIt() {
        String message = checkOnly("```java\nawait(sleep(1));\n```").orElseThrow();

        assertTrue(message.contains("an unmarked block must be a whole compilation unit"), message);
        assertTrue(message.contains("excerpt of PATH"), message);
    }

    @Test
    void aVerbatimExcerptOfACompiledSourcePassesAtAnyIndentation() throws IOException {
        writeSource("m/src/test/java/p/T.java", "class T {\n    void a() {\n        int x = 1;\n    }\n}\n");

        assertEquals(
                Optional.empty(),
                checkOnly("<!-- doc-check: excerpt of m/src/test/java/p/T.java -->\n```java\n"
                        + "void a() {\n    int x = 1;\n}\n```"));
    }

    @Test
    void anExcerptThatDriftedFromItsSourceFailsShowingTheFirstDifferentLine() throws IOException {
        writeSource("m/src/test/java/p/T.java", "class T {\n    void a() {\n        int x = 1;\n    }\n}\n");

        String message = checkOnly("<!-- doc-check: excerpt of m/src/test/java/p/T.java -->\n```java\n"
                        + "void a() {\n    int x = 2;\n}\n```")
                .orElseThrow();

        assertTrue(message.startsWith("DOC.md:3: is not a verbatim excerpt of m/src/test/java/p/T.java"), message);
        assertTrue(message.contains("int x = 2;") && message.contains("int x = 1;"), message);
    }

    @Test
    void theReadmesFileAndExcerptQuotesAreCheckedAgainstTheirFiles() throws IOException {
        writeSource("ex/src/main/java/p/A.java", "package p;\n\nclass A {\n    int x = 1;\n}\n");

        assertEquals(
                Optional.empty(),
                checkOnly("<!-- file: ex/src/main/java/p/A.java -->\n```java\n"
                        + "package p;\n\nclass A {\n    int x = 1;\n}\n```"));
        assertEquals(
                Optional.empty(),
                checkOnly("  <!-- excerpt: ex/src/main/java/p/A.java -->\n  ```java\n  int x = 1;\n  ```"));
        assertTrue(checkOnly("<!-- file: ex/src/main/java/p/A.java -->\n```java\nclass A {\n    int x = 1;\n}\n```")
                .orElseThrow()
                .contains("is not the whole of ex/src/main/java/p/A.java"));
    }

    @Test
    void anExcerptOfAFileTheBuildDoesNotCompileFails() throws IOException {
        writeSource("notes/T.java", "class T {}\n");

        String message = checkOnly("<!-- doc-check: excerpt of notes/T.java -->\n```java\nclass T {}\n```")
                .orElseThrow();

        assertTrue(message.contains("is not a Java source the build compiles"), message);
    }

    @Test
    void aBlockMarkedToFailPassesWhileItFailsWithThatError() {
        String future = COUNT.replace("sleep(1)", "sleepForever()");

        assertEquals(
                Optional.empty(),
                checkOnly("<!-- doc-check: fails with \"cannot find symbol\" until sleepForever lands -->\n"
                        + "```java\n" + future + "\n```"));
    }

    @Test
    void aBlockMarkedToFailThatCompilesFailsAndSaysToDropTheMark() {
        String message = checkOnly("<!-- doc-check: fails with \"cannot find symbol\" until it lands -->\n```java\n"
                        + COUNT + "\n```")
                .orElseThrow();

        assertTrue(message.contains("compiles now"), message);
    }

    @Test
    void aBlockMarkedToFailWithAnotherErrorFails() {
        String message = checkOnly("<!-- doc-check: fails with \"is already defined\" -->\n```java\n"
                        + COUNT.replace("sleep(1)", "sleepForever()") + "\n```")
                .orElseThrow();

        assertTrue(message.contains("no error containing \"is already defined\""), message);
    }

    @Test
    void aNotCompiledBlockThatIsPlainJavaFails() {
        String message = checkOnly("<!-- doc-check: not compiled: pseudo-code -->\n```java\n" + COUNT + "\n```")
                .orElseThrow();

        assertTrue(message.contains("compiles as shown: drop the mark"), message);
    }

    @Test
    void pseudoCodeMarkedNotCompiledPasses() {
        assertEquals(
                Optional.empty(),
                checkOnly("<!-- doc-check: not compiled: bytecode as Java -->\n```java\ngoto resume1;\n```"));
    }

    @Test
    void anUnknownMarkFails() {
        String message =
                checkOnly("<!-- doc-check: skip -->\n```java\nclass A {}\n```").orElseThrow();

        assertTrue(message.contains("unknown mark"), message);
    }

    @Test
    void onlyJavaBlocksAreFoundAndAMarkMustStandRightBeforeItsBlock() {
        List<JavaBlock> blocks = MarkdownJavaBlocks.parse(
                Path.of("D.md"),
                List.of(
                        "<!-- doc-check: not compiled: x -->",
                        "text between",
                        "```java",
                        "class A {}",
                        "```",
                        "````",
                        "```java",
                        "not a block: inside a four-backtick fence",
                        "````",
                        "```sh",
                        "mvn verify",
                        "```"));

        assertEquals(List.of(new JavaBlock(Path.of("D.md"), 4, null, List.of("class A {}"))), blocks);
    }

    private void writeSource(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Path module = root.resolve(path.substring(0, Math.max(0, path.indexOf("src/"))));
        Files.writeString(module.resolve("pom.xml"), "<project/>");
    }
}
