package io.jasyncio.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The shipped agent jar: self-contained, and nothing in it can clash with an application's own classes. */
class AgentJarIT {
    private static final Path JAR = Path.of("target", "jasyncio-agent.jar");

    @Test
    void everyClassLivesUnderIoJasyncioWithAsmAndByteBuddyRelocated() throws IOException {
        List<String> foreign = new ArrayList<>();
        boolean asm = false;
        boolean byteBuddy = false;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (var e : (Iterable<JarEntry>) jar.stream()::iterator) {
                String n = e.getName();
                if (n.endsWith("/") || (n.startsWith("META-INF/") && !n.startsWith("META-INF/versions/"))) {
                    continue;
                }
                if (!n.startsWith("io/jasyncio/agent/")) {
                    foreign.add(n);
                }
                asm |= n.startsWith("io/jasyncio/agent/shaded/asm/tree/analysis/");
                byteBuddy |= n.startsWith("io/jasyncio/agent/shaded/bytebuddy/pool/");
            }
        }
        assertEquals(List.of(), foreign, "classes outside io/jasyncio/agent/ could clash with the application's");
        assertTrue(asm, "ASM is not shaded into the agent jar");
        assertTrue(byteBuddy, "Byte Buddy is not shaded into the agent jar");
    }

    @Test
    void manifestNamesTheAgentEntryPoints() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Manifest m = jar.getManifest();
            assertEquals(
                    "io.jasyncio.agent.JasyncioAgent", m.getMainAttributes().getValue("Premain-Class"));
            assertEquals(
                    "io.jasyncio.agent.JasyncioAgent", m.getMainAttributes().getValue("Agent-Class"));
            assertEquals("io.jasyncio.agent.Main", m.getMainAttributes().getValue("Main-Class"));
        }
    }

    @Test
    void theRuntimeIsNotInsideTheAgent() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(
                    null, jar.getEntry("io/jasyncio/Asyncio.class"), "the agent must know the runtime by name only");
        }
    }
}
