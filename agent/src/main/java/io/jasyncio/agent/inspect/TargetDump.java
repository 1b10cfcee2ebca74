package io.jasyncio.agent.inspect;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The half of {@code ps} that runs inside the inspected JVM, from the agent's
 * {@code agentmain("ps=FILE")}: it finds the jasyncio runtime among the classes already loaded
 * (whatever class loader loaded it; nothing is loaded by name), calls its dump hook
 * {@code io.jasyncio.internal.Introspection.snapshot()} reflectively, and writes the rows to
 * {@code FILE} in a line format that {@link #parse} reads back.
 *
 * <pre>
 *   task                      one block per task
 *   loop\t0x1b6d3586          then one key\tvalue line per field,
 *   stack\tApp.worker App.java:12   repeated for list fields,
 *   end
 *   error\tmessage            instead of blocks, when there is nothing to read
 * </pre>
 */
public final class TargetDump {
    static final String HOOK = "io.jasyncio.internal.Introspection";

    private TargetDump() {}

    /**
     * Writes the dump of this JVM's tasks to {@code file}; never throws, so that a failure
     * never disturbs the inspected program (it is written to the file instead).
     *
     * @param inst the instrumentation service of this JVM
     * @param file where to write
     */
    public static void write(Instrumentation inst, Path file) {
        StringBuilder sb = new StringBuilder();
        try {
            List<Class<?>> hooks = new ArrayList<>();
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().equals(HOOK)) {
                    hooks.add(c);
                }
            }
            if (hooks.isEmpty()) {
                sb.append("error\tthe jasyncio runtime is not loaded in this JVM (no event loop was ever created)\n");
            }
            for (Class<?> hook : hooks) {
                openTo(inst, hook);
                Method snapshot = hook.getMethod("snapshot");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> rows = (List<Map<String, Object>>) snapshot.invoke(null);
                for (Map<String, Object> row : rows) {
                    sb.append("task\n");
                    for (Map.Entry<String, Object> e : row.entrySet()) {
                        if (e.getValue() instanceof List) {
                            for (Object item : (List<?>) e.getValue()) {
                                sb.append(e.getKey())
                                        .append('\t')
                                        .append(clean(item))
                                        .append('\n');
                            }
                        } else {
                            sb.append(e.getKey())
                                    .append('\t')
                                    .append(clean(e.getValue()))
                                    .append('\n');
                        }
                    }
                    sb.append("end\n");
                }
            }
        } catch (Throwable t) {
            sb.append("error\t").append(clean(t)).append('\n');
        }
        try {
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Nowhere left to report it; the command says it got no answer.
        }
    }

    /** On the module path the runtime does not export its internals: open them to the agent. */
    private static void openTo(Instrumentation inst, Class<?> hook) {
        Module m = hook.getModule();
        Module agent = TargetDump.class.getModule();
        String pkg = hook.getPackageName();
        if (m.isNamed() && !m.isExported(pkg, agent)) {
            inst.redefineModule(m, Set.of(), Map.of(pkg, Set.of(agent)), Map.of(), Set.of(), Map.of());
        }
    }

    private static String clean(Object o) {
        return String.valueOf(o).replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @param text the file's content
     * @param errors receives the {@code error} lines
     * @return the rows, in the file's order
     */
    static List<Row> parse(String text, List<String> errors) {
        List<Row> rows = new ArrayList<>();
        Map<String, String> fields = null;
        List<String> stack = null;
        List<String> by = null;
        for (String line : text.split("\n")) {
            int tab = line.indexOf('\t');
            String key = tab < 0 ? line : line.substring(0, tab);
            String value = tab < 0 ? "" : line.substring(tab + 1);
            switch (key) {
                case "task" -> {
                    fields = new java.util.HashMap<>();
                    stack = new ArrayList<>();
                    by = new ArrayList<>();
                }
                case "end" -> {
                    if (fields != null) {
                        rows.add(new Row(
                                fields.getOrDefault("loop", ""),
                                fields.getOrDefault("thread", ""),
                                fields.getOrDefault("read", ""),
                                fields.getOrDefault("id", ""),
                                fields.getOrDefault("name", ""),
                                fields.getOrDefault("coro", ""),
                                stack,
                                by));
                    }
                    fields = null;
                }
                case "error" -> errors.add(value);
                case "stack" -> {
                    if (stack != null) {
                        stack.add(value);
                    }
                }
                case "awaitedBy" -> {
                    if (by != null) {
                        by.add(value);
                    }
                }
                default -> {
                    if (fields != null) {
                        fields.put(key, value);
                    }
                }
            }
        }
        return rows;
    }
}
