package io.jasyncio.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of {@code benchmarks.jar}: JMH's own {@code org.openjdk.jmh.Main}, with the
 * agent path made absolute. Unless the command line already has {@code -jvmArgsAppend}, it adds
 * {@code -jvmArgsAppend -javaagent:<absolute path>}, taken from {@code -Djasyncio.agent=...} or
 * else {@code ../agent/target/jasyncio-agent.jar} resolved against the working directory
 * ({@code benchmarks/}; from the repository root, {@code agent/target/jasyncio-agent.jar}), so
 * the forks find the agent wherever they are started from. Listing ({@code -l}) and help
 * ({@code -h}) pass through untouched.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    /**
     * Runs JMH.
     *
     * @param args JMH's command line
     * @throws Exception what JMH throws
     */
    public static void main(String[] args) throws Exception {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        boolean informational = list.contains("-l")
                || list.contains("-lp")
                || list.contains("-lprof")
                || list.contains("-lrf")
                || list.contains("-h");
        if (!list.contains("-jvmArgsAppend") && !informational) {
            String property = System.getProperty(Agent.PROPERTY);
            Path jar = Path.of(property != null ? property : Agent.DEFAULT_PATH)
                    .toAbsolutePath()
                    .normalize();
            if (property == null && !Files.isRegularFile(jar)) {
                // Started from the repository root rather than benchmarks/.
                jar = Path.of(Agent.DEFAULT_PATH.substring("../".length()))
                        .toAbsolutePath()
                        .normalize();
            }
            if (!Files.isRegularFile(jar)) {
                System.err.println("jasyncio agent not found at " + jar + ": build it (mvn -B -q package"
                        + " -Dmaven.test.skip=true from the repository root) or pass -D" + Agent.PROPERTY + "=PATH");
                System.exit(2);
            }
            list.add("-jvmArgsAppend");
            list.add("-javaagent:" + jar);
        }
        org.openjdk.jmh.Main.main(list.toArray(new String[0]));
    }
}
