package io.jasyncio.reliability;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gatherAll;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.streams.Subprocess;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Arguments no shell should touch, passed to a child by {@code createSubprocessExec}: the child
 * ({@code /bin/sh} printing each of its arguments followed by a NUL) sees exactly what was
 * passed, however many quotes, spaces, globs, dollars, backslashes, newlines or empty strings
 * they hold. Eight children at a time; descriptors back to baseline afterwards.
 */
@Tag("reliability")
class SubprocessArgumentsAttackTest {
    private static final List<String> TRICKY = List.of(
            "",
            " ",
            "two words",
            "'single'",
            "\"double\"",
            "back\\slash\\",
            "$HOME",
            "${PATH}",
            "`id`",
            "$(id)",
            "*",
            "?",
            "[a-z]",
            "~",
            "a;b",
            "a|b",
            "a&b",
            "a>b",
            "<in",
            "line\nbreak",
            "tab\there",
            "-n",
            "--",
            "-e",
            "%s%d%n",
            "\\\"",
            "'\"'\"'",
            "x".repeat(100_000));

    /** Characters that mean something to some shell, or to Windows-style quoting. */
    private static final String NASTY = " \t\n'\"\\$`*?[]{}()<>|&;~#!%^=,-:";

    private static String alphabet() {
        // Non-ASCII arguments survive only if the JDK encodes them for the platform as UTF-8.
        Charset jnu = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        return NASTY + "abcXYZ019" + (jnu.equals(StandardCharsets.UTF_8) ? "\u00e9\u4e2d\ud83d\ude00" : "");
    }

    @Async
    static Coroutine<Void> roundTrip(List<String> args) {
        List<String> command = new ArrayList<>(List.of("-c", "[ \"$#\" -eq 0 ] || printf '%s\\0' \"$@\"", "sh"));
        command.addAll(args);
        Subprocess p = await(Subprocess.createSubprocessExec(
                Subprocess.Options.pipes().withLimit(1 << 20), "/bin/sh", command.toArray(String[]::new)));
        Subprocess.Communicated out = await(waitFor(p.communicate(), 60));
        assertEquals(0, (int) p.returncode(), new String(out.stderr(), StandardCharsets.UTF_8));
        String printed = new String(out.stdout(), StandardCharsets.UTF_8);
        List<String> seen = printed.isEmpty() ? List.of() : Arrays.asList(printed.split("\0", -1));
        // printf ends every argument with a NUL, so the split leaves one empty string at the end;
        // with no arguments the script prints nothing (printf alone would print its format once).
        assertEquals(args, seen.isEmpty() ? seen : seen.subList(0, seen.size() - 1));
        return done();
    }

    @Async
    static Coroutine<Integer> all(int trials, long seed) {
        String alphabet = alphabet();
        Random random = new Random(seed);
        await(roundTrip(TRICKY));
        int done = 1;
        while (done < trials) {
            List<Coroutine<Void>> batch = new ArrayList<>();
            for (int b = 0; b < 8 && done < trials; b++, done++) {
                List<String> args = new ArrayList<>();
                for (int a = random.nextInt(12); a > 0; a--) {
                    StringBuilder arg = new StringBuilder();
                    for (int c = random.nextInt(24); c > 0; c--) {
                        arg.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(
                                0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                    }
                    args.add(arg.toString());
                }
                batch.add(roundTrip(args));
            }
            await(gatherAll(batch));
        }
        return done(done);
    }

    /** The fixed list, then random argument lists (seed printed). CI: 200 children; full: 2,000. */
    @Test
    void everyArgumentReachesTheChildExactly() throws Exception {
        int trials = Scale.pick(200, 2_000);
        long seed = System.nanoTime();
        int baseline = Descriptors.self();
        long start = System.nanoTime();
        try {
            assertEquals(trials, (int) run(all(trials, seed)));
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
        Descriptors.awaitBaseline(
                "subprocess arguments", Descriptors::self, baseline, java.time.Duration.ofSeconds(60));
        Figures.report(
                "subprocess arguments",
                trials + " children given tricky arguments, all seen exactly, in " + Figures.seconds(start));
    }
}
