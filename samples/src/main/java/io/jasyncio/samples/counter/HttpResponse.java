package io.jasyncio.samples.counter;

import java.nio.charset.StandardCharsets;

/**
 * A response of the counter service: a status, an optional extra header and a plain-text body.
 *
 * @param status the code and reason phrase, such as {@code "200 OK"}
 * @param header one extra header line without CRLF (such as {@code "Retry-After: 1"}), or null
 * @param body the body, sent as UTF-8 with a trailing newline; null for a status that has no
 *     body (204)
 */
public record HttpResponse(String status, String header, String body) {
    /**
     * A response with a body and no extra header.
     *
     * @param status the code and reason phrase
     * @param body the body, without the trailing newline
     * @return the response
     */
    public static HttpResponse of(String status, String body) {
        return new HttpResponse(status, null, body);
    }

    /**
     * Encodes the response.
     *
     * @param keepAlive false to add {@code Connection: close}, the server closing after it
     * @return the bytes to write
     */
    public byte[] encode(boolean keepAlive) {
        byte[] content = body == null ? new byte[0] : (body + "\n").getBytes(StandardCharsets.UTF_8);
        StringBuilder head =
                new StringBuilder(128).append("HTTP/1.1 ").append(status).append("\r\n");
        if (body != null) {
            head.append("Content-Type: text/plain; charset=utf-8\r\n")
                    .append("Content-Length: ")
                    .append(content.length)
                    .append("\r\n");
        }
        if (header != null) {
            head.append(header).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + content.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(content, 0, out, h.length, content.length);
        return out;
    }
}
