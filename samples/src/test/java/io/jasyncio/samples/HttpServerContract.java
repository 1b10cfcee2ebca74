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

/**
 * What both HTTP samples must do, each in its own JVM, checked with java.net.http and with raw
 * sockets: {@link HttpServerTest} runs it against the streams server, {@link
 * HttpProtocolServerTest} against the protocol one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpServerContract {
    private SampleRunner.Background server;

    /** The sample's main class. */
    abstract Class<?> sample();

    @BeforeAll
    void startServer() throws Exception {
        server = SampleRunner.start(sample());
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
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
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
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
