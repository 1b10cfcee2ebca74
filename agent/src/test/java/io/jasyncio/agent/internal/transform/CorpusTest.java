package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The corpus pass: every class of java.base and of every jar on the test class path (ASM, Byte
 * Buddy, JUnit, ...) goes through the transformer; none has coroutines, so each must come back
 * untouched (null), and none may make the transformer throw.
 */
class CorpusTest {

    @Test
    void everyClassOfJavaBaseAndTheDependencyJarsComesBackUntouched() throws IOException {
        CoroutineTransformer t = Fixtures.transformer();
        List<String> touched = new ArrayList<>();
        int classes = 0;
        long start = System.nanoTime();
        try (Stream<Path> files =
                Files.walk(FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules/java.base"))) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                classes++;
                if (t.transform(Files.readAllBytes(p)) != null) {
                    touched.add(p.toString());
                }
            }
        }
        int jars = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            jars++;
            try (JarFile jar = new JarFile(entry)) {
                for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                    if (!e.getName().endsWith(".class")
                            || e.getName().contains("module-info")
                            || e.getName().startsWith("META-INF/versions/")) {
                        continue;
                    }
                    classes++;
                    byte[] b;
                    try (InputStream in = jar.getInputStream(e)) {
                        b = in.readAllBytes();
                    }
                    if (t.transform(b) != null) {
                        touched.add(entry + "!" + e.getName());
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "corpus pass: %d classes (java.base and %d jars) in %.2f s, %.0f classes/s%n",
                classes, jars, seconds, classes / seconds);
        assertEquals(List.of(), touched, "classes without coroutines were rewritten");
        assertTrue(classes > 5_000, "the corpus is too small to mean anything: " + classes);
    }
}
