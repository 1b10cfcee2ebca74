package io.jasyncio.samples;

import java.nio.charset.StandardCharsets;

/**
 * The complete responses the HTTP samples send, made once: the fixed {@code Hello, World!}
 * answer, with and without {@code Connection: close}, and every refusal, each of which announces
 * that the server closes the connection after it.
 */
final class HttpResponses {
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    static final byte[] OK = response("200 OK", BODY, false);
    static final byte[] OK_CLOSE = response("200 OK", BODY, true);
    static final byte[] BAD_REQUEST = refusal("400 Bad Request");
    static final byte[] REQUEST_TIMEOUT = refusal("408 Request Timeout");
    static final byte[] HEADERS_TOO_LARGE = refusal("431 Request Header Fields Too Large");
    static final byte[] NOT_IMPLEMENTED = refusal("501 Not Implemented");
    static final byte[] VERSION_NOT_SUPPORTED = refusal("505 HTTP Version Not Supported");

    private HttpResponses() {}

    /** The answer to a request, by {@link HttpRequestHead#keepAlive()}. */
    static byte[] answer(HttpRequestHead request) {
        return request.keepAlive() ? OK : OK_CLOSE;
    }

    /** The refusal for a {@link HttpRequestHead#status()} other than 0. */
    static byte[] refusal(HttpRequestHead request) {
        switch (request.status()) {
            case HttpRequestHead.NOT_IMPLEMENTED:
                return NOT_IMPLEMENTED;
            case HttpRequestHead.VERSION_NOT_SUPPORTED:
                return VERSION_NOT_SUPPORTED;
            default:
                return BAD_REQUEST;
        }
    }

    private static byte[] refusal(String status) {
        return response(status, new byte[0], true);
    }

    private static byte[] response(String status, byte[] body, boolean close) {
        String head = "HTTP/1.1 " + status + "\r\n"
                + "Server: jasyncio\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }
}
