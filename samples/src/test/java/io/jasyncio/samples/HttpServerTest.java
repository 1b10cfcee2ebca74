package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streams HTTP sample, and the request parser both HTTP samples share. */
class HttpServerTest extends HttpServerContract {
    @Override
    Class<?> sample() {
        return HttpServer.class;
    }

    private static HttpServer.Request parse(String head) {
        return HttpServer.Request.parse(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void parserReadsHeadersWhateverTheirCaseAndSpacing() {
        HttpServer.Request r = parse(
                "POST /x HTTP/1.1\r\nHost: a\r\ncOnTeNt-LeNgTh :  42 \r\n" + "CONNECTION: Keep-Alive, Close\r\n\r\n");
        assertEquals(null, r.error());
        assertEquals(42, r.contentLength());
        assertEquals(false, r.keepAlive());
        assertEquals(true, parse("GET / HTTP/1.1\r\n\r\n").keepAlive());
        assertEquals(false, parse("GET / HTTP/1.0\r\n\r\n").keepAlive());
    }

    @Test
    void parserRejectsWhatItCannotServe() {
        for (String bad : List.of(
                "GET /\r\n\r\n",
                "GET  / HTTP/1.1\r\n\r\n",
                "GET / HTTP/2\r\n\r\n",
                "GET / HTTP/1.1 x\r\n\r\n",
                "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
                "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                "GET / HTTP/1.1\r\nContent-Length: ten\r\n\r\n")) {
            assertTrue(new String(parse(bad).error(), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 400 "), bad);
        }
        assertTrue(new String(
                        parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                .error(),
                        StandardCharsets.ISO_8859_1)
                .startsWith("HTTP/1.1 501 "));
    }
}
