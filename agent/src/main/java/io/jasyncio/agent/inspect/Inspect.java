package io.jasyncio.agent.inspect;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ps PID} and {@code pstree PID}: attaches to the JVM {@code PID} with the JDK's Attach
 * API, loads this very jar into it as an agent with the option {@code ps=FILE} (its
 * {@code agentmain} runs {@link TargetDump}), reads {@code FILE} back and prints the tasks.
 * The target needs no flag; JDK 21 and later print a warning there about the dynamically
 * loaded agent.
 *
 * @apiNote Mirrors {@code python3.14 -m asyncio ps PID} and {@code pstree PID}, which read the
 *     target's memory instead; here the target's own runtime answers, on each loop's thread.
 */
public final class Inspect {
    private Inspect() {}

    /**
     * Runs {@code ps} or {@code pstree} against {@code pid}.
     *
     * @param command {@code ps} or {@code pstree}
     * @param pid the target JVM's process id
     * @param out where the table or tree goes
     * @param err where errors (and await cycles) go
     * @return the exit status: 0, or 1 on an error or an await cycle in {@code pstree}
     */
    public static int run(String command, String pid, PrintStream out, PrintStream err) {
        List<String> errors = new ArrayList<>();
        List<Row> rows;
        try {
            rows = TargetDump.parse(fetch(pid), errors);
        } catch (Exception e) {
            err.println("error: cannot inspect JVM " + pid + ": " + e);
            return 1;
        }
        for (String e : errors) {
            err.println("error: " + e);
        }
        if (!errors.isEmpty() && rows.isEmpty()) {
            return 1;
        }
        if (command.equals("ps")) {
            TaskTable.table(rows).forEach(out::println);
            return 0;
        }
        List<List<String>> cycles = TaskTable.cycles(rows);
        if (!cycles.isEmpty()) {
            err.println("ERROR: await-graph contains cycles - cannot print a tree!");
            err.println();
            for (List<String> c : cycles) {
                err.println("cycle: " + String.join(" → ", c));
            }
            return 1;
        }
        TaskTable.tree(rows).forEach(out::println);
        return 0;
    }

    /** Loads this jar into the target and returns what its dump wrote. */
    private static String fetch(String pid) throws Exception {
        Path jar = ownJar();
        Path file = Files.createTempFile("jasyncio-ps-", ".txt");
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                vm.loadAgent(jar.toString(), "ps=" + file);
            } finally {
                vm.detach();
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Path ownJar() throws IOException, URISyntaxException {
        Path p = Path.of(Inspect.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        if (!Files.isRegularFile(p)) {
            throw new IOException(
                    "ps and pstree run from the agent jar (java -jar jasyncio-agent.jar ps PID), not from " + p);
        }
        return p;
    }
}
