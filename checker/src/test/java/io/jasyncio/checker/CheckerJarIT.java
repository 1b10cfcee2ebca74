package io.jasyncio.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, used as a build uses it: the JDK's own {@code javac} command (the JDK running
 * this test, 17 or 25 in CI) in a child process, with the jar on the processor path or the class
 * path, with and without {@code -Xplugin}.
 */
class CheckerJarIT {
    private static final String SOURCE = String.join(
            "\n",
            "package p;",
            "",
            "import static io.jasyncio.Asyncio.await;",
            "import static io.jasyncio.Asyncio.done;",
            "",
            "import io.jasyncio.Async;",
            "import io.jasyncio.Coroutine;",
            "import java.util.function.Supplier;",
            "",
            "public class App {",
            "    @Async",
            "    static Coroutine<Integer> fetch() {",
            "        return done(1);",
            "    }",
            "",
            "    @Async",
            "    static Coroutine<Integer> main() {",
            "        Supplier<Integer> later = () -> await(fetch());",
            "        fetch();",
            "        return done(later.get());",
            "    }",
            "}",
            "");

    @TempDir
    Path dir;

    private static Path jar() {
        return Path.of(System.getProperty("jasyncio.checker.jar"));
    }

    private static String runtime() throws Exception {
        return Path.of(Asyncio.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
    }

    /** Runs javac on App.java; returns its exit status and output. */
    private Outcome javac(String... options) throws Exception {
        Path src = dir.resolve("p/App.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
        Collections.addAll(cmd, options);
        Collections.addAll(cmd, "-d", dir.resolve("out").toString(), src.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "javac did not finish");
        return new Outcome(p.exitValue(), out);
    }

    private record Outcome(int status, String output) {}

    private static void assertReports(Outcome o, String kind, int line, String id) {
        assertTrue(
                o.output().contains("App.java:" + line + ": " + kind + ": [jasyncio:" + id + "]"),
                "expected " + kind + " " + id + " at line " + line + " in:\n" + o.output());
    }

    @Test
    void onTheProcessorPathItStartsWithoutBeingNamed() throws Exception {
        Outcome o = javac("-processorpath", jar().toString(), "-classpath", runtime());
        assertEquals(1, o.status(), o.output());
        assertReports(o, "error", 18, "await-in-lambda");
        assertReports(o, "warning", 19, "unawaited");
    }

    @Test
    void onTheClassPathItStartsToo() throws Exception {
        // A provided dependency; JDK 23 stopped running annotation processors found there, not plugins.
        Outcome o = javac("-classpath", runtime() + File.pathSeparator + jar());
        assertEquals(1, o.status(), o.output());
        assertReports(o, "error", 18, "await-in-lambda");
    }

    @Test
    void namedWithOptionsItMakesADiscardedCoroutineAnError() throws Exception {
        Outcome o = javac(
                "-processorpath",
                jar().toString(),
                "-classpath",
                runtime(),
                "-proc:none",
                JasyncioChecker.XPLUGIN + " " + JasyncioChecker.UNAWAITED + "=" + JasyncioChecker.ERROR);
        assertEquals(1, o.status(), o.output());
        assertReports(o, "error", 19, "unawaited");
    }

    @Test
    void theJarHoldsTheCheckerAndItsServiceFileOnly() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            String service = new String(
                            jar.getInputStream(jar.getEntry("META-INF/services/com.sun.source.util.Plugin"))
                                    .readAllBytes(),
                            StandardCharsets.UTF_8)
                    .trim();
            assertEquals(JasyncioChecker.class.getName(), service);
            List<String> foreign = jar.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.startsWith("io/jasyncio/checker/"))
                    .toList();
            assertEquals(List.of(), foreign);
        }
    }
}
