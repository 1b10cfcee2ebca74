package io.jasyncio.samples;

import io.jasyncio.EventLoopGroup;
import io.jasyncio.Server;
import io.jasyncio.ServerOptions;
import io.jasyncio.streams.Streams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link HttpServer} on one event loop per core: an {@link EventLoopGroup} of N loops, each
 * with its own {@code SO_REUSEPORT} listener on the same port, so the kernel spreads the
 * connections and each is served from start to end by the loop that accepted it, with the same
 * connection handling as {@link HttpServer} ({@link HttpServer#handle}). The asyncio way to the
 * same end is one process per core:
 *
 * <pre>
 * # started N times
 * server = await asyncio.start_server(handle, host, port, reuse_port=True)
 * await server.serve_forever()
 * </pre>
 *
 * Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.HttpServerLoops
 * [port [host [backlog]]] [--loops=N] [--header-timeout=10] ...} (port 8080 by default, 0 for
 * any free port, which the first line of output names; N is the number of processors by
 * default), then for example {@code wrk -t2 -c100 -d10s http://127.0.0.1:8080/}.
 */
public final class HttpServerLoops {
    private HttpServerLoops() {}

    /**
     * Serves until the process is killed.
     *
     * @param args {@code --loops=N} and what {@link HttpServer#main} takes
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    public static void main(String[] args) {
        int loops = Runtime.getRuntime().availableProcessors();
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--loops=")) {
                loops = Integer.parseInt(arg.substring("--loops=".length()));
            } else {
                rest.add(arg);
            }
        }
        ServerArgs a = ServerArgs.parse("HttpServerLoops", rest.toArray(String[]::new), 8080, HttpTimeouts.OPTIONS);
        HttpTimeouts limits = HttpTimeouts.from(a);
        try (EventLoopGroup group = new EventLoopGroup(loops)) {
            List<Server> servers = Streams.startServer(
                            group,
                            (reader, writer) -> HttpServer.handle(reader, writer, limits),
                            a.host,
                            a.port,
                            ServerOptions.DEFAULTS.withBacklog(a.backlog),
                            HttpServer.HEAD_LIMIT)
                    .join();
            System.out.println(loops + " loops serving on http://" + a.host + ":"
                    + servers.get(0).port() + "/");
            System.out.flush();
            List<CompletableFuture<Void>> forever = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                forever.add(group.submit(i, servers.get(i).serveForever()));
            }
            CompletableFuture.allOf(forever.toArray(CompletableFuture[]::new)).join();
        }
    }
}
