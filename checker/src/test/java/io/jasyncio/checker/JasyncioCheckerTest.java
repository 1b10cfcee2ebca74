package io.jasyncio.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/** How the checker is switched on and configured, as a build would do it. */
class JasyncioCheckerTest {
    private static final String FILE = "p/Dropped.java";
    private static final Map<String, String> DROPPED = Map.of(
            FILE,
            String.join(
                    "\n",
                    "package p;",
                    "",
                    "import static io.jasyncio.Asyncio.done;",
                    "",
                    "import io.jasyncio.Async;",
                    "import io.jasyncio.Coroutine;",
                    "",
                    "public class Dropped {",
                    "    @Async",
                    "    static Coroutine<Integer> fetch() {",
                    "        return done(1);",
                    "    }",
                    "",
                    "    static void drops() {",
                    "        fetch();",
                    "    }",
                    "}",
                    ""));

    private static final String UNAWAITED = Reporter.message(Rule.UNAWAITED, "Dropped.fetch");

    @Test
    void aDiscardedCoroutineIsAWarningThatNowarnDoesNotHide() {
        InMemoryJavac.Result r = InMemoryJavac.withChecker(DROPPED, "-nowarn");
        assertEquals(List.of("15: warning: " + UNAWAITED), Programs.seen(r, FILE));
        assertEquals(List.of(), r.javacErrors());
        assertEquals(true, r.classes().containsKey("p.Dropped"), "a warning does not stop the compilation");
    }

    @Test
    void unawaitedErrorMakesADiscardedCoroutineAnError() {
        InMemoryJavac.Result r = InMemoryJavac.withChecker(DROPPED, JasyncioChecker.XPLUGIN + " unawaited=error");
        assertEquals(List.of("15: error: " + UNAWAITED), Programs.seen(r, FILE));
        assertEquals(Map.of(), r.classes());
    }

    @Test
    void javacsWerrorFailsTheCompilationOnADiscardedCoroutine() {
        InMemoryJavac.Result r = InMemoryJavac.withChecker(DROPPED, "-Werror");
        assertEquals(List.of("15: warning: " + UNAWAITED), Programs.seen(r, FILE));
        assertEquals(1, r.javacErrors().size(), r.javacErrors().toString());
        assertTrue(r.javacErrors().get(0).contains("-Werror"), r.javacErrors().get(0));
        assertEquals(Map.of(), r.classes());
    }

    @Test
    void unawaitedOffReportsNothing() {
        InMemoryJavac.Result r = InMemoryJavac.withChecker(DROPPED, JasyncioChecker.XPLUGIN + " unawaited=off");
        assertEquals(List.of(), Programs.seen(r, FILE));
    }

    @Test
    void anOptionItDoesNotKnowIsACompilationError() {
        InMemoryJavac.Result r = InMemoryJavac.withChecker(DROPPED, JasyncioChecker.XPLUGIN + " unawaited=loud");
        assertEquals(
                List.of("JasyncioChecker: option unawaited takes warning, error or off, not 'loud'"),
                r.diagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> d.getMessage(null))
                        .toList());
        InMemoryJavac.Result other = InMemoryJavac.withChecker(DROPPED, JasyncioChecker.XPLUGIN + " strict");
        assertEquals(
                List.of("JasyncioChecker: unknown option 'strict'; the options are unawaited=warning|error|off"),
                other.diagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> d.getMessage(null))
                        .toList());
    }

    @Test
    void itStartsByItselfFromTheClassPathWhenThereIsNoProcessorPath() {
        // The test class path holds the checker's classes and service file, as a provided dependency would.
        InMemoryJavac.Result r = InMemoryJavac.compile(DROPPED, List.of());
        assertEquals(List.of("15: warning: " + UNAWAITED), Programs.seen(r, FILE));
    }

    @Test
    void namingItWithXpluginRunsItOnce() {
        InMemoryJavac.Result r = InMemoryJavac.withChecker(DROPPED, JasyncioChecker.XPLUGIN);
        assertEquals(List.of("15: warning: " + UNAWAITED), Programs.seen(r, FILE));
    }

    @Test
    void theNameIsWhatJavacIsGiven() {
        assertEquals("JasyncioChecker", new JasyncioChecker().getName());
        assertEquals("-Xplugin:JasyncioChecker", JasyncioChecker.XPLUGIN);
        assertEquals(true, new JasyncioChecker().autoStart());
    }
}
