package io.jasyncio.agent.selfattach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code JasyncioAgent.install()}: the one-line self-attach for programs that cannot pass -javaagent. */
class SelfAttachIT {

    private static String run(String... jvmFlags) throws Exception {
        String cp = Path.of("target", "jasyncio-agent.jar")
                + File.pathSeparator
                + Path.of("target", "test-classes")
                + File.pathSeparator
                + runtimeClasses();
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", cp, SelfAttachMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
    void installAttachesTheAgentBeforeCoroutineClassesLoad() throws Exception {
        String out = run("-XX:+EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=true");
        assertTrue(out.contains("attached and rewritten"), out);
        assertFalse(out.contains("WARNING"), "EnableDynamicAgentLoading should silence the JDK's warning:\n" + out);
    }

    @Test
    void withoutTheFlagJdk21AndLaterWarnAboutTheDynamicAgent() throws Exception {
        String out = run();
        assertTrue(out.contains("attached and rewritten"), out);
        if (Runtime.version().feature() >= 21) {
            assertTrue(out.contains("A Java agent has been loaded dynamically"), out);
        }
    }
}
