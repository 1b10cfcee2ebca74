package io.jasyncio.doccheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The output mark's options, and what a {@code varies} template matches. */
class OutputMarkTest {
    @Test
    void aMarkWithOptionsOnFurtherLinesGivesItsTemplatesAndPorts() {
        OutputMark m = OutputMark.parse(
                "doc-check: output\n  varies: executed in # seconds.\n  ignores: *at java.base*\n  ports: 6390 8080\n");
        assertEquals(List.of(new OutputMark.Template("executed in # seconds.")), m.templates());
        assertEquals(List.of(new OutputMark.Template("*at java.base*")), m.ignored());
        assertEquals(List.of(6390, 8080), m.ports());
    }

    @Test
    void otherCommentsAreNoOutputMarks() {
        assertNull(OutputMark.parse("doc-check: excerpt of samples/src/main/java/A.java"));
        assertNull(OutputMark.parse("a note to editors"));
    }

    @Test
    void anUnknownOptionIsRefusedNamingTheForms() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> OutputMark.parse("doc-check: output\nvary: #"));
        assertTrue(e.getMessage().contains("\"varies: TEMPLATE\""), e.getMessage());
    }

    @Test
    void aHashMatchesOneNumberDecimalNegativeGroupedOrHexadecimal() {
        OutputMark.Template t = new OutputMark.Template("took # s");
        assertTrue(t.matches("took 1.01 s"));
        assertTrue(t.matches("took 38,824 s"));
        assertTrue(t.matches("took -3 s"));
        assertTrue(t.matches("took 0x3caeaf62 s"));
        assertFalse(t.matches("took a while s"));
        assertFalse(t.matches("took 1 2 s"));
    }

    @Test
    void aStarMatchesAnyTextAndSpacesMatchAnyRunOfSpaces() {
        OutputMark.Template t = new OutputMark.Template("* frameFactory");
        assertTrue(t.matches("Dec 07, 2026 11:20:57 PM io.jasyncio.abi.Intrinsics frameFactory"));
        OutputMark.Template columns = new OutputMark.Template("# main   table 1");
        assertTrue(columns.matches("0x606d8acf main table 1"));
        assertTrue(columns.matches("0x0 main      table 1"));
        assertFalse(columns.matches("0x0 main table 2"));
    }

    @Test
    void aBackslashMakesHashAndStarStandForThemselves() {
        OutputMark.Template t = new OutputMark.Template("# main\\#1 \\*");
        assertTrue(t.matches("0x1 main#1 *"));
        assertFalse(t.matches("0x1 main2 *"));
        assertFalse(t.matches("0x1 main#1 x"));
    }

    @Test
    void everythingElseInATemplateStandsForItself() {
        OutputMark.Template t = new OutputMark.Template("a.b (c) [d] $e");
        assertTrue(t.matches("a.b (c) [d] $e"));
        assertFalse(t.matches("axb (c) [d] $e"));
    }
}
