package io.jasyncio.doccheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The page and the run agree line by line, exactly or through a template that fits both. */
class OutputLinesTest {
    private static final List<OutputMark.Template> SECONDS = List.of(new OutputMark.Template("executed in # seconds."));

    @Test
    void equalLinesAgreeAndTrailingBlanksDoNotCount() {
        assertEquals(Optional.empty(), OutputLines.compare(List.of("One", "Two"), List.of("One  ", "Two"), List.of()));
    }

    @Test
    void aNumberAgreesWithAnotherOnlyInATemplatedLine() {
        assertEquals(
                Optional.empty(),
                OutputLines.compare(
                        List.of("executed in 1.01 seconds."), List.of("executed in 1.37 seconds."), SECONDS));
        String message =
                OutputLines.compare(List.of("One 1"), List.of("One 2"), SECONDS).orElseThrow();
        assertTrue(message.startsWith("line 1 of the output differs:\n  page: One 1\n  run:  One 2"), message);
    }

    @Test
    void aPageLineThatNoLongerFitsItsTemplateFails() {
        assertTrue(
                OutputLines.compare(List.of("executed in one second."), List.of("executed in 1.01 seconds."), SECONDS)
                        .isPresent());
    }

    @Test
    void ignoredLinesAreLeftOutOfBothSidesWhateverTheirNumber() {
        List<OutputMark.Template> jdk = List.of(new OutputMark.Template("*at java.base*"));
        assertEquals(
                Optional.empty(),
                OutputLines.compare(
                        List.of("boom", "\tat java.base@17/java.lang.Thread.sleep(Native Method)", "\tat app.Main"),
                        List.of(
                                "boom", "\tat java.base/java.lang.Thread.sleep0(Native Method)",
                                "\tat java.base/java.lang.Thread.sleep(Thread.java:540)", "\tat app.Main"),
                        List.of(),
                        jdk));
        assertTrue(OutputLines.compare(List.of("boom"), List.of("boom", "\tat app.Main"), List.of(), jdk)
                .isPresent());
    }

    @Test
    void aMissingOrAnExtraLineFails() {
        String missing = OutputLines.compare(List.of("One", "Two"), List.of("One"), List.of())
                .orElseThrow();
        assertTrue(missing.contains("line 2 of the output differs:\n  page: Two\n  run:  (nothing)"), missing);
        String extra = OutputLines.compare(List.of("One"), List.of("One", "Two"), List.of())
                .orElseThrow();
        assertTrue(extra.contains("page: (nothing)\n  run:  Two"), extra);
    }
}
