package io.jasyncio.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JVM's children end with it: a program ({@link SpawnsAChild}) in a child JVM starts
 * {@code sleep 600}, then exits normally or is sent SIGTERM; the grandchild, found by its pid,
 * is gone soon after (SIGTERM, then SIGKILL after a grace of 2 s). With {@code keepOnExit} it
 * is still running, as asyncio leaves it; the test then kills it.
 */
@Tag("reliability")
class ChildrenOnExitAttackTest {
    @ParameterizedTest(name = "{0} api, {1}, JVM ends by {2}")
    @CsvSource({
        "streams, end, exit",
        "streams, end, wait",
        "loop, end, exit",
        "loop, end, wait",
        "streams, keep, exit",
        "loop, keep, wait",
    })
    void childrenEndWithTheJvmUnlessKept(String api, String keep, String end) throws Exception {
        long start = System.nanoTime();
        ProcessHandle grandchild;
        try (ChildJvm parent = ChildJvm.of(SpawnsAChild.class)
                .args(api, keep, end)
                .lifetime(Duration.ofMinutes(2))
                .start()) {
            long pid = awaitChildPid(parent);
            Optional<ProcessHandle> found = ProcessHandle.of(pid);
            if (found.isEmpty()) {
                // Already gone: the JVM exited and ended it before this look.
                assertTrue(end.equals("exit") && keep.equals("end"), "the grandchild " + pid + " died early");
                parent.waitFor(Duration.ofSeconds(60));
                Figures.report(
                        "children on exit " + api + " " + keep + " " + end,
                        "grandchild ended with its JVM (gone before the test looked), in " + Figures.seconds(start));
                return;
            }
            grandchild = found.get();
            try {
                if (end.equals("wait")) {
                    assertTrue(grandchild.isAlive(), "the grandchild died before its parent JVM");
                    ProcessHandle.of(parent.pid()).orElseThrow().destroy(); // SIGTERM
                }
                parent.waitFor(Duration.ofSeconds(60));
                if (keep.equals("keep")) {
                    assertTrue(grandchild.isAlive(), "a child kept on exit was ended");
                } else {
                    // The hook ended it before the JVM was gone; the kernel may take a moment to reap it.
                    try {
                        grandchild.onExit().get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        throw new AssertionError("the grandchild " + pid + " outlived its JVM", e);
                    }
                }
            } finally {
                if (grandchild.isAlive()) {
                    grandchild.destroyForcibly();
                    grandchild.onExit().get(30, TimeUnit.SECONDS);
                }
            }
        }
        Figures.report(
                "children on exit " + api + " " + keep + " " + end,
                "grandchild " + (keep.equals("keep") ? "kept, then killed by the test" : "ended with its JVM") + ", in "
                        + Figures.seconds(start));
    }

    /** The pid the program printed, waiting at most a minute for it. */
    private static long awaitChildPid(ChildJvm parent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> out = parent.stdout();
            for (String line : out) {
                if (line.startsWith("child ")) {
                    return Long.parseLong(line.substring("child ".length()).trim());
                }
            }
            if (!parent.isAlive() && parent.stdout().stream().noneMatch(l -> l.startsWith("child "))) {
                throw new AssertionError("the program ended without a child: " + parent.stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no child pid printed; stderr: " + parent.stderr());
    }
}
