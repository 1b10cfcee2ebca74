package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parallelism sample, with small sizes, in a child JVM with the agent: every strategy runs
 * (each checks its own results and fails the run on a wrong one), and the table has one row per
 * strategy with a number, or "-" where the strategy is skipped at scale. Which strategy is
 * fastest is not asserted: that depends on the machine and its load.
 */
class ParallelismTest {
    private static final List<String> STRATEGIES = List.of(
            "sequential",
            "threads",
            "processes (child JVMs)",
            "coroutines (one loop thread)",
            "coroutines (loop group)",
            "coroutines + toThread");
    /** The strategies that run the "at scale" column; the others print "-". */
    private static final List<String> AT_SCALE =
            List.of("threads", "coroutines (one loop thread)", "coroutines (loop group)");

    @Test
    void printsOneTimedRowPerStrategyForBothJobs() throws Exception {
        SampleRunner.Run run = SampleRunner.run(
                Parallelism.class,
                "--io-jobs=6",
                "--io-wait-ms=10",
                "--scale=50",
                "--cpu-jobs=2",
                "--cpu-limit=20000",
                "--processes=2",
                "--loops=2");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr(), "the sample printed to standard error");
        List<String> out = run.stdout();
        assertTrue(out.get(0).startsWith("Parallelism: the same jobs run six ways"), out.get(0));
        assertTrue(
                out.contains("  I/O job: 6 simulated network waits of 10 ms each (at scale: 50 waits)"),
                out.toString());
        // 2262 primes below 20,000: the sample's own count, checked by every strategy.
        assertTrue(out.contains("  loop group: 2 event loops, one thread each, share each job"), out.toString());
        assertTrue(out.contains("  CPU job: 2 x counting the primes below 20000 (2262 each)"), out.toString());

        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : out) {
            if (line.startsWith("| ") && !line.startsWith("| strategy")) {
                List<String> cells = new ArrayList<>();
                for (String c : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(c.trim());
                }
                rows.put(cells.get(0), cells.subList(1, cells.size()));
            }
        }
        assertEquals(STRATEGIES, List.copyOf(rows.keySet()), out.toString());
        for (String strategy : STRATEGIES) {
            List<String> cells = rows.get(strategy);
            assertEquals(3, cells.size(), strategy + ": " + cells);
            assertPositiveSeconds(strategy + " I/O", cells.get(0));
            if (AT_SCALE.contains(strategy)) {
                assertPositiveSeconds(strategy + " I/O at scale", cells.get(1));
            } else {
                assertEquals("-", cells.get(1), strategy + " should skip the at-scale run");
            }
            assertPositiveSeconds(strategy + " CPU", cells.get(2));
        }
        String io = line(out, "I/O-bound, fastest here: ");
        String cpu = line(out, "CPU-bound, fastest here: ");
        assertTrue(STRATEGIES.stream().anyMatch(st -> io.startsWith("I/O-bound, fastest here: " + st + " (")), io);
        assertTrue(STRATEGIES.stream().anyMatch(st -> cpu.startsWith("CPU-bound, fastest here: " + st + " (")), cpu);
        assertTrue(cpu.contains("no GIL"), cpu);
    }

    @Test
    void aBadArgumentPrintsTheUsageAndExitsWithTwo() throws Exception {
        SampleRunner.Run run = SampleRunner.run(Parallelism.class, "--cpu-jobs=many");
        assertEquals(2, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("not a number: --cpu-jobs=many"), run.stderr());
        assertTrue(run.stderr().contains("usage: Parallelism [--io-jobs=40]"), run.stderr());
        assertFalse(run.stdout().stream().anyMatch(l -> l.startsWith("|")), "no table after a bad argument");
    }

    private static void assertPositiveSeconds(String what, String cell) {
        assertTrue(cell.matches("\\d+\\.\\d{3}"), what + ": not seconds with three decimals: " + cell);
        assertTrue(Double.parseDouble(cell) > 0, what + ": " + cell);
    }

    private static String line(List<String> out, String prefix) {
        String found =
                out.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
        assertNotNull(found, "no line starting with \"" + prefix + "\" in " + out);
        return found;
    }
}
