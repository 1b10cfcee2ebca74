package io.jasyncio.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * Open file descriptors of a process, read from {@code /proc/PID/fd} (Linux), and the check
 * that an attack left none behind. Closing is asynchronous (a loop closes a socket on its next
 * iteration), so the check waits, bounded, for the count to come back.
 */
final class Descriptors {
    /**
     * Descriptors a process may open on its own between two readings (a jar, the JIT, a
     * selector's wake-up pipe): far fewer than any attack's connections, so a leak still
     * shows.
     */
    static final int SLACK = 16;

    private Descriptors() {}

    /** Descriptors of this JVM. */
    static int self() {
        return of(ProcessHandle.current().pid());
    }

    /** Descriptors of process {@code pid}. */
    static int of(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (NoSuchFileException gone) {
            throw new IllegalStateException("process " + pid + " is gone");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code count} is at most {@code baseline} + {@link #SLACK}, at most
     * {@code bound}.
     *
     * @throws AssertionError naming {@code what}, the baseline and the last count if it never is
     */
    static void awaitBaseline(String what, IntSupplier count, int baseline, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        int now = count.getAsInt();
        while (now > baseline + SLACK) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + now + " descriptors open " + bound.toSeconds()
                        + " s after the attack, against " + baseline + " before it");
            }
            Thread.sleep(50);
            now = count.getAsInt();
        }
    }
}
