package io.jasyncio.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test support: the fixture classes as class files in a fresh folder, and where the runtime is. */
final class Fixtures {
    static final String PACKAGE = "io/jasyncio/maven/fixtures/";
    static final String PIPELINE = PACKAGE + "Pipeline.class";
    static final String NESTED = PACKAGE + "Pipeline$Nested.class";
    static final String PLAIN = PACKAGE + "Plain.class";
    static final String REFUSED = PACKAGE + "Refused.class";

    private Fixtures() {}

    /** The bytes javac wrote for a fixture class file. */
    static byte[] compiled(String classFile) {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(classFile)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file " + classFile);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies class files, as javac wrote them, into {@code classes}. */
    static Path classesFolder(Path classes, String... classFiles) throws IOException {
        for (String c : classFiles) {
            Path f = classes.resolve(c);
            Files.createDirectories(f.getParent());
            Files.write(f, compiled(c));
        }
        return classes;
    }

    /** The runtime's classes folder or jar: what the fixtures are compiled against. */
    static Path runtime() {
        try {
            return Path.of(io.jasyncio.Coroutine.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class path for the fixtures: the runtime. */
    static List<Path> classpath() {
        return List.of(runtime());
    }

    /** The line of the test source file {@code src/test/java/<path>} that contains {@code marker}. */
    static int lineOf(String sourcePath, String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java", sourcePath));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker);
    }
}
