package io.jasyncio.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The agent jar's command line dispatches to its commands. */
class MainTest {
    private static String[] run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {
            String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    @Test
    void explainIsACommand() throws Exception {
        Path plain = Path.of(ClassLoader.getSystemResource("io/jasyncio/agent/explain/fixtures/Plain.class")
                .toURI());
        String[] r = run("explain", plain.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("no coroutine methods in "), r[1]);
    }

    @Test
    void withoutACommandTheUsageNamesBothCommands() throws Exception {
        String[] r = run();
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("instrument IN OUT"), r[2]);
        assertTrue(r[2].contains("explain TARGET [METHOD]"), r[2]);
    }
}
