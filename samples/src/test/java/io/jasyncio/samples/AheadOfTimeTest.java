package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ahead-of-time path: {@code java -jar jasyncio-agent.jar instrument IN OUT} rewrites the
 * samples so they run with no agent, the result is byte for byte what the agent produces at load
 * time, and instrumenting twice changes nothing.
 */
class AheadOfTimeTest {
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String AGENT = System.getProperty("jasyncio.agent.jar");
    private static final String[] CP =
            System.getProperty("jasyncio.samples.classpath").split(File.pathSeparator);
    private static final Path SAMPLES = Path.of(CP[0]);
    private static final String RUNTIME = CP[1];

    private static List<String> exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + out);
        return out.lines().toList();
    }

    private static byte[] countClass(Path root) throws IOException {
        return Files.readAllBytes(root.resolve("io/jasyncio/samples/Count.class"));
    }

    @Test
    void instrumentedClassesRunWithoutTheAgentAndMatchWhatTheAgentProduces(@TempDir Path tmp) throws Exception {
        Path aot = tmp.resolve("aot");
        List<String> report = exec(
                List.of(JAVA, "-jar", AGENT, "instrument", SAMPLES.toString(), aot.toString(), "--classpath", RUNTIME));
        assertTrue(report.get(0).startsWith("instrumented "), report.toString());

        List<String> out = exec(List.of(JAVA, "-cp", aot + File.pathSeparator + RUNTIME, "io.jasyncio.samples.Count"));
        assertEquals(List.of("One", "One", "One", "Two", "Two", "Two"), out.subList(0, 6));

        Path dumped = tmp.resolve("dump");
        exec(List.of(
                JAVA,
                "-javaagent:" + AGENT + "=dump=" + dumped,
                "-cp",
                SAMPLES + File.pathSeparator + RUNTIME,
                "io.jasyncio.samples.Count"));
        assertArrayEquals(countClass(dumped), countClass(aot), "the agent and the instrument command disagree");
    }

    @Test
    void instrumentingTwiceIsHarmless(@TempDir Path tmp) throws Exception {
        Path once = tmp.resolve("once");
        Path twice = tmp.resolve("twice");
        exec(List.of(JAVA, "-jar", AGENT, "instrument", SAMPLES.toString(), once.toString(), "--classpath", RUNTIME));
        List<String> second = exec(
                List.of(JAVA, "-jar", AGENT, "instrument", once.toString(), twice.toString(), "--classpath", RUNTIME));
        assertTrue(second.get(0).startsWith("instrumented 0 of "), second.toString());
        assertArrayEquals(countClass(once), countClass(twice));
        List<String> cmd = new ArrayList<>(List.of(
                JAVA, "-javaagent:" + AGENT, "-cp", twice + File.pathSeparator + RUNTIME, "io.jasyncio.samples.Count"));
        assertEquals("One", exec(cmd).get(0), "an instrumented class must also run with the agent attached");
    }
}
