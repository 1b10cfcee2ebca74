package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What both HTTP samples must do, each in its own JVM, checked with java.net.http and with raw
 * sockets: {@link HttpServerTest} runs it against the streams server, {@link
 * HttpProtocolServerTest} against the protocol one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpServerContract {
    /** The sample with its production timeouts, which no test here comes near. */
    private SampleRunner.Background server;
    /**
     * The sample with short timeouts, so that slow and silent clients are closed within a
     * second or two; the idle timeout is long enough that a client pausing between requests
     * for several header timeouts is never near it.
     */
    private SampleRunner.Background impatient;

    private static final String HEADER_TIMEOUT = "0.5";
    private static final long PAUSE_PAST_HEADER_TIMEOUT_MS = 1_500;
    private static final String IDLE_TIMEOUT = "15";
    /** How long any test waits for the server to close a connection: far past every timeout. */
    private static final int CLOSE_BOUND_MS = 30_000;

    /** The sample's main class. */
    abstract Class<?> sample();

    @BeforeAll
    void startServer() throws Exception {
        server = SampleRunner.start(sample());
        impatient = SampleRunner.start(
                sample(),
                "--header-timeout=" + HEADER_TIMEOUT,
                "--request-timeout=1",
                "--idle-timeout=" + IDLE_TIMEOUT,
                "--write-timeout=1");
    }

    @AfterAll
    void stopServer() throws Exception {
        try (SampleRunner.Background a = server;
                SampleRunner.Background b = impatient) {
            // both killed
        }
    }

    /** One parsed response: status line, lower-cased header names, body. */
    record Response(String status, java.util.Map<String, String> headers, String body) {}

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads exactly one response, body by Content-Length; null at end of stream. */
    private static Response readResponse(InputStream in) throws IOException {
        String status = readLine(in);
        if (status == null) {
            return null;
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.get("content-length"));
        String body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        return new Response(status, headers, body);
    }

    private Socket connect() throws IOException {
        return connect(server);
    }

    private static Socket connect(SampleRunner.Background to) throws IOException {
        Socket s = new Socket("127.0.0.1", to.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /**
     * Reads until the server closes the connection (end of stream, or a reset), at most
     * {@link #CLOSE_BOUND_MS}, and returns what came before.
     */
    private static String readUntilClosed(Socket s) throws IOException {
        s.setSoTimeout(CLOSE_BOUND_MS);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) != -1; ) {
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + CLOSE_BOUND_MS
                    + " ms; it sent: " + got.toString(StandardCharsets.ISO_8859_1));
        } catch (java.net.SocketException reset) {
            // Closed too: a reset is how a server drops a client it gave up on.
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends {@code text} one byte per {@code pauseMs} until the server closes the connection
     * (bounded by {@link #CLOSE_BOUND_MS}), and returns what the server sent.
     */
    private static String trickleUntilClosed(Socket s, String text, int pauseMs) throws IOException {
        s.setTcpNoDelay(true);
        s.setSoTimeout(pauseMs);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        long deadline = System.nanoTime() + CLOSE_BOUND_MS * 1_000_000L;
        int sent = 0;
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (sent < text.length()) {
                    send(s, text.substring(sent, sent + 1));
                    sent++;
                }
                int n = in.read(buf);
                if (n == -1) {
                    return got.toString(StandardCharsets.ISO_8859_1);
                }
                got.write(buf, 0, n);
            } catch (java.net.SocketTimeoutException nothingYet) {
                // the pause between two bytes
            } catch (java.net.SocketException reset) {
                return got.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new AssertionError(
                "the server did not close a client sending one byte per " + pauseMs + " ms (" + sent + " bytes sent)");
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void javaHttpClientGetsHelloWorldWithContentLength() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("Hello, World!", r.body());
        assertEquals("13", r.headers().firstValue("content-length").orElseThrow());
    }

    @Test
    void oneKeptAliveConnectionServesRequestAfterRequest() throws Exception {
        try (Socket s = connect()) {
            for (int i = 0; i < 5; i++) {
                send(s, "GET /" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
                Response r = readResponse(s.getInputStream());
                assertEquals("HTTP/1.1 200 OK", r.status());
                assertEquals("Hello, World!", r.body());
                assertEquals(null, r.headers().get("connection"));
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndCloseEndsTheConnection() throws Exception {
        try (Socket s = connect()) {
            // All four requests in one write, the second with a body that must be skipped,
            // the third asking to close: exactly three responses, then end of stream.
            send(
                    s,
                    "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nGET / HTTP/"
                            + "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            + "GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = s.getInputStream();
            List<Response> got = new ArrayList<>();
            Response r;
            while ((r = readResponse(in)) != null) {
                got.add(r);
            }
            assertEquals(3, got.size(), got.toString());
            for (Response each : got) {
                assertEquals("HTTP/1.1 200 OK", each.status());
                assertEquals("Hello, World!", each.body());
            }
            assertEquals("close", got.get(2).headers().get("connection"));
        }
    }

    @Test
    void aBodyLargerThanOneReadIsSkippedAndTheNextRequestAnswered() throws Exception {
        try (Socket s = connect()) {
            String body = "x".repeat(300_000);
            send(
                    s,
                    "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                            + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = s.getInputStream();
            for (int i = 0; i < 2; i++) {
                Response r = readResponse(in);
                assertEquals("HTTP/1.1 200 OK", r.status());
                assertEquals("Hello, World!", r.body());
            }
        }
    }

    @Test
    void requestsSplitAcrossManyWritesAreReassembled() throws Exception {
        try (Socket s = connect()) {
            s.setTcpNoDelay(true);
            String req = "GET /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
            for (char c : req.toCharArray()) {
                send(s, String.valueOf(c));
                Thread.sleep(1);
            }
            Response r = readResponse(s.getInputStream());
            assertEquals("HTTP/1.1 200 OK", r.status());
            assertEquals("Hello, World!", r.body());
        }
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheResponse() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET / HTTP/1.0\r\n\r\n");
            InputStream in = s.getInputStream();
            assertEquals("Hello, World!", readResponse(in).body());
            assertEquals(null, readResponse(in));
        }
    }

    @Test
    void http10WithKeepAliveStaysOpen() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("Hello, World!", readResponse(s.getInputStream()).body());
            send(s, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("Hello, World!", readResponse(s.getInputStream()).body());
        }
    }

    @Test
    void aMalformedRequestGets400AndTheConnectionCloses() throws Exception {
        try (Socket s = connect()) {
            send(s, "NONSENSE\r\n\r\n");
            InputStream in = s.getInputStream();
            Response r = readResponse(in);
            assertEquals("HTTP/1.1 400 Bad Request", r.status());
            assertEquals("close", r.headers().get("connection"));
            assertEquals(null, readResponse(in));
        }
    }

    @Test
    void anOversizedHeadGets431() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n");
            Response r = readResponse(s.getInputStream());
            assertTrue(r.status().startsWith("HTTP/1.1 431"), r.status());
        }
    }

    /** Each bad head with a request behind it that a lenient parser would answer too. */
    static List<String> smugglingAttempts() {
        List<String> attempts = new ArrayList<>();
        for (String head : HttpSmuggling.BAD_HEADS) {
            attempts.add(head + "GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
        }
        return attempts;
    }

    @ParameterizedTest
    @MethodSource("smugglingAttempts")
    void eachSmugglingShapeIsAnswered400AndTheConnectionClosed(String attempt) throws Exception {
        try (Socket s = connect()) {
            send(s, attempt);
            InputStream in = s.getInputStream();
            Response r = readResponse(in);
            assertEquals("HTTP/1.1 400 Bad Request", r.status(), attempt);
            assertEquals("close", r.headers().get("connection"));
            assertEquals("", readUntilClosed(s), "nothing may follow the 400");
        }
    }

    @Test
    void twoDifferentContentLengthsNeverLetTheBodyBeReadAsARequest() throws Exception {
        // The reviewer's shape: answered 200 then 400 when the last length won.
        try (Socket s = connect()) {
            send(s, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nGET /x");
            assertEquals(
                    "HTTP/1.1 400 Bad Request", readResponse(s.getInputStream()).status());
            assertEquals("", readUntilClosed(s));
        }
    }

    @Test
    void aChunkedBodyIsAnswered501AndTheConnectionClosed() throws Exception {
        try (Socket s = connect()) {
            send(s, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            assertEquals(
                    "HTTP/1.1 501 Not Implemented",
                    readResponse(s.getInputStream()).status());
            assertEquals("", readUntilClosed(s));
        }
    }

    @Test
    void anotherMajorVersionIsAnswered505() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET / HTTP/2.0\r\nHost: a\r\n\r\n");
            assertEquals(
                    "HTTP/1.1 505 HTTP Version Not Supported",
                    readResponse(s.getInputStream()).status());
            assertEquals("", readUntilClosed(s));
        }
    }

    @Test
    void aSilentClientIsClosedWithoutAWord() throws Exception {
        try (Socket s = connect(impatient)) {
            assertEquals("", readUntilClosed(s));
        }
    }

    @Test
    void aSlowlorisClientIsClosedBeforeItsHeadEnds() throws Exception {
        try (Socket s = connect(impatient)) {
            send(s, "GET / HTTP/1.1\r\nHost: a\r\n");
            String got = trickleUntilClosed(s, "X-Slow: " + "a".repeat(1000) + "\r\n\r\n", 100);
            assertTrue(got.isEmpty() || got.startsWith("HTTP/1.1 408 Request Timeout\r\n"), got);
        }
    }

    @Test
    void aSlowlorisClientIsClosedOnItsSecondRequestToo() throws Exception {
        try (Socket s = connect(impatient)) {
            send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK", readResponse(s.getInputStream()).status());
            String got = trickleUntilClosed(s, "GET / HTTP/1.1\r\nHost: a\r\nX-Slow: " + "a".repeat(1000), 100);
            assertTrue(got.isEmpty() || got.startsWith("HTTP/1.1 408 Request Timeout\r\n"), got);
        }
    }

    @Test
    void aClientTricklingItsBodyIsClosedBeforeTheBodyEnds() throws Exception {
        try (Socket s = connect(impatient)) {
            send(s, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n");
            String got = trickleUntilClosed(s, "b".repeat(1000), 100);
            assertTrue(got.isEmpty() || got.startsWith("HTTP/1.1 408 Request Timeout\r\n"), got);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsResponse() throws Exception {
        try (Socket s = connect(impatient)) {
            send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK", readResponse(s.getInputStream()).status());
            assertEquals("", readUntilClosed(s));
        }
    }

    @Test
    void aKeepAliveClientPausingLongerThanTheHeaderTimeoutIsStillServed() throws Exception {
        try (Socket s = connect(impatient)) {
            InputStream in = s.getInputStream();
            for (int i = 0; i < 2; i++) {
                send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals("HTTP/1.1 200 OK", readResponse(in).status());
                // Between requests only the idle timeout applies, not the header timeout.
                Thread.sleep(PAUSE_PAST_HEADER_TIMEOUT_MS);
            }
            send(s, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            Response last = readResponse(in);
            assertEquals("HTTP/1.1 200 OK", last.status());
            assertEquals("close", last.headers().get("connection"));
            assertEquals("", readUntilClosed(s));
        }
    }

    @Test
    void aClientThatSendsRequestsButNeverReadsIsDisconnected() throws Exception {
        try (Socket s = new Socket()) {
            // Small buffers on our side; the server's are whatever the kernel gives, which is
            // why the flood is bounded by time and stops when the server gives up, not sized.
            s.setReceiveBufferSize(4096);
            s.setSendBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", impatient.port()));
            byte[] batch = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(64).getBytes(StandardCharsets.ISO_8859_1);
            java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
            Thread flood = new Thread(
                    () -> {
                        try {
                            OutputStream out = s.getOutputStream();
                            long deadline = System.nanoTime() + CLOSE_BOUND_MS * 1_000_000L;
                            while (System.nanoTime() < deadline) {
                                out.write(batch); // blocks once the server stops reading
                            }
                            ended.complete(null);
                        } catch (IOException e) {
                            ended.complete(e);
                        }
                    },
                    "flood");
            flood.start();
            Throwable error;
            try {
                error = ended.get(CLOSE_BOUND_MS + 10_000, java.util.concurrent.TimeUnit.MILLISECONDS);
            } finally {
                s.close(); // unblocks the flood if the server never gave up
                flood.join(10_000);
            }
            assertTrue(
                    error instanceof java.net.SocketException, "the server kept a client that never reads: " + error);
        }
    }

    @Test
    void theServerKeepsServingAfterAClientVanishesMidRequest() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\nContent-Le");
        }
        try (Socket s = connect()) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("Hello, World!", readResponse(s.getInputStream()).body());
        }
    }
}
