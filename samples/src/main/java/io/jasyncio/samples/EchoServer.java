package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.timeout;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Server;
import io.jasyncio.Timeout;
import io.jasyncio.TimeoutError;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.util.Map;

/**
 * A TCP echo server on one event loop: every byte a client sends comes straight back, until the
 * client closes its side, or until nothing has moved for the idle timeout (60 s by default;
 * between 15/16 of it and all of it): neither a byte from the client nor the client reading the
 * echo. The asyncio program it
 * mirrors:
 *
 * <pre>
 * async def handle(reader, writer):
 *     try:
 *         async with asyncio.timeout(IDLE) as idle:
 *             while data := await reader.read(65536):
 *                 writer.write(data)
 *                 await writer.drain()
 *                 idle.reschedule(loop.time() + IDLE)   # (lazily, see below)
 *     except TimeoutError:
 *         writer.transport.abort()        # it may not be reading: close() would wait for it
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
 * [port [host [backlog]]] [--idle-timeout=SECONDS]};
 * port 0 (the default is 8888) picks a free port, which the first line of output names.
 */
public final class EchoServer {
    private EchoServer() {}

    /** The option {@code --idle-timeout=SECONDS}, with its default. */
    static final Map<String, Double> OPTIONS = Map.of("idle-timeout", 60.0);

    @Async
    static Coroutine<Void> handle(StreamReader reader, StreamWriter writer, double idle) {
        try {
            await(timeout(idle, t -> echo(reader, writer, idle, t)));
        } catch (Exception e) {
            if (e instanceof TimeoutError) {
                writer.transport().abort();
            } else if (!(e instanceof IOException)) {
                // A client that resets its connection is no error of the server's.
                throw e;
            }
        } finally {
            writer.close();
        }
        return done();
    }

    @Async
    static Coroutine<Void> echo(StreamReader reader, StreamWriter writer, double idle, Timeout deadline) {
        EventLoop loop = Asyncio.getRunningLoop();
        while (true) {
            byte[] data = await(reader.read(64 * 1024));
            if (data.length == 0) {
                return done();
            }
            writer.write(data);
            await(writer.drain());
            // Moving the deadline costs a loop timer: moving it only once it has come a 16th of
            // the timeout closer keeps a busy connection's reads free of timers, and a silent
            // one is still closed after 15/16 of the timeout at the earliest.
            double now = loop.time();
            if (deadline.when() < now + idle * (15.0 / 16)) {
                deadline.reschedule(now + idle);
            }
        }
    }

    @Async
    static Coroutine<Void> serve(ServerArgs args) {
        double idle = args.seconds("idle-timeout");
        Server server = await(Streams.startServer(
                (reader, writer) -> handle(reader, writer, idle),
                args.host,
                args.port,
                StreamReader.DEFAULT_LIMIT,
                args.backlog));
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
        run(serve(ServerArgs.parse("EchoServer", args, 8888, OPTIONS)));
    }
}
