package io.jasyncio.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of handled class files survives a round trip, and a damaged one is ignored. */
class BuildStateTest {
    @TempDir
    Path tmp;

    @Test
    void aWrittenRecordReadsBackWithPathsThatHoldSpaces() throws Exception {
        BuildState s = BuildState.empty();
        s.put("p/A.class", new BuildState.Stamp(10, 20));
        s.put("p q/B$1.class", new BuildState.Stamp(30, 40));
        Path file = tmp.resolve("x/state");
        s.write(file);
        BuildState back = BuildState.read(file);
        assertEquals(2, back.size());
        assertTrue(back.isCurrent("p/A.class", new BuildState.Stamp(10, 20)));
        assertTrue(back.isCurrent("p q/B$1.class", new BuildState.Stamp(30, 40)));
        assertFalse(back.isCurrent("p/A.class", new BuildState.Stamp(10, 21)));
        assertFalse(back.isCurrent("p/A.class", new BuildState.Stamp(11, 20)));
    }

    @Test
    void aMissingRecordIsEmpty() {
        assertEquals(0, BuildState.read(tmp.resolve("absent")).size());
    }

    @Test
    void aDamagedRecordIsEmptySoEverythingIsReadAgain() throws Exception {
        Path file = tmp.resolve("state");
        Files.writeString(file, "12 34 p/A.class\nnot a number p/B.class\n");
        assertEquals(0, BuildState.read(file).size());
        Files.writeString(file, "12\n");
        assertEquals(0, BuildState.read(file).size());
    }
}
