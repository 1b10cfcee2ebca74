package io.jasyncio.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Right programs give no diagnostic at all: await in every place the agent rewrites, generators
 * of every kind, coroutine lambdas; and the repository's own code, which the agent rewrites and
 * runs in its tests: the samples, and every bytecode shape of the agent's integration tests. And
 * the checker is silent for the right reason: the agent rewrites every method of these programs
 * that awaits, yields or returns {@code done}, so none of those calls is left to fail at run time.
 */
class RightProgramsTest {
    private static final Path AGENT_TESTS = Programs.repository().resolve("agent/src/test/java");

    @TestFactory
    Stream<DynamicTest> eachRightProgramGetsNoDiagnostic() {
        return Programs.resources("right").entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> assertClean(Map.of(e.getKey(), e.getValue()))));
    }

    @Test
    void theSamplesGetNoDiagnostic() {
        Path samples = Programs.repository().resolve("samples/src/main/java");
        assertClean(Programs.read(samples, samples));
    }

    @Test
    void everyShapeTheAgentRewritesGetsNoDiagnostic() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String dir : List.of(
                "io/jasyncio/agent/shapes",
                "io/jasyncio/agent/chains",
                "io/jasyncio/agent/explain/fixtures",
                "io/jasyncio/agent/internal/transform/fixtures")) {
            sources.putAll(Programs.read(AGENT_TESTS.resolve(dir), AGENT_TESTS));
        }
        // Awaits in plain methods on purpose: see theAgentsRunTimeFailuresAreCompileTimeErrors.
        String notInstrumented = "io/jasyncio/agent/shapes/NotInstrumentedIT.java";
        sources.remove(notInstrumented);
        assertEquals(true, sources.size() > 20, "the shapes were found: " + sources.keySet());
        assertClean(sources);
    }

    @Test
    void theAgentsRunTimeFailuresAreCompileTimeErrors() {
        String file = "io/jasyncio/agent/shapes/NotInstrumentedIT.java";
        Map<String, String> sources = new LinkedHashMap<>(Programs.read(AGENT_TESTS.resolve(file), AGENT_TESTS));
        sources.putAll(Programs.read(AGENT_TESTS.resolve("io/jasyncio/agent/shapes/Awaited.java"), AGENT_TESTS));
        InMemoryJavac.Result r = InMemoryJavac.withChecker(sources);
        assertEquals(List.of(), r.javacErrors());
        List<String> lines = Programs.seen(r, file).stream()
                .map(d -> d.substring(0, d.indexOf("]") + 1))
                .toList();
        String source = sources.get(file);
        assertEquals(
                List.of(
                        lineOf(source, "return await(never);") + ": error: [jasyncio:await-outside-coroutine]",
                        lineOf(source, "return await(a);") + ": error: [jasyncio:await-outside-coroutine]",
                        lineOf(source, "return await(a, IOException.class);")
                                + ": error: [jasyncio:await-outside-coroutine]",
                        lineOf(source, "return done(1);") + ": error: [jasyncio:await-outside-coroutine]",
                        lineOf(source, "() -> await(never);") + ": error: [jasyncio:await-in-lambda]"),
                lines);
    }

    private static int lineOf(String source, String text) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }

    private static void assertClean(Map<String, String> sources) {
        InMemoryJavac.Result r = InMemoryJavac.withChecker(sources);
        assertEquals(List.of(), r.javacErrors());
        assertEquals(List.of(), r.checker().stream().map(Object::toString).toList());
        assertEquals(
                Set.of(),
                Agent.linesLeftAlone(InMemoryJavac.withoutChecker(sources).classes()));
    }
}
