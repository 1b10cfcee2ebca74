package io.jasyncio.agent.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What {@code -javaagent} costs a program at start-up: which classes the agent loads before {@code main}. */
class StartupIT {

    private static String runWithClassLoadLog() throws Exception {
        String cp = Path.of("target", "test-classes") + File.pathSeparator + runtimeClasses();
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + Path.of("target", "jasyncio-agent.jar"),
                "-Xlog:class+load=info:stdout",
                "-cp",
                cp,
                StartupMain.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String runtimeClasses() {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("jasyncio-runtime") || e.replace('\\', '/').endsWith("runtime/target/classes")) {
                return e;
            }
        }
        throw new AssertionError("runtime not on the test class path");
    }

    @Test
    void premainRewritesTheMainClassWithoutLoadingByteBuddy() throws Exception {
        String out = runWithClassLoadLog();
        assertTrue(out.contains("rewritten at start-up"), out);
        List<String> byteBuddy = out.lines()
                .filter(l -> l.contains("io.jasyncio.agent.shaded.bytebuddy."))
                .collect(Collectors.toList());
        assertEquals(List.of(), byteBuddy, "Byte Buddy is only for JasyncioAgent.install() and the command line");
    }
}
