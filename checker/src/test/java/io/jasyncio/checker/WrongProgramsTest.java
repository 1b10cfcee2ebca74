package io.jasyncio.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Wrong programs, compiled in memory with the checker: each gets exactly the diagnostics its
 * {@code // expect:} markers give (kind, full text, line), and no others.
 */
class WrongProgramsTest {
    private static final Map<String, String> WRONG = Programs.resources("wrong");

    @TestFactory
    Stream<DynamicTest> eachWrongProgramGetsExactlyItsMarkedDiagnostics() {
        return WRONG.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    InMemoryJavac.Result r = InMemoryJavac.withChecker(Map.of(e.getKey(), e.getValue()));
                    assertEquals(
                            List.of(), r.javacErrors(), "the program must be valid Java but for the checker's rules");
                    assertEquals(sorted(Programs.expected(e.getValue())), sorted(Programs.seen(r, e.getKey())));
                }));
    }

    @Test
    void everyRuleTheCheckerReportsIsExercisedByAWrongProgram() {
        Set<Rule> covered = EnumSet.noneOf(Rule.class);
        for (String source : WRONG.values()) {
            for (String line : Programs.expected(source)) {
                String id = line.substring(line.indexOf(Reporter.PREFIX) + Reporter.PREFIX.length(), line.indexOf(']'));
                covered.add(Rule.byId(id));
            }
        }
        Set<Rule> missing = EnumSet.noneOf(Rule.class);
        for (Rule r : Rule.values()) {
            if (r.checkedByCompiler() && !covered.contains(r)) {
                missing.add(r);
            }
        }
        assertEquals(Set.of(), missing);
    }

    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        Collections.sort(out);
        return out;
    }
}
