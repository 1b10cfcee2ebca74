package io.jasyncio.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which class files of a classes folder the plugin has already handled, by size and
 * modification time, so that a second build reads none of them: a file that javac rewrote has a
 * new time and is read again. The record is only a shortcut: a class the transformer rewrote
 * carries a marker, so a lost or stale record costs a read, never a second rewrite.
 *
 * <p>Stored as text under {@code target/}, one line per class file: size, time in milliseconds,
 * and the path relative to the classes folder with {@code /} separators.
 */
final class BuildState {
    /** What a class file looked like when it was last handled. */
    record Stamp(long size, long modified) {}

    private static final String HEADER = "# jasyncio-maven-plugin: class files already handled (size, mtime ms, path)";

    private final Map<String, Stamp> stamps;

    private BuildState(Map<String, Stamp> stamps) {
        this.stamps = stamps;
    }

    /** An empty record. */
    static BuildState empty() {
        return new BuildState(new TreeMap<>());
    }

    /**
     * Reads a record; a missing or unreadable file gives an empty one (everything is read
     * again, which is always safe).
     */
    static BuildState read(Path file) {
        Map<String, Stamp> stamps = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return new BuildState(stamps);
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ", 3);
                if (parts.length != 3) {
                    return new BuildState(new TreeMap<>());
                }
                stamps.put(parts[2], new Stamp(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
            }
        } catch (IOException | RuntimeException unreadable) {
            return new BuildState(new TreeMap<>());
        }
        return new BuildState(stamps);
    }

    /** Tells whether {@code path} was handled when it had exactly this size and time. */
    boolean isCurrent(String path, Stamp now) {
        return now.equals(stamps.get(path));
    }

    /** Records that {@code path} is handled as it is now. */
    void put(String path, Stamp stamp) {
        stamps.put(path, stamp);
    }

    /** How many class files are recorded. */
    int size() {
        return stamps.size();
    }

    /** Writes the record, replacing {@code file} in one step so that a killed build leaves the old one. */
    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (var e : stamps.entrySet()) {
            lines.add(e.getValue().size() + " " + e.getValue().modified() + " " + e.getKey());
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
