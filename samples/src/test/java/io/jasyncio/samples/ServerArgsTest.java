package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The server samples' command line. */
class ServerArgsTest {
    private static ServerArgs parse(String... args) {
        return ServerArgs.parse("HttpServer", args, 8080, HttpTimeouts.OPTIONS);
    }

    @Test
    void defaultsAreProductionTimeoutsOnLocalhost8080() {
        ServerArgs a = parse();
        assertEquals(8080, a.port);
        assertEquals("127.0.0.1", a.host);
        assertEquals(100, a.backlog);
        assertEquals(new HttpTimeouts(10, 30, 60, 30), HttpTimeouts.from(a));
    }

    @Test
    void positionalArgumentsAndOptionsMix() {
        ServerArgs a = parse("--idle-timeout=0.25", "0", "::1", "--header-timeout=2", "512");
        assertEquals(0, a.port);
        assertEquals("::1", a.host);
        assertEquals(512, a.backlog);
        assertEquals(new HttpTimeouts(2, 30, 0.25, 30), HttpTimeouts.from(a));
    }

    @Test
    void anUnknownOptionIsRefusedNamingWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--idle=3"));
        assertTrue(e.getMessage().startsWith("HttpServer: unknown option --idle=3;"), e.getMessage());
        assertTrue(e.getMessage().contains("[--idle-timeout=60.0]"), e.getMessage());
    }

    @Test
    void aTimeoutMustBeAPositiveNumberOfSeconds() {
        for (String bad : new String[] {
            "--idle-timeout=0",
            "--idle-timeout=-1",
            "--idle-timeout=x",
            "--idle-timeout=NaN",
            "--idle-timeout=Infinity",
            "--idle-timeout"
        }) {
            assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void moreThanThreePositionalArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> parse("1", "h", "2", "3"));
    }
}
