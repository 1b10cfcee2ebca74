package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.streams.StreamReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP2, Redis's wire protocol: a command goes out as an array of bulk strings, a reply comes
 * back as one of five types, told apart by its first byte:
 *
 * <pre>
 * +PONG\r\n                 simple string   -> String
 * -ERR unknown command\r\n  error           -> RedisError (returned, not thrown)
 * :42\r\n                   integer         -> Long
 * $5\r\nhello\r\n           bulk string     -> String ($-1\r\n -> null)
 * *2\r\n:1\r\n$-1\r\n       array           -> List&lt;Object&gt; (*-1\r\n -> null)
 * </pre>
 *
 * A bulk string is read by its length with {@link StreamReader#readexactly}, never by searching
 * for CRLF, so a value may itself hold CRLF; every other line is read with
 * {@link StreamReader#readuntil}. Both wait for as many network reads as the reply takes.
 */
public final class Resp {
    private static final byte[] CRLF = {'\r', '\n'};
    /** Redis's own limit on a bulk string (proto-max-bulk-len). */
    private static final long MAX_BULK = 512L * 1024 * 1024;

    private Resp() {}

    /**
     * Encodes one command.
     *
     * @param args the command's name and arguments, as UTF-8 text
     * @return {@code *N\r\n} followed by one {@code $len\r\ndata\r\n} per argument
     * @throws IllegalArgumentException if there are no arguments
     */
    public static byte[] encode(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("Resp.encode: a command needs at least its name");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 16 * args.length);
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] data = arg.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(("$" + data.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(data);
            out.writeBytes(CRLF);
        }
        return out.toByteArray();
    }

    /**
     * Reads one reply, waiting for as many bytes as it takes.
     *
     * @param reader the connection's reader
     * @return a coroutine whose result is the reply as the table above maps it; it throws
     *     {@link RespProtocolError} on bytes that are not RESP2, and the reader's errors
     *     ({@link io.jasyncio.streams.IncompleteReadError} if the connection ends inside a
     *     reply)
     */
    @Async
    public static Coroutine<Object> read(StreamReader reader) {
        byte[] line = await(reader.readuntil(CRLF));
        if (line.length < 3) {
            throw new RespProtocolError("an empty line where a reply was expected");
        }
        String rest = new String(line, 1, line.length - 3, StandardCharsets.UTF_8);
        switch (line[0]) {
            case '+':
                return done(rest);
            case '-':
                return done(new RedisError(rest));
            case ':':
                return done(number(rest, Long.MIN_VALUE, Long.MAX_VALUE));
            case '$':
                long length = number(rest, -1, MAX_BULK);
                if (length < 0) {
                    return done(null);
                }
                byte[] data = await(reader.readexactly((int) length + 2));
                if (data[data.length - 2] != '\r' || data[data.length - 1] != '\n') {
                    throw new RespProtocolError("a bulk string of " + length + " bytes does not end with CRLF");
                }
                return done(new String(data, 0, (int) length, StandardCharsets.UTF_8));
            case '*':
                long count = number(rest, -1, Integer.MAX_VALUE);
                if (count < 0) {
                    return done(null);
                }
                List<Object> items = new ArrayList<>((int) Math.min(count, 1024));
                for (long i = 0; i < count; i++) {
                    items.add(await(read(reader)));
                }
                return done(items);
            default:
                throw new RespProtocolError("a reply starting with byte " + (line[0] & 0xff) + " ('"
                        + (char) (line[0] & 0xff) + "'); RESP2 replies start with + - : $ or *");
        }
    }

    private static long number(String text, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RespProtocolError("'" + text + "' where a number was expected");
        }
        if (n < min || n > max) {
            throw new RespProtocolError(n + " is out of range [" + min + ", " + max + "]");
        }
        return n;
    }
}
