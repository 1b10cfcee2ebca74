package io.jasyncio.agent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ahead-of-time front end: the build tools' seam into the transformer. */
class AheadOfTimeTest {
    private static final Path TEST_CLASSES = classesFolderOf(AheadOfTimeTest.class);
    private static final Path RUNTIME_CLASSES = classesFolderOf(io.jasyncio.Coroutine.class);

    private static Path classesFolderOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytesOf(String className) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static int lineOf(String sourcePath, String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java", sourcePath));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker);
    }

    @Test
    void aSessionRewritesACoroutineClassOnceAndThenLeavesItAlone() throws Exception {
        byte[] original = bytesOf("io.jasyncio.agent.explain.fixtures.Explained");
        try (AheadOfTime.Session s = AheadOfTime.open(List.of(TEST_CLASSES, RUNTIME_CLASSES))) {
            assertTrue(AheadOfTime.Session.mayNeedTransform(original));
            byte[] rewritten = s.transform(original);
            assertNotNull(rewritten);
            assertFalse(AheadOfTime.Session.mayNeedTransform(rewritten));
            assertNull(s.transform(rewritten), "a rewritten class is recognised and left alone");
        }
    }

    @Test
    void aClassWithoutCoroutinesIsNotRewritten() throws Exception {
        byte[] plain = bytesOf("io.jasyncio.agent.explain.fixtures.Plain");
        try (AheadOfTime.Session s = AheadOfTime.open(List.of(TEST_CLASSES, RUNTIME_CLASSES))) {
            assertNull(s.transform(plain));
        }
    }

    @Test
    void aRefusalGivesClassMethodSourceFileLineAndProblemApart() throws Exception {
        byte[] refused = bytesOf("io.jasyncio.agent.refused.AwaitInSynchronizedBlock");
        int line = lineOf("io/jasyncio/agent/refused/AwaitInSynchronizedBlock.java", "LINE-SYNC-BLOCK");
        try (AheadOfTime.Session s = AheadOfTime.open(List.of(TEST_CLASSES, RUNTIME_CLASSES))) {
            AheadOfTime.Refusal r = assertThrows(AheadOfTime.Refusal.class, () -> s.transform(refused));
            assertEquals("io.jasyncio.agent.refused.AwaitInSynchronizedBlock", r.className());
            assertEquals("holdsLock", r.method());
            assertEquals("AwaitInSynchronizedBlock.java", r.sourceFile());
            assertEquals(line, r.line());
            assertTrue(r.problem().startsWith("await() inside a synchronized block"), r.problem());
            assertEquals(
                    "io.jasyncio.agent.refused.AwaitInSynchronizedBlock.holdsLock(AwaitInSynchronizedBlock.java:" + line
                            + "): " + r.problem(),
                    r.getMessage());
        }
    }

    @Test
    void aSessionGivesTheSameBytesAsTheInstrumentCommand(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in/io/jasyncio/agent/explain/fixtures");
        Files.createDirectories(in);
        byte[] original = bytesOf("io.jasyncio.agent.explain.fixtures.Explained");
        Files.write(in.resolve("Explained.class"), original);
        AheadOfTime.Report report =
                AheadOfTime.instrument(tmp.resolve("in"), tmp.resolve("out"), RUNTIME_CLASSES.toString());
        assertEquals(new AheadOfTime.Report(1, 1, List.of()), report);
        try (AheadOfTime.Session s = AheadOfTime.open(List.of(tmp.resolve("in"), RUNTIME_CLASSES))) {
            assertArrayEquals(
                    s.transform(original),
                    Files.readAllBytes(tmp.resolve("out/io/jasyncio/agent/explain/fixtures/Explained.class")));
        }
    }

    @Test
    void missingClassPathEntriesAreSkipped(@TempDir Path tmp) throws Exception {
        try (AheadOfTime.Session s =
                AheadOfTime.open(List.of(tmp.resolve("absent.jar"), TEST_CLASSES, RUNTIME_CLASSES))) {
            assertNotNull(s.transform(bytesOf("io.jasyncio.agent.explain.fixtures.Explained")));
        }
    }

    @Test
    void moduleInfoIsNoClassToRewrite() {
        assertTrue(AheadOfTime.isClassFile("p/C.class"));
        assertFalse(AheadOfTime.isClassFile("module-info.class"));
        assertFalse(AheadOfTime.isClassFile("META-INF/versions/11/module-info.class"));
        assertFalse(AheadOfTime.isClassFile("p/C.java"));
    }
}
