package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol echo server in one JVM, the echo client (or a raw socket) in another. */
class EchoProtocolServerTest {
    private static SampleRunner.Background server;

    @BeforeAll
    static void startServer() throws Exception {
        server = SampleRunner.start(EchoProtocolServer.class);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void echoClientGetsEveryMessageBack() throws Exception {
        SampleRunner.Run run = SampleRunner.run(EchoClient.class, String.valueOf(server.port()), "50", "200", "100");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr(), "the client printed to standard error");
        Matcher m = Pattern.compile("10000 round trips in (\\d+\\.\\d+) s: (\\d+) round trips/s")
                .matcher(run.stdout().get(1));
        assertTrue(m.matches(), run.stdout().get(1));
    }

    /**
     * 8 MB sent while nothing is read back for 300 ms, so the echo backs up into the server
     * (whose protocol pauses reading while its write buffer is over the high-water mark):
     * every byte still comes back in order, then end of stream once the client half-closes.
     */
    @Test
    void everyByteComesBackUnderBackPressureAndTheServerClosesAfterTheClientHalfCloses() throws Exception {
        byte[] sent = new byte[8_000_000];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 31 + 7);
        }
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(sent);
                    s.shutdownOutput();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            // Read nothing for a while, so the echo backs up into the server.
            Thread.sleep(300);
            InputStream in = s.getInputStream();
            byte[] got = in.readAllBytes();
            writer.join();
            assertArrayEquals(sent, got);
        }
    }
}
