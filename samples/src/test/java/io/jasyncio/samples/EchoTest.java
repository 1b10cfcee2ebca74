package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The echo samples: the server in one JVM, the client (or a raw socket) in another. */
class EchoTest {
    private static SampleRunner.Background server;

    @BeforeAll
    static void startServer() throws Exception {
        server = SampleRunner.start(EchoServer.class);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void echoClientGetsEveryMessageBackAndReportsTheRate() throws Exception {
        SampleRunner.Run run = SampleRunner.run(EchoClient.class, String.valueOf(server.port()), "50", "200", "100");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr(), "the client printed to standard error");
        assertEquals(
                "50 connections open at once, 200 messages of 100 bytes each",
                run.stdout().get(0));
        Matcher m = Pattern.compile("10000 round trips in (\\d+\\.\\d+) s: (\\d+) round trips/s")
                .matcher(run.stdout().get(1));
        assertTrue(m.matches(), run.stdout().get(1));
        assertTrue(Long.parseLong(m.group(2)) > 0, run.stdout().get(1));
    }

    @Test
    void tenThousandConnectionsOpenAtOnceEachGetTheirEchoes() throws Exception {
        long limit = openFileLimit();
        if (limit < 10_200) {
            fail("this test needs 10,200 open files per process but the limit is " + limit
                    + "; raise the hard limit (ulimit -Hn, or the container's nofile ulimit)");
        }
        SampleRunner.Run run = SampleRunner.run(EchoClient.class, String.valueOf(server.port()), "10000", "2", "16");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(
                "10000 connections open at once, 2 messages of 16 bytes each",
                run.stdout().get(0));
        assertTrue(
                run.stdout().get(1).startsWith("20000 round trips in "),
                run.stdout().get(1));
    }

    /** Soft limit on open files of this JVM, which raises it to the hard limit as children do. */
    private static long openFileLimit() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new java.io.IOException("no 'Max open files' line in /proc/self/limits");
    }

    @Test
    void echoClientFailsWhenNobodyListens() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SampleRunner.Run run = SampleRunner.run(EchoClient.class, String.valueOf(port), "3", "1");
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().contains("ConnectException"), run.stderr());
    }

    @Test
    void serverEchoesEveryByteAndClosesAfterTheClientHalfCloses() throws Exception {
        byte[] sent = new byte[300_000];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 31 + 7);
        }
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(sent);
                    s.shutdownOutput();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            // readAllBytes returns only at end of stream: the server must close its side.
            InputStream in = s.getInputStream();
            byte[] got = in.readAllBytes();
            writer.join();
            assertArrayEquals(sent, got);
        }
    }
}
