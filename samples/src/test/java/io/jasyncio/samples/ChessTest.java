package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chess exhibition sample, run as the README says, with the agent: 12 hours one game after
 * another, about 1 hour all at once, and timelines whose spans account for the clock.
 *
 * <pre>
 *   # The seed's arithmetic: 24 opponents, 30 move pairs, 5 s + 55 s per pair.
 *   sync  = 24 * 30 * (5 + 55)        # 43,200 s = 12 h
 *   async = 30 * 24 * 5 + 55          # she is busy every second: 3,600 s, then the last reply
 * </pre>
 */
class ChessTest {
    private static final Pattern HOURS = Pattern.compile("(\\w+): (\\d+\\.\\d\\d) hours \\(.*");
    private static final Pattern SPAN =
            Pattern.compile("<rect [^>]*data-task=\"(\\d+)\" data-state=\"([^\"]+)\" data-detail=\"([^\"]*)\" "
                    + "data-start=\"([^\"]+)\" data-end=\"([^\"]+)\"");

    record Span(int task, String state, String detail, double start, double end) {}

    private static Map<String, Double> hours(List<String> stdout) {
        Map<String, Double> h = new HashMap<>();
        for (String line : stdout) {
            Matcher m = HOURS.matcher(line);
            if (m.matches()) {
                h.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return h;
    }

    private static List<Span> spans(Path svg) throws Exception {
        List<Span> out = new ArrayList<>();
        Matcher m = SPAN.matcher(Files.readString(svg));
        while (m.find()) {
            out.add(new Span(
                    Integer.parseInt(m.group(1)),
                    m.group(2),
                    m.group(3),
                    Double.parseDouble(m.group(4)),
                    Double.parseDouble(m.group(5))));
        }
        return out;
    }

    private static double sum(List<Span> spans, String detailPrefix) {
        return spans.stream()
                .filter(s -> s.detail().startsWith(detailPrefix))
                .mapToDouble(s -> s.end() - s.start())
                .sum();
    }

    @Test
    void oneGameAfterAnotherTakesTwelveHoursAndAllAtOnceAboutOne(@TempDir Path dir) throws Exception {
        SampleRunner.Run run = SampleRunner.run(Chess.class, "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr(), "the sample printed to standard error");
        Map<String, Double> h = hours(run.stdout());
        assertEquals(12.00, h.get("synchronous"), 1e-9, run.stdout().toString());
        assertEquals(1.02, h.get("asynchronous"), 1e-9, run.stdout().toString());

        // Synchronous: the main task waits on each board in turn for the whole 12 hours, and
        // the boards' sleeps, back to back, fill exactly the clock.
        List<Span> sync = spans(dir.resolve("synchronous.svg"));
        double mainWaits = sync.stream()
                .filter(s -> s.task() == 1)
                .mapToDouble(s -> s.end() - s.start())
                .sum();
        assertEquals(43_200, mainWaits, 1e-6);
        assertEquals(24 * 30 * 5, sum(sync, "sleep 5 s"), 1e-6);
        assertEquals(24 * 30 * 55, sum(sync, "sleep 55 s"), 1e-6);
        assertEquals(
                43_200,
                sync.stream()
                        .filter(s -> s.task() > 1)
                        .mapToDouble(s -> s.end() - s.start())
                        .sum(),
                1e-6);

        // Asynchronous: her 720 moves never overlap and add up to 1 hour; the clock runs one
        // last opponent reply (55 s) past them.
        List<Span> async = spans(dir.resolve("asynchronous.svg"));
        List<Span> masterMoves = new ArrayList<>(
                async.stream().filter(s -> s.detail().startsWith("sleep 5 s")).toList());
        assertEquals(24 * 30, masterMoves.size());
        masterMoves.sort(Comparator.comparingDouble(Span::start));
        for (int i = 1; i < masterMoves.size(); i++) {
            assertTrue(
                    masterMoves.get(i).start() >= masterMoves.get(i - 1).end() - 1e-9,
                    "two boards had her at once: " + masterMoves.get(i - 1) + " and " + masterMoves.get(i));
        }
        assertEquals(3_600, sum(async, "sleep 5 s"), 1e-6);
        double end = async.stream().mapToDouble(Span::end).max().orElseThrow();
        assertEquals(3_600 + 55, end, 1e-6);
        assertTrue(async.stream().anyMatch(s -> s.state().equals("lock")), "boards wait for her turn");

        String html = Files.readString(dir.resolve("asynchronous.html"));
        assertTrue(html.contains("<svg"));
        assertFalse(html.contains("<script") || html.contains("<link"), "the page is self-contained");
    }

    @Test
    void theScaledRealTimeModePrintsAboutOneHourForTheExhibition(@TempDir Path dir) throws Exception {
        // 1/1,000 of real time: 3.7 s. Sleeps never end early, so the lower bound is exact. The
        // upper one only says the games overlapped (one after another would be 12 hours): on a
        // shared machine each of the 720 moves on the critical path can overrun by milliseconds.
        SampleRunner.Run run =
                SampleRunner.run(Chess.class, "--real", "0.001", "--only", "asynchronous", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, Double> h = hours(run.stdout());
        assertEquals(null, h.get("synchronous"));
        assertTrue(
                h.get("asynchronous") >= 1.0 && h.get("asynchronous") < 6,
                run.stdout().toString());
        assertTrue(Files.exists(dir.resolve("asynchronous.svg")));
    }
}
