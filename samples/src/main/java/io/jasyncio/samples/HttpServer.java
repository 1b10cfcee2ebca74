package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.timeout;
import static io.jasyncio.Asyncio.waitFor;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Server;
import io.jasyncio.Timeout;
import io.jasyncio.TimeoutError;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.LimitOverrunError;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;

/**
 * A minimal HTTP/1.1 server on one event loop that answers every request with
 * {@code Hello, World!}, built to be copied: it parses strictly ({@link HttpRequestHead}: the
 * request-smuggling shapes get {@code 400}), bounds every wait ({@link HttpTimeouts}: slow and
 * silent clients are disconnected), and closes gracefully. Connections are kept alive, pipelined
 * requests are answered in order, a body announced by {@code Content-Length} is read and
 * skipped. A final response ({@code Connection: close}, HTTP/1.0, or a refusal: {@code 400},
 * {@code 431} for a head over 16 KiB, {@code 501} for a chunked body, {@code 505}) is followed
 * by a lingering close: the server shuts its sending side, then reads and drops what the client
 * still sends until the client closes (or the header timeout passes), so the client reads the
 * response instead of a reset. {@code wrk} can drive it. The asyncio program it mirrors:
 *
 * <pre>
 * async def handle(reader, writer):
 *     try:
 *         async with asyncio.timeout(HEADER) as deadline:
 *             while True:
 *                 first = await reader.readexactly(1)     # IncompleteReadError: closed, done
 *                 deadline.reschedule(now() + HEADER)     # (from the accept for the first)
 *                 request = parse(first + await reader.readuntil(b"\r\n\r\n"))
 *                 if request.error: await finish(request.error); break
 *                 deadline.reschedule(start + REQUEST)
 *                 await skip(reader, request.content_length)
 *                 if not request.keep_alive: await finish(OK_CLOSE); break
 *                 writer.write(OK)
 *                 await writer.drain()                    # under WRITE if it must wait
 *                 deadline.reschedule(now() + IDLE)
 *     except TimeoutError:
 *         ... 408 if part of a request came, abort if the client stopped reading ...
 *     writer.close()
 *     await asyncio.wait_for(writer.wait_closed(), WRITE)
 * </pre>
 *
 * Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.HttpServer
 * [port [host [backlog]]] [--header-timeout=10] [--request-timeout=30] [--idle-timeout=60]
 * [--write-timeout=30]} (port 8080 by default, 0 for any free port, which the first line of
 * output names; timeouts in seconds), then for example {@code wrk -t1 -c100 -d10s
 * http://127.0.0.1:8080/}.
 */
public final class HttpServer {
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    /** Longest request head accepted; a longer one gets 431. */
    static final int HEAD_LIMIT = 16 * 1024;

    private static final int SKIP_CHUNK = 64 * 1024;

    private HttpServer() {}

    /** Where a connection is, which decides what running out of time does to it. */
    private enum Phase {
        /** No byte of the next request yet: the connection is closed without a word. */
        WAITING,
        /** Part of a request came: the client gets 408, then the connection closes. */
        REQUEST,
        /** The client does not read what the server sends: the connection is aborted. */
        WRITING,
        /** Lingering after a final response: the connection is aborted. */
        CLOSING
    }

    /** One connection's mutable state, shared by its coroutines. */
    private static final class Connection {
        final StreamReader reader;
        final StreamWriter writer;
        final HttpTimeouts limits;
        Phase phase = Phase.WAITING;

        Connection(StreamReader reader, StreamWriter writer, HttpTimeouts limits) {
            this.reader = reader;
            this.writer = writer;
            this.limits = limits;
        }

        double now() {
            return Asyncio.getRunningLoop().time();
        }

        void timedOut() {
            if (phase == Phase.REQUEST && writer.writeBufferSize() == 0) {
                writer.write(HttpResponses.REQUEST_TIMEOUT);
            } else if (phase != Phase.WAITING || writer.writeBufferSize() > 0) {
                writer.transport().abort();
            }
        }
    }

