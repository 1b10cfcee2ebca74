package io.jasyncio.samples.counter;

import io.jasyncio.samples.HttpRequestHead;
import java.nio.charset.StandardCharsets;

/**
 * A request head as the counter service needs it. The HTTP samples' strict RFC 9112 parser,
 * {@link HttpRequestHead}, decides what is refused (request smuggling's shapes, a missing
 * {@code Host}, chunked bodies, HTTP/2); this adds the method, the target and a limit on bodies.
 *
 * @param method the method, such as {@code POST}
 * @param target the request target, such as {@code /counters/a?by=3}
 * @param keepAlive whether the connection stays open after the response
 * @param contentLength the length of the body that follows the head
 */
public record HttpRequest(String method, String target, boolean keepAlive, long contentLength) {
    /** The largest body accepted; the service reads and ignores bodies. */
    public static final long MAX_BODY = 64 * 1024;

    /** A head that cannot be served, with the status to answer before closing the connection. */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String status;
        private final String reason;

        Malformed(String status, String reason) {
            super(status + ": " + reason);
            this.status = status;
            this.reason = reason;
        }

        /**
         * The status to answer.
         *
         * @return the code and reason phrase, such as {@code "400 Bad Request"}
         */
        public String status() {
            return status;
        }

        /**
         * What is wrong, sent as the body.
         *
         * @return the explanation
         */
        public String reason() {
            return reason;
        }
    }

    /**
     * Parses a request head.
     *
     * @param head the bytes up to and including the blank line
     * @return the request
     * @throws Malformed for what {@link HttpRequestHead} refuses (400, 501, 505), and for a body
     *     larger than {@link #MAX_BODY} (413)
     */
    public static HttpRequest parse(byte[] head) {
        HttpRequestHead checked = HttpRequestHead.parse(head, 0, head.length);
        switch (checked.status()) {
            case 0:
                break;
            case 501:
                throw new Malformed("501 Not Implemented", "chunked bodies are not supported; send Content-Length");
            case 505:
                throw new Malformed("505 HTTP Version Not Supported", "only HTTP/1.x is served");
            default:
                throw new Malformed("400 Bad Request", "the request head is malformed");
        }
        if (checked.contentLength() > MAX_BODY) {
            throw new Malformed("413 Content Too Large", "bodies are limited to " + MAX_BODY + " bytes");
        }
        // The parser checked the request-line: [CRLF] method SP target SP version CRLF.
        int start = head[0] == '\r' ? 2 : 0;
        int space1 = indexOf(head, ' ', start);
        int space2 = indexOf(head, ' ', space1 + 1);
        return new HttpRequest(
                new String(head, start, space1 - start, StandardCharsets.US_ASCII),
                new String(head, space1 + 1, space2 - space1 - 1, StandardCharsets.US_ASCII),
                checked.keepAlive(),
                checked.contentLength());
    }

    private static int indexOf(byte[] b, char c, int from) {
        int i = from;
        while (b[i] != c) {
            i++;
        }
        return i;
    }

    /**
     * The path of the target, without the query.
     *
     * @return the path
     */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * The query of the target, without the {@code ?}.
     *
     * @return the query, or the empty string if there is none
     */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }
}
