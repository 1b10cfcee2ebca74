package io.jasyncio.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.agent.internal.AheadOfTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refusal becomes a compiler-style line that names the source file by its absolute path. */
class DiagnosticsTest {
    @TempDir
    Path tmp;

    private static AheadOfTime.Refusal refusal() throws Exception {
        try (AheadOfTime.Session s = AheadOfTime.open(Fixtures.classpath())) {
            return assertThrows(AheadOfTime.Refusal.class, () -> s.transform(Fixtures.compiled(Fixtures.REFUSED)));
        }
    }

    @Test
    void theLineNamesTheAbsoluteSourcePathLineClassMethodAndReason() throws Exception {
        Path roots = tmp.resolve("generated");
        Files.createDirectories(roots);
        AheadOfTime.Refusal r = refusal();
        int line = Fixtures.lineOf("io/jasyncio/maven/fixtures/Refused.java", "REFUSED-LINE");
        Path source =
                Path.of("src/test/java/io/jasyncio/maven/fixtures/Refused.java").toAbsolutePath();
        assertEquals(
                source + ":[" + line + ",1] io.jasyncio.maven.fixtures.Refused.holdsLock: " + r.problem(),
                Diagnostics.format(r, List.of(roots, Path.of("src/test/java"))));
        assertEquals(true, r.problem().startsWith("await() inside a synchronized block"), r.problem());
    }

    @Test
    void withoutTheSourceFileTheTransformersMessageStands() throws Exception {
        AheadOfTime.Refusal r = refusal();
        assertEquals(r.getMessage(), Diagnostics.format(r, List.of(tmp)));
    }

    @Test
    void theFirstRootThatHasTheFileWins() throws Exception {
        Path first = tmp.resolve("a/io/jasyncio/maven/fixtures/Refused.java");
        Files.createDirectories(first.getParent());
        Files.writeString(first, "");
        assertEquals(first, Diagnostics.sourceOf(refusal(), List.of(tmp.resolve("a"), Path.of("src/test/java"))));
    }
}
