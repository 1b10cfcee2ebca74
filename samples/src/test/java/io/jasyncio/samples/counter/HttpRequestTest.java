package io.jasyncio.samples.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the counter service takes from a head. The strictness itself is {@code HttpRequestHead}'s,
 * tested in {@code HttpRequestHeadTest}; here, that each refusal becomes the right status.
 */
class HttpRequestTest {
    private static HttpRequest parse(String head) {
        return HttpRequest.parse(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String rejection(String head) {
        return assertThrows(HttpRequest.Malformed.class, () -> parse(head), head)
                .status();
    }

    @Test
    void takesTheMethodTargetAndBodyLength() {
        HttpRequest r = parse("POST /counters/a?by=3 HTTP/1.1\r\nHost: x\r\ncOnTeNt-LeNgTh:\t 12 \r\n\r\n");
        assertEquals(new HttpRequest("POST", "/counters/a?by=3", true, 12), r);
        assertEquals("/counters/a", r.path());
        assertEquals("by=3", r.query());
        assertEquals("", parse("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").query());
        // One empty line before the request-line is ignored (RFC 9112 2.2).
        assertEquals(
                "DELETE", parse("\r\nDELETE /y HTTP/1.1\r\nHost: x\r\n\r\n").method());
    }

    @Test
    void keepAliveFollowsTheVersionAndTheConnectionHeader() {
        assertEquals(true, parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n").keepAlive());
        assertEquals(
                false,
                parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, close\r\n\r\n")
                        .keepAlive());
        assertEquals(false, parse("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertEquals(
                true, parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive());
    }

    @Test
    void refusalsGetTheirStatus() {
        Map<String, String> cases = Map.of(
                "GET /\r\n\r\n", "400 Bad Request",
                "GET / HTTP/1.1\r\n\r\n", "400 Bad Request",
                "GET / HTTP/1.1\r\nHost : x\r\n\r\n", "400 Bad Request",
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "400 Bad Request",
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n", "413 Content Too Large",
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "501 Not Implemented",
                "GET / HTTP/2.0\r\nHost: x\r\n\r\n", "505 HTTP Version Not Supported");
        cases.forEach((head, status) -> assertEquals(status, rejection(head), head));
    }
}
