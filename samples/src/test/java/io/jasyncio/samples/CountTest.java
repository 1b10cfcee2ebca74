package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's first command: the count sample with the agent attached prints the seed's output. */
class CountTest {

    @Test
    void threeCountersOverlapTheirSleepsAndFinishInAboutOneSecond() throws Exception {
        SampleRunner.Run run = SampleRunner.run(Count.class);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr(), "the sample printed to standard error");
        assertEquals(
                List.of("One", "One", "One", "Two", "Two", "Two"), run.stdout().subList(0, 6));
        assertEquals(7, run.stdout().size(), run.stdout().toString());
        Matcher m = Pattern.compile("executed in (\\d+\\.\\d\\d) seconds\\.")
                .matcher(run.stdout().get(6));
        assertTrue(m.matches(), run.stdout().get(6));
        double seconds = Double.parseDouble(m.group(1));
        // The sleeps overlap: about one second, never three. The upper bound is loose because CI machines are shared.
        assertTrue(seconds >= 1.0 && seconds < 2.5, "took " + seconds + " s");
    }
}
