package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Protocol;
import io.jasyncio.Server;
import io.jasyncio.ServerOptions;
import io.jasyncio.Transport;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@link HttpServer} with a protocol instead of streams: the same responses to the same
 * requests (the strict {@link HttpRequestHead}, keep-alive, pipelining, {@code Content-Length}
 * bodies skipped, the refusals, {@code Connection: close}, the lingering close) and the same
 * {@link HttpTimeouts}, but no coroutine per client. Each connection keeps the bytes of a
 * request head that has not ended yet; every complete head in a chunk is answered, and the
 * answers to one chunk leave in one write, so pipelined requests cost one system call. The
 * timeouts are one {@link Deadline} per connection, a loop timer that is not rescheduled per
 * request. The asyncio program it mirrors is {@code HttpProtocol} in
 * {@code benchmarks/io/servers.py}, with timeouts added:
 *
 * <pre>
 * class Http(asyncio.Protocol):
 *     def connection_made(self, transport):
 *         self.timer = loop.call_later(HEADER, self.timed_out)
 *     def data_received(self, data):
 *         self.buffer += data
 *         replies = []
 *         while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
 *             request = parse(self.buffer[:end + 4]); del self.buffer[:end + 4]
 *             ... skip the body, append OK or OK_CLOSE, or the refusal and close ...
 *         self.transport.write(b"".join(replies))
 *         ... move the deadline: IDLE if nothing is pending, else HEADER ...
 * </pre>
 *
 * Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.HttpProtocolServer
 * [port [host [backlog]]] [--header-timeout=10] [--request-timeout=30] [--idle-timeout=60]
 * [--write-timeout=30]} (port 8080 by default, 0 for any free port, which the first line of
 * output names; timeouts in seconds).
 */
public final class HttpProtocolServer {
    private HttpProtocolServer() {}

    /** Where a connection is, which decides what running out of time does to it. */
    private enum Phase {
        /** No byte of the next request yet: closed without a word. */
        WAITING,
        /** Part of a request came: 408, then closed. */
        REQUEST,
        /** After a final response, lingering until the client closes: aborted. */
        CLOSING
    }

    /** One client connection. */
    static final class Http implements Protocol {
        private static final int REPLIES = 16 * 1024;
        private final HttpTimeouts limits;
        private Transport transport;
        private EventLoop loop;
        private Deadline deadline;
        private Phase phase = Phase.WAITING;
        /** Whether no request was answered yet: the first one's time counts from the accept. */
        private boolean first = true;
        /** Whether the client stopped reading, so the write timeout applies. */
        private boolean writingPaused;
        /** When the current request's first byte came. */
        private double requestStart;
        /** The current phase's deadline, in force unless writing is paused. */
        private double phaseDeadline;
        /** The unanswered bytes: a head that has not ended, after any answered requests. */
        private byte[] pending = new byte[512];

        private int length;
        /** How far {@link #pending} is known to hold no end of head. */
        private int searched;
        /** Body bytes still to skip. */
        private long bodyLeft;
        /** The answer due once the body is skipped, as the streams server reads it first. */
        private byte[] due;

        /** The answers to the current chunk, written once at its end. */
        private final ByteBuffer replies = ByteBuffer.allocate(REPLIES);