    @Async
    static Coroutine<Void> handle(StreamReader reader, StreamWriter writer, HttpTimeouts limits) {
        Connection c = new Connection(reader, writer, limits);
        try {
            // One deadline for the connection's whole life, moved as it goes from phase to phase.
            await(timeout(limits.header(), deadline -> serve(c, deadline)));
        } catch (Exception e) {
            if (e instanceof TimeoutError) {
                c.timedOut();
            } else if (!(e instanceof IOException)) {
                // A client that resets its connection is no error of the server's; anything
                // else is a bug, reported by the loop's exception handler.
                writer.transport().abort();
                throw e;
            }
        }
        writer.close();
        try {
            // A client that stops reading must not keep a closing connection for ever.
            await(waitFor(writer.waitClosed(), limits.write()));
        } catch (Exception e) {
            writer.transport().abort();
        }
        return done();
    }

    @Async
    static Coroutine<Void> serve(Connection c, Timeout deadline) {
        double start = c.now();
        boolean first = true;
        while (true) {
            c.phase = Phase.WAITING;
            byte[] firstByte;
            try {
                firstByte = await(c.reader.readexactly(1));
            } catch (Exception e) {
                if (e instanceof IncompleteReadError) {
                    return done(); // the client closed between requests
                }
                throw e;
            }
            c.phase = Phase.REQUEST;
            if (!first) {
                start = c.now();
                deadline.reschedule(start + c.limits.header());
            }
            byte[] rest;
            try {
                rest = await(c.reader.readuntil(END_OF_HEAD));
            } catch (Exception e) {
                if (e instanceof LimitOverrunError) {
                    await(finish(c, HttpResponses.HEADERS_TOO_LARGE, deadline));
                    return done();
                }
                if (e instanceof IncompleteReadError) {
                    return done(); // the client closed in the middle of a head
                }
                throw e;
            }
            byte[] head = new byte[1 + rest.length];
            head[0] = firstByte[0];
            System.arraycopy(rest, 0, head, 1, rest.length);
            HttpRequestHead request = HttpRequestHead.parse(head, 0, head.length);
            if (!request.ok()) {
                await(finish(c, HttpResponses.refusal(request), deadline));
                return done();
            }
            long body = request.contentLength();
            if (body > 0) {
                deadline.reschedule(start + c.limits.request());
            }
            while (body > 0) {
                // read() returns at most what is buffered: a large body is skipped piece by
                // piece instead of being held in memory.
                byte[] piece = await(c.reader.read((int) Math.min(body, SKIP_CHUNK)));
                if (piece.length == 0) {
                    return done(); // the client closed in the middle of the body
                }
                body -= piece.length;
            }
            if (!request.keepAlive()) {
                await(finish(c, HttpResponses.OK_CLOSE, deadline));
                return done();
            }
            c.writer.write(HttpResponses.OK);
            if (c.writer.writeBufferSize() > 0) {
                // The socket did not take it all: the client may have stopped reading.
                c.phase = Phase.WRITING;
                deadline.reschedule(c.now() + c.limits.write());
            }
            await(c.writer.drain());
            deadline.reschedule(c.now() + c.limits.idle());
            first = false;
        }
    }

    /**
     * Sends a final response, then lingers: shuts the sending side and drops what the client
     * still sends until it closes, so that closing with unread bytes does not reset the
     * connection and destroy the response before the client reads it (RFC 9112 9.6).
     */
    @Async
    static Coroutine<Void> finish(Connection c, byte[] response, Timeout deadline) {
        c.writer.write(response);
        if (!c.writer.canWriteEof()) {
            return done();
        }
        c.writer.writeEof();
        c.phase = Phase.CLOSING;
        deadline.reschedule(c.now() + c.limits.header());
        while (await(c.reader.read(SKIP_CHUNK)).length > 0) {
            // dropped
        }
        return done();
    }

    @Async
    static Coroutine<Void> serve(ServerArgs args) {
        HttpTimeouts limits = HttpTimeouts.from(args);
        Server server = await(Streams.startServer(
                (reader, writer) -> handle(reader, writer, limits), args.host, args.port, HEAD_LIMIT, args.backlog));
        System.out.println("serving on http://" + args.host + ":" + server.port() + "/");
        System.out.flush();
        await(server.serveForever());
        return done();
    }

    /**
     * Serves until the process is killed.
     *
     * @param args optional port (default 8080, 0 for any free port), host (default 127.0.0.1)
     *     and listen backlog (default 100, asyncio's), and the timeouts of {@link HttpTimeouts}
     *     as {@code --header-timeout=SECONDS}, {@code --request-timeout=}, {@code
     *     --idle-timeout=} and {@code --write-timeout=}
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    public static void main(String[] args) {
        run(serve(ServerArgs.parse("HttpServer", args, 8080, HttpTimeouts.OPTIONS)));
    }
}
