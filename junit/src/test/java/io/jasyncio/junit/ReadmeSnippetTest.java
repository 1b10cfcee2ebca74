package io.jasyncio.junit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Testing async code" example is taken from a real test, line for line. */
class ReadmeSnippetTest {

    @Test
    void theReadmeExampleIsCopiedFromVirtualTimeTest() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("## Testing async code");
        assertTrue(section >= 0, "README has no 'Testing async code' section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String snippet = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(Path.of("src/test/java/io/jasyncio/junit/VirtualTimeTest.java"));
        assertFalse(snippet.isBlank());
        for (String line : snippet.split("\n")) {
            if (!line.isBlank()) {
                assertTrue(source.contains(line.strip()), () -> "README line not in VirtualTimeTest: " + line);
            }
        }
    }
}
