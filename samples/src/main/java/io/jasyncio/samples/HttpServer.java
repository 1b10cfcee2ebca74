package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.LimitOverrunError;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 server on one event loop that answers every request with
 * {@code Hello, World!}: connections are kept alive, pipelined requests are answered in order,
 * a request body announced by {@code Content-Length} is read and skipped, and the connection is
 * closed after the response when the client sends {@code Connection: close} (or speaks HTTP/1.0
 * without {@code Connection: keep-alive}). Malformed requests get {@code 400}, chunked bodies
 * {@code 501}, oversized headers {@code 431}, each followed by a close. {@code wrk} can drive it.
 * The asyncio program it mirrors:
 *
 * <pre>
 * async def handle(reader, writer):
 *     try:
 *         while True:
 *             try:
 *                 head = await reader.readuntil(b"\r\n\r\n")
 *             except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
 *                 break
 *             request = parse(head)
 *             if request.content_length:
 *                 await reader.readexactly(request.content_length)
 *             writer.write(OK if request.keep_alive else OK_CLOSE)
 *             await writer.drain()
 *             if not request.keep_alive:
 *                 break
 *     except ConnectionError:
 *         pass
 *     finally:
 *         writer.close()
 * </pre>
 *
 * Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.HttpServer
 * [port [host [backlog]]]}
 * (port 8080 by default, 0 for any free port, which the first line of output names), then for
 * example {@code wrk -t1 -c100 -d10s http://127.0.0.1:8080/}.
 */
public final class HttpServer {
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OK = response("200 OK", BODY, false);
    static final byte[] OK_CLOSE = response("200 OK", BODY, true);
    static final byte[] BAD_REQUEST = response("400 Bad Request", new byte[0], true);
    static final byte[] TOO_LARGE = response("431 Request Header Fields Too Large", new byte[0], true);
    static final byte[] NOT_IMPLEMENTED = response("501 Not Implemented", new byte[0], true);
    /** Longest request head accepted; a longer one gets 431. */
    static final int HEAD_LIMIT = 16 * 1024;

    private HttpServer() {}

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

    /**
     * What the server needs from a request head.
     *
     * @param error the response to send before closing if the head is unusable, else null
     * @param keepAlive whether the connection stays open after the response
     * @param contentLength length of the body that follows the head
     */
    record Request(byte[] error, boolean keepAlive, long contentLength) {
        private static final Request BAD = new Request(BAD_REQUEST, false, 0);

        /** Parses a head that ends with CRLF CRLF. */
        static Request parse(byte[] head) {
            // ISO-8859-1 maps every byte to one char, so indexes in the string are byte offsets.
            String text = new String(head, 0, head.length - 2, StandardCharsets.ISO_8859_1);
            int eol = text.indexOf("\r\n");
            int sp1 = text.indexOf(' ');
            int sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
            if (sp1 <= 0
                    || sp2 <= sp1 + 1
                    || sp2 > eol
                    || text.indexOf(' ', sp2 + 1) >= 0 && text.indexOf(' ', sp2 + 1) < eol) {
                return BAD;
            }
            boolean http11;
            if (text.startsWith("HTTP/1.1", sp2 + 1) && eol == sp2 + 9) {
                http11 = true;
            } else if (text.startsWith("HTTP/1.0", sp2 + 1) && eol == sp2 + 9) {
                http11 = false;
            } else {
                return BAD;
            }
            boolean keepAlive = http11;
            long contentLength = 0;
            boolean chunked = false;
            for (int start = eol + 2; start < text.length(); start = eol + 2) {
                eol = text.indexOf("\r\n", start);
                int colon = text.indexOf(':', start);
                if (colon <= start || colon > eol) {
                    return BAD;
                }
                String value = text.substring(colon + 1, eol).trim();
                if (isHeader(text, start, colon, "connection")) {
                    for (String token : value.toLowerCase(Locale.ROOT).split(",")) {
                        if (token.trim().equals("close")) {
                            keepAlive = false;
                        } else if (token.trim().equals("keep-alive") && !http11) {
                            keepAlive = true;
                        }
                    }
                } else if (isHeader(text, start, colon, "content-length")) {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return BAD;
                    }
                    if (contentLength < 0) {
                        return BAD;
                    }
                } else if (isHeader(text, start, colon, "transfer-encoding")) {
                    chunked = !value.equalsIgnoreCase("identity");
                }
            }
            if (chunked) {
                return new Request(NOT_IMPLEMENTED, false, 0);
            }
            return new Request(null, keepAlive, contentLength);
        }

        /** Whether the header name in text[start, colon) is {@code name}, ignoring case and blanks. */
        private static boolean isHeader(String text, int start, int colon, String name) {
            while (colon > start && text.charAt(colon - 1) == ' ') {
                colon--;
            }
            return colon - start == name.length() && text.regionMatches(true, start, name, 0, name.length());
        }
    }

    @Async
    static Coroutine<Void> handle(StreamReader reader, StreamWriter writer) {
        try {
            while (true) {
                byte[] head;
                try {
                    head = await(reader.readuntil(END_OF_HEAD));
                } catch (Exception e) {
                    if (e instanceof LimitOverrunError) {
                        writer.write(TOO_LARGE);
                        await(writer.drain());
                        break;
                    }
                    if (e instanceof IncompleteReadError) {
                        break; // the client closed, between requests or in the middle of one
                    }
                    throw e;
                }
                Request request = Request.parse(head);
                if (request.error() != null) {
                    writer.write(request.error());
                    await(writer.drain());
                    break;
                }
                long body = request.contentLength();
                while (body > 0) {
                    // read() returns at most what is buffered: a large body is skipped piece
                    // by piece instead of being held in memory.
                    byte[] piece = await(reader.read((int) Math.min(body, 64 * 1024)));
                    if (piece.length == 0) {
                        break;
                    }
                    body -= piece.length;
                }
                if (body > 0) {
                    break; // the client closed in the middle of the body
                }
                writer.write(request.keepAlive() ? OK : OK_CLOSE);
                await(writer.drain());
                if (!request.keepAlive()) {
                    break;
                }
            }
        } catch (Exception e) {
            // A client that resets its connection is no error of the server's.
            if (!(e instanceof IOException)) {
                throw e;
            }
        } finally {
            writer.close();
        }
        return done();
    }

    @Async
    static Coroutine<Void> serve(String host, int port, int backlog) {
        Server server = await(Streams.startServer(HttpServer::handle, host, port, HEAD_LIMIT, backlog));
        System.out.println("serving on http://" + host + ":" + server.port() + "/");
        System.out.flush();
        await(server.serveForever());
        return done();
    }

    /**
     * Serves until the process is killed.
     *
     * @param args optional port (default 8080, 0 for any free port), host (default 127.0.0.1)
     *     and listen backlog (default 100, asyncio's)
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int backlog = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        run(serve(host, port, backlog));
    }
}
