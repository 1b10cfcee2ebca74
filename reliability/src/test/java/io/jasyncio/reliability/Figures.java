package io.jasyncio.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What each attack measured, one line per attack, printed and appended to
 * {@code target/reliability-figures.txt}: the source of the README's table of last full-size
 * figures. Figures are reported, never asserted on: the machines are shared and noisy.
 */
final class Figures {
    private Figures() {}

    static synchronized void report(String attack, String figures) {
        String line = String.format("%-48s %-4s %s", attack, Scale.name(), figures);
        System.out.println("[reliability] " + line);
        String file = System.getProperty("jasyncio.reliability.figures");
        if (file == null) {
            return;
        }
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.getParent());
            Files.writeString(
                    path, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds since {@code startNanos}, for figures. */
    static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
