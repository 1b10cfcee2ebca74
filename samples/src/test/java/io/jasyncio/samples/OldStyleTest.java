package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The oldstyle sample: both styles run, and the old one warns once. */
class OldStyleTest {

    @Test
    void theOldStyleRunsAwaitedFromTheNewAndWarnsOnce() throws Exception {
        SampleRunner.Run run = SampleRunner.run(OldStyle.class);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(List.of("py34Coro got stuff", "py35Coro got stuff"), run.stdout());
        String warning = "\"@GeneratorCoroutine\" (OldStyle.py34Coro) is deprecated, as \"@coroutine\" decorator"
                + " is deprecated since Python 3.8, use \"@Async\" instead";
        assertEquals(1, run.stderr().split(java.util.regex.Pattern.quote(warning), -1).length - 1, run.stderr());
    }
}
