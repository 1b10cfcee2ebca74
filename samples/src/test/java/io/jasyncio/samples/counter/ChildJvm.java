package io.jasyncio.samples.counter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a sample's main in a fresh JVM with the shipped agent jar, as its Javadoc tells users to. */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * One finished run.
     *
     * @param exitCode the JVM's exit code
     * @param stdout standard output, line by line
     * @param stderr standard error
     */
    record Run(int exitCode, List<String> stdout, String stderr) {}

    static Run run(Class<?> main, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(main, args)).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        String out = drain(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not finish in 120 s");
        }
        return new Run(p.exitValue(), out.lines().toList(), err.join());
    }

    private static String drain(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> command(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + System.getProperty("jasyncio.agent.jar"),
                "-cp",
                System.getProperty("jasyncio.samples.classpath"),
                main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * A server running in its own JVM until closed.
     *
     * @param process the JVM
     * @param port the port its first line of output names ({@code http://HOST:PORT/})
     */
    record Server(Process process, int port) implements AutoCloseable {
        private static final Pattern URL = Pattern.compile("http://[^:/]+:(\\d+)/");

        /** Starts {@code main} and waits (up to 60 s) for the first line, which names its port. */
        static Server start(Class<?> main, String... args) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command(main, args))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            CompletableFuture<String> first = new CompletableFuture<>();
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r =
                                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
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
                line = first.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " did not say where it serves", e);
            }
            Matcher m = URL.matcher(line == null ? "" : line);
            if (!m.find()) {
                p.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " printed " + line + " instead of its URL");
            }
            return new Server(p, Integer.parseInt(m.group(1)));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