        Http(HttpTimeouts limits) {
            this.limits = limits;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            loop = Asyncio.getRunningLoop();
            deadline = new Deadline(loop, limits.shortest(), this::timedOut);
            requestStart = loop.time();
            setDeadline(requestStart + limits.header());
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            if (phase == Phase.CLOSING) {
                return; // lingering after a final response: dropped
            }
            if (phase == Phase.WAITING) {
                phase = Phase.REQUEST;
                if (!first) {
                    requestStart = loop.time();
                    setDeadline(requestStart + limits.header());
                }
            }
            if (length == 0 && bodyLeft > 0) {
                // A body being skipped: it never needs copying.
                int skip = (int) Math.min(bodyLeft, data.remaining());
                data.position(data.position() + skip);
                bodyLeft -= skip;
                if (bodyLeft > 0 || !answerDue()) {
                    return;
                }
            }
            if (data.hasRemaining()) {
                int n = data.remaining();
                if (length + n > pending.length) {
                    pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + n));
                }
                data.get(pending, length, n);
                length += n;
                if (!answer()) {
                    return;
                }
            }
            flush();
            if (length == 0 && bodyLeft == 0) {
                phase = Phase.WAITING;
                setDeadline(loop.time() + limits.idle());
            }
        }

        /**
         * Answers every complete request in {@link #pending} and keeps the bytes after the
         * last one.
         *
         * @return false once the connection is closing
         */
        private boolean answer() {
            int start = 0;
            while (true) {
                if (bodyLeft > 0) {
                    int skip = (int) Math.min(bodyLeft, length - start);
                    start += skip;
                    bodyLeft -= skip;
                    if (bodyLeft > 0) {
                        break;
                    }
                    if (!answerDue()) {
                        return false;
                    }
                }
                int end = indexOfEnd(Math.max(start, searched - 3));
                if (end < 0) {
                    searched = length;
                    if (length - start > HttpServer.HEAD_LIMIT) {
                        return finish(HttpResponses.HEADERS_TOO_LARGE);
                    }
                    break;
                }
                if (end - start > HttpServer.HEAD_LIMIT) {
                    // Complete but too long: 431 as the streams server, whose readuntil refuses
                    // a separator found past its limit (asyncio's LimitOverrunError).
                    return finish(HttpResponses.HEADERS_TOO_LARGE);
                }
                HttpRequestHead request = HttpRequestHead.parse(pending, start, end + 4);
                start = end + 4;
                if (!request.ok()) {
                    return finish(HttpResponses.refusal(request));
                }
                due = HttpResponses.answer(request);
                bodyLeft = request.contentLength();
                if (bodyLeft > 0) {
                    setDeadline(requestStart + limits.request());
                } else if (!answerDue()) {
                    return false;
                }
            }
            System.arraycopy(pending, start, pending, 0, length - start);
            length -= start;
            searched = Math.max(0, searched - start);
            return true;
        }

        /** Sends the answer due after a request's body; false if it closes the connection. */
        private boolean answerDue() {
            byte[] answer = due;
            due = null;
            if (answer == HttpResponses.OK_CLOSE) {
                return finish(answer);
            }
            reply(answer);
            // Whatever follows belongs to the next request, which starts now.
            first = false;
            requestStart = loop.time();
            setDeadline(requestStart + limits.header());
            return true;
        }

        private int indexOfEnd(int from) {
            for (int i = from; i + 3 < length; i++) {
                if (pending[i + 3] == '\n' && pending[i + 2] == '\r' && pending[i + 1] == '\n' && pending[i] == '\r') {
                    return i;
                }
            }
            return -1;
        }

        private void reply(byte[] response) {
            if (replies.remaining() < response.length) {
                flush();
            }
            replies.put(response);
        }

        /**
         * Sends a final response, then lingers: shuts the sending side and drops what the
         * client still sends until it closes (then {@link #eofReceived} closes the transport),
         * so that closing with unread bytes does not reset the connection and destroy the
         * response before the client reads it (RFC 9112 9.6).
         *
         * @return false: the connection is closing
         */
        private boolean finish(byte[] response) {
            reply(response);
            flush();
            phase = Phase.CLOSING;
            length = 0;
            bodyLeft = 0;
            if (transport.canWriteEof()) {
                transport.writeEof();
                setDeadline(loop.time() + limits.header());
            } else {
                transport.close(); // after the buffered answers are sent, as asyncio's close()
                setDeadline(loop.time() + limits.write());
            }
            return false;
        }

        private void flush() {
            if (replies.position() > 0) {
                transport.write(replies.flip());
                replies.clear();
            }
        }

        private void setDeadline(double when) {
            phaseDeadline = when;
            if (!writingPaused) {
                deadline.at(when);
            }
        }

        private void timedOut() {
            boolean nothingUnsent = !writingPaused && transport.getWriteBufferSize() == 0;
            if (phase == Phase.REQUEST && nothingUnsent) {
                transport.write(HttpResponses.REQUEST_TIMEOUT);
                transport.close();
            } else if (phase == Phase.WAITING && nothingUnsent) {
                transport.close();
            } else {
                // The client is not reading: closing would wait for it for ever.
                transport.abort();
            }
            phase = Phase.CLOSING;
        }

        @Override
        public void pauseWriting() {
            writingPaused = true;
            transport.pauseReading();
            deadline.in(limits.write());
        }

        @Override
        public void resumeWriting() {
            writingPaused = false;
            transport.resumeReading();
            deadline.at(phaseDeadline);
        }

        @Override
        public void connectionLost(Throwable error) {
            deadline.cancel();
        }
    }

    @Async
    static Coroutine<Void> serve(ServerArgs args) {
        HttpTimeouts limits = HttpTimeouts.from(args);
        Server server = await(Asyncio.getRunningLoop()
                .createServer(
                        () -> new Http(limits),
                        args.host,
                        args.port,
                        ServerOptions.DEFAULTS.withBacklog(args.backlog)));
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
        run(serve(ServerArgs.parse("HttpProtocolServer", args, 8080, HttpTimeouts.OPTIONS)));
    }
}
