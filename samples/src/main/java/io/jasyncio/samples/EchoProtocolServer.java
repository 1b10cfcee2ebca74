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

/**
 * {@link EchoServer} with a protocol instead of streams: no coroutine per client, only
 * callbacks, and nothing allocated per chunk (the transport lends each chunk it reads, and
 * {@link Transport#write(ByteBuffer)} copies only what the socket does not take at once). A
 * connection on which nothing has moved for the idle timeout (60 s by default), neither a byte
 * from the client nor the client reading the echo, is closed; its timer is one {@link Deadline},
 * which costs nothing per chunk. The asyncio program it mirrors:
 *
 * <pre>
 * class Echo(asyncio.Protocol):
 *     def connection_made(self, transport):
 *         self.transport = transport
 *         self.timer = loop.call_later(IDLE, self.timed_out)
 *     def data_received(self, data):
 *         self.transport.write(data)
 *         self.timer.cancel(); self.timer = loop.call_later(IDLE, self.timed_out)
 *     def pause_writing(self):          # the client reads slower than it sends:
 *         self.transport.pause_reading()    # stop reading until our buffer drains
 *     def resume_writing(self):
 *         self.transport.resume_reading()
 *         ... move the timer as in data_received ...
 *     def timed_out(self):
 *         self.transport.abort()        # it may not be reading: close() would wait for it
 *     def connection_lost(self, exc):
 *         self.timer.cancel()
 *     # eof_received returns None: the transport closes once the echo is flushed
 *
 * async def main(host, port, backlog):
 *     server = await asyncio.get_running_loop().create_server(Echo, host, port, backlog=backlog)
 *     print(f"serving on {host}:{server.sockets[0].getsockname()[1]}", flush=True)
 *     await server.serve_forever()
 * </pre>
 *
 * Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.EchoProtocolServer
 * [port [host [backlog]]] [--idle-timeout=SECONDS]};
 * port 0 (the default is 8888) picks a free port, which the first line of output names.
 */
public final class EchoProtocolServer {
    private EchoProtocolServer() {}

    /** One client: every chunk goes straight back. */
    static final class Echo implements Protocol {
        private final double idle;
        private Transport transport;
        private EventLoop loop;
        private Deadline deadline;

        Echo(double idle) {
            this.idle = idle;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            loop = Asyncio.getRunningLoop();
            deadline = new Deadline(loop, idle, this::timedOut);
            deadline.in(idle);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
            deadline.in(idle);
        }

        @Override
        public void pauseWriting() {
            transport.pauseReading();
        }

        @Override
        public void resumeWriting() {
            transport.resumeReading();
            deadline.in(idle);
        }

        private void timedOut() {
            if (transport.getWriteBufferSize() == 0) {
                transport.close();
            } else {
                transport.abort(); // the client is not reading: closing would wait for it for ever
            }
        }

        @Override
        public void connectionLost(Throwable error) {
            deadline.cancel();
        }
    }

    @Async
    static Coroutine<Void> serve(ServerArgs args) {
        double idle = args.seconds("idle-timeout");
        Server server = await(Asyncio.getRunningLoop()
                .createServer(
                        () -> new Echo(idle), args.host, args.port, ServerOptions.DEFAULTS.withBacklog(args.backlog)));
        System.out.println("serving on " + args.host + ":" + server.port());
        System.out.flush();
        await(server.serveForever());
        return done();
    }

    /**
     * Serves until the process is killed.
     *
     * @param args optional port (default 8888, 0 for any free port), host (default 127.0.0.1)
     *     and listen backlog (default 100, asyncio's), and {@code --idle-timeout=SECONDS}
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    public static void main(String[] args) {
        run(serve(ServerArgs.parse("EchoProtocolServer", args, 8888, EchoServer.OPTIONS)));
    }
}
