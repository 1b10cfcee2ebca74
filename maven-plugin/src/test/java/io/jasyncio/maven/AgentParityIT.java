package io.jasyncio.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.maven.fixtures.LoadAll;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's output is the agent's, byte for byte: the shipped agent jar, attached with
 * {@code -javaagent:...=dump=DIR} to a JVM that loads the fixture classes, writes what it
 * rewrote at load time, and the plugin's in-place rewrite of the same classes must match it.
 */
class AgentParityIT {
    @TempDir
    Path tmp;

    @Test
    void thePluginWritesTheBytesTheAgentMakesAtLoadTime() throws Exception {
        Path classes =
                Fixtures.classesFolder(tmp.resolve("classes"), Fixtures.PIPELINE, Fixtures.NESTED, Fixtures.PLAIN);
        ClassesInstrumenter.Result r =
                ClassesInstrumenter.instrument(classes, Fixtures.classpath(), tmp.resolve("target/jasyncio/state"));
        assertEquals(2, r.rewritten().size(), r.toString());

        Path dump = tmp.resolve("dump");
        String agent = System.getProperty("jasyncio.agent.jar");
        assertTrue(agent != null && agent.endsWith(".jar"), "the shaded agent jar, given by the build: " + agent);
        Path testClasses = Path.of(LoadAll.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-javaagent:" + agent + "=dump=" + dump,
                        "-cp",
                        testClasses + File.pathSeparator + Fixtures.runtime(),
                        LoadAll.class.getName(),
                        "io.jasyncio.maven.fixtures.Pipeline",
                        "io.jasyncio.maven.fixtures.Pipeline$Nested",
                        "io.jasyncio.maven.fixtures.Plain")
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("jvm.log").toFile())
                .start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM with the agent did not finish");
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(tmp.resolve("jvm.log"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), log);

        List<String> dumped;
        try (Stream<Path> files = Files.walk(dump)) {
            dumped = files.filter(Files::isRegularFile)
                    .map(f -> dump.relativize(f).toString().replace(File.separatorChar, '/'))
                    .sorted()
                    .toList();
        }
        assertEquals(r.rewritten(), dumped, "the agent rewrote the same classes");
        for (String c : dumped) {
            assertArrayEquals(Files.readAllBytes(dump.resolve(c)), Files.readAllBytes(classes.resolve(c)), c);
        }
    }
}
