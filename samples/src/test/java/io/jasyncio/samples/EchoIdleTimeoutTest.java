package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both echo samples close a connection on which nothing moved for their idle timeout, and only that. */
class EchoIdleTimeoutTest {
    /** Far below the idle timeout, so that a busy machine does not make an active client look idle. */
    private static final long PAUSE_MS = 100;

    private static final int CLOSE_BOUND_MS = 30_000;

    @ParameterizedTest
    @ValueSource(classes = {EchoServer.class, EchoProtocolServer.class})
    void aSilentClientIsClosedAndAnActiveOneKeptPastTheIdleTimeout(Class<?> sample) throws Exception {
        try (SampleRunner.Background server = SampleRunner.start(sample, "--idle-timeout=1.5");
                Socket silent = new Socket("127.0.0.1", server.port());
                Socket active = new Socket("127.0.0.1", server.port())) {
            active.setSoTimeout(10_000);
            active.setTcpNoDelay(true);
            long activeUntil = System.nanoTime() + 4_000_000_000L; // well past the idle timeout
            int messages = 0;
            while (System.nanoTime() < activeUntil) {
                echo(active, messages++);
                Thread.sleep(PAUSE_MS);
            }
            assertEquals(-1, readUntilClosed(silent), "the silent client was closed without an echo");
            echo(active, messages);
            assertEquals(-1, readUntilClosed(active), "the active client, once silent, was closed too");
        }
    }

    private static void echo(Socket s, int k) throws IOException {
        byte[] msg = ("message " + k).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        s.getOutputStream().write(msg);
        assertArrayEquals(msg, s.getInputStream().readNBytes(msg.length), "echo " + k);
    }

    /** Reads until the server closes (bounded), failing if it sends anything; -1 once closed. */
    private static int readUntilClosed(Socket s) throws IOException {
        s.setSoTimeout(CLOSE_BOUND_MS);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) != -1; ) {
                got.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("not closed within " + CLOSE_BOUND_MS + " ms");
        } catch (SocketException reset) {
            // closed by a reset
        }
        assertEquals(0, got.size(), "unexpected bytes before the close");
        return -1;
    }
}
