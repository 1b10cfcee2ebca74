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

/**
 * {@link EchoServer} with a protocol instead of streams: no coroutine per client, only
 * callbacks, and nothing allocated per chunk (the transport lends each chunk it reads, and
 * {@link Transport#write(ByteBuffer)} copies only what the socket does not take at once). The
 * asyncio program it mirrors:
 *
 * <pre>
 * class Echo(asyncio.Protocol):
 *     def connection_made(self, transport):
 *         self.transport = transport
 *     def data_received(self, data):
 *         self.transport.write(data)
 *     def pause_writing(self):          # the client reads slower than it sends:
 *         self.transport.pause_reading()    # stop reading until our buffer drains
 *     def resume_writing(self):
 *         self.transport.resume_reading()
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
 * [port [host [backlog]]]};
 * port 0 (the default is 8888) picks a free port, which the first line of output names.
 */
public final class EchoProtocolServer {
    private EchoProtocolServer() {}

    /** One client: every chunk goes straight back. */
    static final class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
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
                .createServer(Echo::new, host, port, ServerOptions.DEFAULTS.withBacklog(backlog)));
        System.out.println("serving on " + host + ":" + server.port());
        System.out.flush();
        await(server.serveForever());
        return done();
    }

    /**
     * Serves until the process is killed.
     *
     * @param args optional port (default 8888, 0 for any free port), host (default 127.0.0.1)
     *     and listen backlog (default 100, asyncio's)
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int backlog = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        run(serve(host, port, backlog));
    }
}
