package io.jasyncio.samples.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRequestTest {
    private static HttpRequest parse(String head) {
        return HttpRequest.parse(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String rejection(String head) {
        return assertThrows(HttpRequest.Malformed.class, () -> parse(head), head)
                .status();
    }

    @Test
    void parsesWhatTheServiceNeeds() {
        HttpRequest r = parse("POST /counters/a?by=3 HTTP/1.1\r\nHost: x\r\ncOnTeNt-LeNgTh:\t 12 \r\n\r\n");
        assertEquals(new HttpRequest("POST", "/counters/a?by=3", true, 12), r);
        assertEquals("/counters/a", r.path());
        assertEquals("by=3", r.query());
        assertEquals("", parse("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").query());
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
    void rejectsWhatIsAmbiguousOrUnsupportedWithTheRightStatus() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("GET /\r\n\r\n", "400 Bad Request"),
                Map.entry("get / HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request"),
                Map.entry("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request"),
                Map.entry("GET x HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request"),
                Map.entry("GET / HTTP/1.1\r\n\r\n", "400 Bad Request"),
                Map.entry("GET / HTTP/1.1\r\nHost : x\r\n\r\n", "400 Bad Request"),
                Map.entry("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "400 Bad Request"),
                Map.entry("GET / HTTP/1.1\r\nHost: x\r\nX: a\u0001b\r\n\r\n", "400 Bad Request"),
                Map.entry(
                        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
                        "400 Bad Request"),
                Map.entry("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "400 Bad Request"),
                Map.entry("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1,1\r\n\r\n", "400 Bad Request"),
                Map.entry("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n", "413 Content Too Large"),
                Map.entry("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "501 Not Implemented"),
                Map.entry("GET / HTTP/2.0\r\nHost: x\r\n\r\n", "505 HTTP Version Not Supported"));
        cases.forEach((head, status) -> assertEquals(status, rejection(head), head));
    }
}
