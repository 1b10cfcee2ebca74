package io.jasyncio.doccheck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Java code block of every Markdown document of the repository holds what its mark claims
 * (see {@link Mark}): one dynamic test per block, named after its document and line.
 */
class DocumentationCompilesTest {

    static Path repositoryRoot() {
        String root = System.getProperty("jasyncio.repository.root");
        if (root == null) {
            throw new IllegalStateException("run by Maven, which sets jasyncio.repository.root");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    static String testClassPath() {
        // Surefire hands the forked JVM a one-entry manifest jar; the real class path is here.
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Every *.md under {@code root}, relative to it, leaving out build output and hidden folders. */
    static List<Path> markdownDocuments(Path root) throws IOException {
        List<Path> documents = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skipped = !dir.equals(root)
                        && (name.startsWith(".") || name.equals("target") || name.equals("node_modules"));
                return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().endsWith(".md")) {
                    documents.add(root.relativize(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        documents.sort(null);
        return documents;
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockOfEveryMarkdownDocumentHoldsWhatItsMarkClaims() throws IOException {
        Path root = repositoryRoot();
        List<Path> documents = markdownDocuments(root);
        assertTrue(documents.contains(Path.of("README.md")), () -> "README.md not found under " + root);
        List<JavaBlock> blocks = new ArrayList<>();
        for (Path document : documents) {
            for (JavaBlock b : MarkdownJavaBlocks.read(root.resolve(document))) {
                blocks.add(new JavaBlock(document, b.line(), b.mark(), b.code()));
            }
        }
        assertFalse(blocks.isEmpty(), "no java block found: the check would check nothing");
        JavaBlockChecker checker = new JavaBlockChecker(root, testClassPath());
        return blocks.stream()
                .map(b -> DynamicTest.dynamicTest(
                        b.where(), () -> checker.check(b).ifPresent(m -> fail(m))));
    }
}
