package io.jasyncio.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleTest {
    @Test
    void idsAreUniqueLowerCaseWordsAndFindTheirRule() {
        Set<String> seen = new HashSet<>();
        for (Rule r : Rule.values()) {
            assertTrue(r.id().matches("[a-z]+(-[a-z0-9]+)*"), r.id());
            assertTrue(seen.add(r.id()), r.id());
            assertSame(r, Rule.byId(r.id()));
        }
    }

    @Test
    void everyRuleIsReportedBySomeone() {
        for (Rule r : Rule.values()) {
            assertTrue(r.refusedByAgent() || r.checkedByCompiler(), r.id());
        }
    }

    @Test
    void everyRuleIsInTheReadmesTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (Rule r : Rule.values()) {
            assertTrue(readme.contains("| `" + r.id() + "` |"), r.id());
        }
    }

    @Test
    void formatFillsTheArgumentsIn() {
        assertEquals(
                "an @Async method must be declared to return io.jasyncio.Coroutine<T> (or"
                        + " io.jasyncio.AsyncGenerator<Y, S> for an async generator), not int",
                Rule.WRONG_RETURN_TYPE.format("int"));
        assertEquals(Rule.RETURN_NOT_DONE.text(), Rule.RETURN_NOT_DONE.format());
    }

    @Test
    void anUnknownIdIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rule.byId("nope"));
        assertEquals("no jasyncio rule named 'nope'", e.getMessage());
    }
}
