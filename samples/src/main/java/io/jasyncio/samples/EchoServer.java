package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;

/**
 * A TCP echo server on one event loop: every byte a client sends comes straight back, until the
 * client closes its side. The asyncio program it mirrors:
 *
 * <pre>
 * async def handle(reader, writer):
 *     try:
 *         while data := await reader.read(65536):
 *             writer.write(data)
 *             await writer.drain()
 *     except ConnectionError:
 *         pass
 *     finally:
 *         writer.close()
 *
 * async def main(host, port):
 *     server = await asyncio.start_server(handle, host, port)
 *     print(f"serving on {host}:{server.sockets[0].getsockname()[1]}", flush=True)
 *     await server.serve_forever()
 * </pre>
 *
 * Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.EchoServer
 * [port [host [backlog]]]};
 * port 0 (the default is 8888) picks a free port, which the first line of output names.
 */
public final class EchoServer {
    private EchoServer() {}

    @Async
    static Coroutine<Void> handle(StreamReader reader, StreamWriter writer) {
        try {
            while (true) {
                byte[] data = await(reader.read(64 * 1024));
                if (data.length == 0) {
                    break;
                }
                writer.write(data);
                await(writer.drain());
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
        Server server = await(Streams.startServer(EchoServer::handle, host, port, StreamReader.DEFAULT_LIMIT, backlog));
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
