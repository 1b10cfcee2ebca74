package io.jasyncio.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a sample in a fresh JVM with the shipped agent jar attached, as the README tells users to. */
final class SampleRunner {
    private SampleRunner() {
    }

    /**
     * The output of one run.
     *
     * @param exitCode the JVM's exit code
     * @param stdout standard output, line by line
     * @param stderr standard error
     */
    record Run(int exitCode, List<String> stdout, String stderr) {
    }

    static Run run(Class<?> main, String... args) throws IOException, InterruptedException {
        String agent = System.getProperty("jasyncio.agent.jar");
        String classpath = System.getProperty("jasyncio.samples.classpath");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent, "-cp", classpath, main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sample " + main.getSimpleName() + " did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out.lines().toList(), err);
    }
}
