package io.jasyncio.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a sample in a fresh JVM with the shipped agent jar attached, as the README tells users to. */
final class SampleRunner {
    private SampleRunner() {}

    /**
     * The output of one run.
     *
     * @param exitCode the JVM's exit code
     * @param stdout standard output, line by line
     * @param stderr standard error
     */
    record Run(int exitCode, List<String> stdout, String stderr) {}

    static Run run(Class<?> main, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(main, args)).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sample " + main.getSimpleName() + " did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out.lines().toList(), err);
    }

    private static List<String> command(Class<?> main, String... args) {
        String agent = System.getProperty("jasyncio.agent.jar");
        String classpath = System.getProperty("jasyncio.samples.classpath");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent,
                "-cp",
                classpath,
                main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * A server sample running in its own JVM; closing it kills the JVM.
     *
     * @param process the JVM
     * @param port the port the server printed on its first line of output
     */
    record Background(Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Starts a server sample on port 0 and waits (up to 30 s) for its first line, which must end
     * with the port it listens on ("serving on 127.0.0.1:PORT" or ".../").
     */
    static Background start(Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> withPort = new ArrayList<>(List.of("0"));
        withPort.addAll(List.of(args));
        Process p = new ProcessBuilder(command(main, withPort.toArray(String[]::new)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        java.util.concurrent.CompletableFuture<String> first = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (java.io.BufferedReader r = new java.io.BufferedReader(
                            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        first.complete(r.readLine());
                        while (r.readLine() != null) {
                            // Keep draining so the server never blocks on a full pipe.
                        }
                    } catch (IOException e) {
                        first.completeExceptionally(e);
                    }
                },
                main.getSimpleName() + " stdout");
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = first.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not say where it serves", e);
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(":(\\d+)/?$").matcher(line == null ? "" : line);
        if (!m.find()) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " printed " + line + " instead of its port");
        }
        return new Background(p, Integer.parseInt(m.group(1)));
    }
}
