package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RESP2 encoding, and decoding of replies that arrive a byte at a time from a server the test
 * scripts, so every line and every bulk string is split across many reads.
 */
class RespTest {
    @Test
    void encodesACommandAsAnArrayOfBulkStrings() {
        assertArrayEquals(
                "*3\r\n$6\r\nINCRBY\r\n$5\r\nvisit\r\n$2\r\n-5\r\n".getBytes(StandardCharsets.US_ASCII),
                Resp.encode("INCRBY", "visit", "-5"));
        // Lengths count UTF-8 bytes, not chars.
        assertArrayEquals(
                "*2\r\n$3\r\nGET\r\n$2\r\n\u00e9\r\n".getBytes(StandardCharsets.UTF_8), Resp.encode("GET", "\u00e9"));
        assertThrows(IllegalArgumentException.class, Resp::encode);
    }

    /** Serves {@code script} to the first client one byte per write, then closes. */
    private static ServerSocket dribble(String script) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(
                () -> {
                    try (server;
                            Socket s = server.accept()) {
                        s.setTcpNoDelay(true);
                        OutputStream out = s.getOutputStream();
                        for (byte b : script.getBytes(StandardCharsets.UTF_8)) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(1);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the test fails on what it did not get
                    }
                },
                "dribble");
        t.setDaemon(true);
        t.start();
        return server;
    }

    /** Reads {@code n} replies from the server, then what is left of the stream. */
    @Async
    private static Coroutine<List<Object>> readReplies(int port, int n) {
        Streams.Connection c = await(Streams.openConnection("127.0.0.1", port));
        List<Object> replies = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                replies.add(await(Resp.read(c.reader())));
            }
            replies.add(new String(await(c.reader().read(-1)), StandardCharsets.UTF_8));
        } finally {
            c.writer().close();
        }
        return done(replies);
    }

    @Test
    void decodesEveryReplyTypeWhenEachArrivesInPieces() throws Exception {
        String script = "+PONG\r\n"
                + "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
                + ":-42\r\n"
                + "$8\r\nab\r\ncd\u00e9\r\n" // a bulk string holding CRLF, read by length
                + "$0\r\n\r\n"
                + "$-1\r\n"
                + "*3\r\n:1\r\n*2\r\n$1\r\nx\r\n$-1\r\n+OK\r\n"
                + "*-1\r\n"
                + "*0\r\n"
                + "left";
        try (ServerSocket server = dribble(script)) {
            List<Object> replies = run(readReplies(server.getLocalPort(), 9));
            assertEquals("PONG", replies.get(0));
            RedisError error = assertInstanceOf(RedisError.class, replies.get(1));
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", error.getMessage());
            assertEquals("WRONGTYPE", error.prefix());
            assertEquals(-42L, replies.get(2));
            assertEquals("ab\r\ncd\u00e9", replies.get(3));
            assertEquals("", replies.get(4));
            assertEquals(null, replies.get(5));
            assertEquals(List.of(1L, Arrays.asList("x", null), "OK"), replies.get(6));
            assertEquals(null, replies.get(7));
            assertEquals(List.of(), replies.get(8));
            assertEquals("left", replies.get(9), "nothing past the last reply is consumed");
        }
    }

    @Test
    void refusesBytesThatAreNotResp() throws Exception {
        for (String bad : List.of("?what\r\n", ":12x\r\n", "$3\r\nabcd\r\n", "$-2\r\n", "\r\n")) {
            try (ServerSocket server = dribble(bad)) {
                RespProtocolError e =
                        assertThrows(RespProtocolError.class, () -> run(readReplies(server.getLocalPort(), 1)), bad);
                assertTrue(!e.getMessage().isEmpty(), bad);
            }
        }
    }

    @Test
    void aConnectionEndingInsideABulkStringIsAnIncompleteRead() throws Exception {
        try (ServerSocket server = dribble("$10\r\nhalf")) {
            IncompleteReadError e =
                    assertThrows(IncompleteReadError.class, () -> run(readReplies(server.getLocalPort(), 1)));
            assertEquals("half", new String(e.partial(), StandardCharsets.UTF_8));
        }
    }
}
