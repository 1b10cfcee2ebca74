package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict request-head parser both HTTP samples share. */
class HttpRequestHeadTest {
    private static HttpRequestHead parse(String head) {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        return HttpRequestHead.parse(b, 0, b.length);
    }

    /** Every head that RFC 9112 requires (or these samples choose) to refuse with 400. */
    static String[] badRequests() {
        return HttpSmuggling.BAD_HEADS;
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void malformedAndAmbiguousHeadsAreRefusedWith400(String head) {
        HttpRequestHead r = parse(head);
        assertEquals(400, r.status(), head);
        assertEquals(false, r.keepAlive(), head);
    }

    @Test
    void readsHeadersWhateverTheirCaseAndOptionalWhitespace() {
        HttpRequestHead r = parse("POST /x HTTP/1.1\r\nhOsT: a\r\ncOnTeNt-LeNgTh: \t 42 \t\r\n"
                + "CONNECTION: Keep-Alive, Close\r\n\r\n");
        assertTrue(r.ok());
        assertEquals(42, r.contentLength());
        assertEquals(false, r.keepAlive());
    }

    @Test
    void http11KeepsAliveAndHttp10OnlyWhenAsked() {
        assertEquals(true, parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n").keepAlive());
        assertEquals(false, parse("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertEquals(
                true, parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive());
        assertEquals(
                false,
                parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n")
                        .keepAlive());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Content-Length: 5\r\nContent-Length: 5\r\n",
                "Content-Length: 5, 5\r\n",
                "Content-Length: 005\r\n",
                "Content-Length:5\r\n"
            })
    void identicalContentLengthsAreOneLength(String fields) {
        HttpRequestHead r = parse("POST / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n");
        assertTrue(r.ok(), fields);
        assertEquals(5, r.contentLength(), fields);
    }

    @Test
    void oneEmptyLineBeforeTheRequestLineIsIgnored() {
        assertTrue(parse("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").ok());
    }

    @Test
    void obsTextInAFieldValueAndAnEmptyHostAreAccepted() {
        assertTrue(parse("GET / HTTP/1.1\r\nHost:\r\nX-Name: caf\u00e9\r\n\r\n").ok());
    }

    @Test
    void aHigherMinorVersionIsServedAsHttp11() {
        HttpRequestHead r = parse("GET / HTTP/1.7\r\nHost: a\r\n\r\n");
        assertTrue(r.ok());
        assertEquals(true, r.keepAlive());
    }

    @Test
    void aChunkedBodyIsNotImplemented() {
        assertEquals(
                501,
                parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .status());
        assertEquals(
                501,
                parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
                        .status());
    }

    @Test
    void anotherMajorVersionIsNotSupported() {
        assertEquals(505, parse("GET / HTTP/2.0\r\nHost: a\r\n\r\n").status());
        assertEquals(505, parse("GET / HTTP/0.9\r\n\r\n").status());
    }

    @Test
    void onlyTheHeadBetweenTheGivenBoundsIsRead() {
        byte[] b = "xxGET / HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\nyy".getBytes(StandardCharsets.ISO_8859_1);
        HttpRequestHead r = HttpRequestHead.parse(b, 2, b.length - 2);
        assertTrue(r.ok());
        assertEquals(7, r.contentLength());
    }
}
