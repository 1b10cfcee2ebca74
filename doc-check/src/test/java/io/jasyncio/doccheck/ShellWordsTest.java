package io.jasyncio.doccheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands split into words as a shell splits them. */
class ShellWordsTest {
    @Test
    void blanksSeparateWordsAndQuotesKeepThemTogether() {
        assertEquals(
                List.of("redis-server", "--port", "6390", "--save", "", "--appendonly", "no", "&"),
                ShellWords.split("redis-server  --port 6390 --save '' --appendonly no &"));
        assertEquals(List.of("echo", "a \"b\" $c", "d e"), ShellWords.split("echo \"a \\\"b\\\" \\$c\" d\\ e"));
        assertEquals(List.of("--x='1 2'"), ShellWords.split("--x=\"'1 2'\""));
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo 'open"));
    }
}
