package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A client of {@link CounterService} on one kept-alive connection. {@link #send} and
 * {@link #receive} can be split to pipeline requests: responses come back in the order the
 * requests were sent. Just enough HTTP for this service: every response must carry
 * {@code Content-Length} or be a 204.
 */
public final class CounterClient {
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    private final String host;
    private final StreamReader reader;
    private final StreamWriter writer;

    /**
     * One response.
     *
     * @param status the status code
     * @param reason the reason phrase
     * @param body the body without its trailing newline, empty for a 204
     */
    public record Reply(int status, String reason, String body) {
        /**
         * How the demo prints a reply: the body alone for 200, else status, reason and body.
         *
         * @return the text
         */
        public String show() {
            return status == 200 ? body : status + " " + reason + (body.isEmpty() ? "" : ": " + body);
        }
    }

    private CounterClient(String host, StreamReader reader, StreamWriter writer) {
        this.host = host;
        this.reader = reader;
        this.writer = writer;
    }

    /**
     * Connects to the service.
     *
     * @param host the service's host
     * @param port the service's port
     * @return a coroutine whose result is the client
     */
    @Async
    public static Coroutine<CounterClient> connect(String host, int port) {
        Streams.Connection c = await(Streams.openConnection(host, port));
        return done(new CounterClient(host, c.reader(), c.writer()));
    }

    /**
     * Sends a request and reads its response.
     *
     * @param method the method, such as {@code POST}
     * @param target the path and query, such as {@code /counters/visits}
     * @return a coroutine whose result is the response
     */
    @Async
    public Coroutine<Reply> request(String method, String target) {
        send(method, target);
        return done(await(receive()));
    }

    /**
     * Writes a request without waiting for anything.
     *
     * @param method the method
     * @param target the path and query
     */
    public void send(String method, String target) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (method.equals("POST") ? "Content-Length: 0\r\n" : "") + "\r\n";
        writer.write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads the response to the oldest request not yet answered.
     *
     * @return a coroutine whose result is the response; it throws
     *     {@link io.jasyncio.streams.IncompleteReadError} if the server closed the connection
     *     first
     */
    @Async
    public Coroutine<Reply> receive() {
        await(writer.drain());
        String head = new String(await(reader.readuntil(END_OF_HEAD)), StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        lines[i].substring("content-length:".length()).trim());
            }
        }
        String body = new String(await(reader.readexactly(length)), StandardCharsets.UTF_8);
        return done(new Reply(Integer.parseInt(status[1]), status[2], body.strip()));
    }

    /**
     * Closes the connection.
     *
     * @return a coroutine that completes once it is closed
     */
    @Async
    public Coroutine<Void> close() {
        writer.close();
        await(writer.waitClosed());
        return done();
    }
}
