package io.jasyncio.agent.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar jasyncio-agent.jar ps PID} and {@code pstree PID} against a program running
 * in another JVM ({@link PsTarget}), which was started with no flag but the agent.
 *
 * <pre>
 * # python3.14 -m asyncio pstree, on the documentation's example (albums in task groups)
 * └── (T) Task-1
 *     └──  main example.py:13
 *         └──  TaskGroup.__aexit__ Lib/asyncio/taskgroups.py:72
 *             └──  TaskGroup._aexit Lib/asyncio/taskgroups.py:121
 *                 ├── (T) Sundowning
 *                 │   └──  album example.py:8
 *                 │       └──  TaskGroup.__aexit__ ...
 *                 │               ├── (T) TNDNBTG
 *                 │               │   └──  play example.py:4
 *                 │               │       └──  sleep Lib/asyncio/tasks.py:702
 * </pre>
 */
class PsIT {
    private static final Path JAR = Path.of("target", "jasyncio-agent.jar");

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String runtimeClasses() {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("jasyncio-runtime") || e.replace('\\', '/').endsWith("runtime/target/classes")) {
                return e;
            }
        }
        throw new AssertionError("runtime not on the test class path");
    }

    /** A started target and its pid. */
    private record Target(Process process, String pid) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Target start(String... args) throws Exception {
        String cp = Path.of("target", "test-classes") + File.pathSeparator + runtimeClasses();
        List<String> cmd = new ArrayList<>(List.of(java(), "-javaagent:" + JAR, "-cp", cp, PsTarget.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = r.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith("ready ")) {
                // Keep draining its output so it never blocks on a full pipe.
                Thread drain = new Thread(() -> {
                    try {
                        r.transferTo(Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the target was stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new Target(p, line.substring("ready ".length()).trim());
            }
        }
        throw new AssertionError("the target ended before it was ready:\n" + seen);
    }

    /** Exit status, stdout and stderr of {@code java -jar jasyncio-agent.jar ARGS}. */
    private record Result(int status, String out, String err) {}

    private static Result command(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("ps-err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command did not finish");
        String e = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), out, e);
    }

    @Test
    void psListsEveryPendingTaskWithItsAwaiters() throws Exception {
        try (Target t = start()) {
            Result r = command("ps", t.pid());
            assertEquals(0, r.status(), r.out() + r.err());
            List<String> lines = r.out().lines().toList();
            String header = lines.get(0);
            int name = header.indexOf("task name");
            int stack = header.indexOf("coroutine stack");
            int chain = header.indexOf("awaiter chain");
            int awaiterName = header.indexOf("awaiter name");
            int awaiterId = header.indexOf("awaiter id");
            Set<String> pairs = new TreeSet<>();
            String mainTask = null;
            for (String line : lines.subList(2, lines.size())) {
                if (line.startsWith("note:")) {
                    continue;
                }
                String task = line.substring(name, stack).trim();
                String coro = line.substring(stack, chain).trim();
                String awaiter = line.substring(awaiterName, Math.min(awaiterId, line.length()))
                        .trim();
                if (coro.endsWith("PsTarget.main")) {
                    mainTask = task;
                }
                if (task.equals("TNDNBTG")) {
                    assertEquals("Sleep.sleep -> PsTarget.play", coro, line);
                }
                if (task.equals("listener")) {
                    assertEquals("PsTarget.listen", coro, line);
                }
                pairs.add(task + " <- " + (awaiter.isEmpty() ? "nobody" : awaiter));
            }
            assertTrue(mainTask != null, r.out());
            Set<String> expected = new TreeSet<>(List.of(
                    mainTask + " <- nobody",
                    "listener <- nobody",
                    "Sundowning <- " + mainTask,
                    "TMBTE <- " + mainTask,
                    "TNDNBTG <- Sundowning",
                    "TNDNBTG <- listener",
                    "Levitate <- Sundowning",
                    "DYWTYLM <- TMBTE",
                    "Aqua Regia <- TMBTE"));
            assertEquals(expected, pairs, r.out());
            assertTrue(r.out().lines().noneMatch(l -> l.startsWith("note:")), "every loop answered: " + r.out());
        }
    }

    @Test
    void pstreeDrawsWhoAwaitsWhom() throws Exception {
        try (Target t = start()) {
            Result r = command("pstree", t.pid());
            assertEquals(0, r.status(), r.out() + r.err());
            // Each task's nearest task above it in the tree is one that awaits it.
            List<String> lines = r.out().lines().toList();
            Set<String> parents = new TreeSet<>();
            List<String[]> open = new ArrayList<>();
            String mainTask = null;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int depth = line.indexOf("── ");
                String label = line.substring(depth + 3);
                while (!open.isEmpty() && Integer.parseInt(open.get(open.size() - 1)[0]) >= depth) {
                    open.remove(open.size() - 1);
                }
                if (label.startsWith("(T) ")) {
                    String task = label.substring(4);
                    String parent = "nobody";
                    for (int k = open.size() - 1; k >= 0; k--) {
                        if (open.get(k)[1].startsWith("(T) ")) {
                            parent = open.get(k)[1].substring(4);
                            break;
                        }
                    }
                    if (i + 1 < lines.size() && lines.get(i + 1).contains("PsTarget.main PsTarget.java:")) {
                        mainTask = task;
                    }
                    parents.add(task + " <- " + parent);
                }
                open.add(new String[] {String.valueOf(depth), label});
            }
            assertTrue(mainTask != null, r.out());
            assertEquals(
                    new TreeSet<>(List.of(
                            mainTask + " <- nobody",
                            "listener <- nobody",
                            "Sundowning <- " + mainTask,
                            "TMBTE <- " + mainTask,
                            "TNDNBTG <- Sundowning",
                            "TNDNBTG <- listener",
                            "Levitate <- Sundowning",
                            "DYWTYLM <- TMBTE",
                            "Aqua Regia <- TMBTE")),
                    parents,
                    r.out());
            assertTrue(r.out().contains("PsTarget.play PsTarget.java:"), r.out());
        }
    }

    @Test
    void pstreeRefusesAnAwaitCycleAndNamesIt() throws Exception {
        try (Target t = start("cycle")) {
            Result r = command("pstree", t.pid());
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("ERROR: await-graph contains cycles - cannot print a tree!"), r.err());
            assertTrue(
                    r.err().contains("cycle: ping → pong → ping") || r.err().contains("cycle: pong → ping → pong"),
                    r.err());
        }
    }

    @Test
    void aJvmWithoutJasyncioSaysSo() throws Exception {
        Process p = new ProcessBuilder(
                        java(), "-cp", Path.of("target", "test-classes").toString(), Sleeper.class.getName())
                .redirectErrorStream(true)
                .start();
        try {
            String ready =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("ready", ready);
            Result r = command("ps", String.valueOf(p.pid()));
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("the jasyncio runtime is not loaded"), r.err());
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A JVM with no event loop. */
    public static final class Sleeper {
        private Sleeper() {}

        /**
         * Sleeps.
         *
         * @param args ignored
         * @throws InterruptedException never in practice
         */
        public static void main(String[] args) throws InterruptedException {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
