package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Protocol;
import io.jasyncio.ServerOptions;
import io.jasyncio.Transport;
import io.jasyncio.streams.Server;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@link HttpServer} with a protocol instead of streams: the same responses to the same
 * requests (keep-alive, pipelining, {@code Content-Length} bodies skipped, {@code 400},
 * {@code 431}, {@code 501}, {@code Connection: close}), but no coroutine per client. Each
 * connection keeps the bytes of a request head that has not ended yet; every complete head in
 * a chunk is answered, and the answers to one chunk leave in one write, so pipelined requests
 * cost one system call. The asyncio program it mirrors is {@code HttpProtocol} in
 * {@code benchmarks/io/servers.py}:
 *
 * <pre>
 * class Http(asyncio.Protocol):
 *     def data_received(self, data):
 *         self.buffer += data
 *         replies = []
 *         while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
 *             request = parse(self.buffer[:end + 4]); del self.buffer[:end + 4]
 *             ... skip the body, append OK or OK_CLOSE, or the error and close ...
 *         self.transport.write(b"".join(replies))
 * </pre>
 *
 * Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.HttpProtocolServer
 * [port [host [backlog]]]} (port 8080 by default, 0 for any free port, which the first line of
 * output names).
 */
public final class HttpProtocolServer {
    private HttpProtocolServer() {}

    /** One client connection. */
    static final class Http implements Protocol {
        private static final int REPLIES = 16 * 1024;
        private Transport transport;
        /** The unanswered bytes: a head that has not ended, after any answered requests. */
        private byte[] pending = new byte[512];

        private int length;
        /** How far {@link #pending} is known to hold no end of head. */
        private int searched;
        /** Body bytes still to skip. */
        private long bodyLeft;
        /** The answer due once the body is skipped, as the streams server reads it first. */
        private byte[] due;

        private boolean closed;
        /** The answers to the current chunk, written once at its end. */
        private final ByteBuffer replies = ByteBuffer.allocate(REPLIES);

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            if (closed) {
                return;
            }
            if (length == 0 && bodyLeft > 0) {
                // A body being skipped: it never needs copying.
                int skip = (int) Math.min(bodyLeft, data.remaining());
                data.position(data.position() + skip);
                bodyLeft -= skip;
                if (bodyLeft > 0) {
                    return;
                }
                if (!answerDue()) {
                    return;
                }
            }
            if (!data.hasRemaining()) {
                flush();
                return;
            }
            int n = data.remaining();
            if (length + n > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + n));
            }
            data.get(pending, length, n);
            length += n;
            if (answer()) {
                flush();
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
                        return answerAndClose(HttpServer.TOO_LARGE);
                    }
                    break;
                }
                if (end - start > HttpServer.HEAD_LIMIT) {
                    // Complete but too long: 431 as the streams server, whose readuntil refuses
                    // a separator found past its limit (asyncio's LimitOverrunError).
                    return answerAndClose(HttpServer.TOO_LARGE);
                }
                HttpServer.Request request = HttpServer.Request.parse(Arrays.copyOfRange(pending, start, end + 4));
                start = end + 4;
                if (request.error() != null) {
                    return answerAndClose(request.error());
                }
                due = request.keepAlive() ? HttpServer.OK : HttpServer.OK_CLOSE;
                bodyLeft = request.contentLength();
                if (bodyLeft == 0 && !answerDue()) {
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
            if (answer == HttpServer.OK_CLOSE) {
                return answerAndClose(answer);
            }
            reply(answer);
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

        private boolean answerAndClose(byte[] response) {
            reply(response);
            flush();
            closed = true;
            transport.close(); // after the buffered answers are sent, as asyncio's close()
            return false;
        }

        private void flush() {
            if (replies.position() > 0) {
                transport.write(replies.flip());
                replies.clear();
            }
        }

        @Override
        public void pauseWriting() {
            transport.pauseReading();
        }

        @Override
        public void resumeWriting() {
            transport.resumeReading();
        }
    }

    @Async
    static Coroutine<Void> serve(String host, int port, int backlog) {
        Server server = await(Asyncio.getRunningLoop()
                .createServer(Http::new, host, port, ServerOptions.DEFAULTS.withBacklog(backlog)));
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
