package io.jasyncio.samples.counter;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request head as the counter service needs it, parsed strictly: what RFC 9112 allows a
 * server to reject is rejected, so that nothing ambiguous reaches the handler.
 *
 * @param method the method, such as {@code POST}
 * @param target the request target, an absolute path with an optional query
 * @param keepAlive whether the connection stays open after the response
 * @param contentLength the length of the body that follows the head
 */
public record HttpRequest(String method, String target, boolean keepAlive, long contentLength) {
    /** The largest body accepted; the service reads and ignores bodies. */
    public static final long MAX_BODY = 64 * 1024;

    private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z]{1,16}) (/[!-~]*) HTTP/(\\d)\\.(\\d)");
    private static final Pattern FIELD = Pattern.compile(
            "([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*([!-~\\x80-\\xff]*(?:[ \\t]+[!-~\\x80-\\xff]+)*)[ \\t]*");

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
     * @throws Malformed for a bad request line or header field (400), a version other than
     *     HTTP/1.0 and HTTP/1.1 (505), a missing {@code Host} in HTTP/1.1 (400), a bad or
     *     repeated {@code Content-Length} (400), a body larger than {@link #MAX_BODY} (413), or
     *     any {@code Transfer-Encoding} (501: bodies must have a length)
     */
    public static HttpRequest parse(byte[] head) {
        // ISO-8859-1 maps each byte to one char, so the patterns see the raw bytes.
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n", -1);
        Matcher start = REQUEST_LINE.matcher(lines[0]);
        if (!start.matches()) {
            throw bad("malformed request line");
        }
        String version = start.group(3) + "." + start.group(4);
        if (!version.equals("1.1") && !version.equals("1.0")) {
            throw new Malformed("505 HTTP Version Not Supported", "only HTTP/1.0 and HTTP/1.1 are served");
        }
        boolean http11 = version.equals("1.1");
        boolean keepAlive = http11;
        boolean host = false;
        long length = -1;
        // The head ends with CRLF CRLF, so the split leaves two empty strings at the end.
        for (int i = 1; i < lines.length - 2; i++) {
            Matcher field = FIELD.matcher(lines[i]);
            if (!field.matches()) {
                throw bad("malformed header field line " + i);
            }
            String name = field.group(1).toLowerCase(Locale.ROOT);
            String value = field.group(2);
            switch (name) {
                case "host" -> host = true;
                case "transfer-encoding" ->
                    throw new Malformed(
                            "501 Not Implemented", "Transfer-Encoding is not supported; send Content-Length");
                case "content-length" -> {
                    if (length >= 0 || !value.matches("\\d{1,18}")) {
                        throw bad("Content-Length must be one decimal number");
                    }
                    length = Long.parseLong(value);
                }
                case "connection" -> {
                    for (String token : value.toLowerCase(Locale.ROOT).split("[ \\t]*,[ \\t]*")) {
                        if (token.equals("close")) {
                            keepAlive = false;
                        } else if (token.equals("keep-alive") && !http11) {
                            keepAlive = true;
                        }
                    }
                }
                default -> {}
            }
        }
        if (http11 && !host) {
            throw bad("HTTP/1.1 requests must have a Host header");
        }
        if (length > MAX_BODY) {
            throw new Malformed("413 Content Too Large", "bodies are limited to " + MAX_BODY + " bytes");
        }
        return new HttpRequest(start.group(1), start.group(2), keepAlive, Math.max(length, 0));
    }

    private static Malformed bad(String reason) {
        return new Malformed("400 Bad Request", reason);
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
