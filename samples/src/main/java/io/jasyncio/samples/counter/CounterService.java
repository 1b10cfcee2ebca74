package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.waitFor;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Server;
import io.jasyncio.TimeoutError;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.LimitOverrunError;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An HTTP/1.1 service keeping counters in Redis ({@link CounterApi} lists the resources): one
 * event loop serves every client connection and shares a {@link RedisPool} of a few
 * connections to Redis among them. Connections are kept alive and pipelined requests are
 * answered in order. Each request's head and body must arrive within the idle timeout (or the
 * connection is closed), and each exchange with Redis is bounded by the Redis timeout (or the
 * request gets 503), so neither a stalled client nor a stalled Redis holds anything for long.
 *
 * <p>Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.counter.CounterService PORT
 * REDIS_PORT [POOL [REDIS_TIMEOUT]]} against a running {@code redis-server}, then {@code curl -X
 * POST http://127.0.0.1:PORT/counters/visits}. {@code samples/README.md} has its measured
 * throughput.
 */
public final class CounterService {
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    /** The longest request head read; a longer one gets 431. */
    private static final int HEAD_LIMIT = 8 * 1024;

    /**
     * How the service is sized and bounded in time.
     *
     * @param poolSize the most connections to Redis at once
     * @param acquireTimeout seconds a request waits for a free Redis connection
     * @param redisTimeout seconds allowed for a connect to Redis and for each exchange
     * @param idleTimeout seconds a client connection may take to send its next request
     */
    public record Settings(int poolSize, double acquireTimeout, double redisTimeout, double idleTimeout) {
        /**
         * Settings with a pool of {@code poolSize}, one second for Redis and for a free
         * connection, and 30 seconds between requests.
         *
         * @param poolSize the most connections to Redis at once
         * @return the settings
         */
        public static Settings withPool(int poolSize) {
            return new Settings(poolSize, 1.0, 1.0, 30.0);
        }
    }

    private final RedisPool pool;
    private final CounterApi api;
    private final Settings settings;
    private final Set<StreamWriter> clients = new LinkedHashSet<>();
    private Server server;

    private CounterService(RedisPool pool, Settings settings) {
        this.pool = pool;
        this.api = new CounterApi(pool);
        this.settings = settings;
    }

    /**
     * Starts serving. No connection to Redis is opened until a request needs one, so the
     * service starts (and answers 503) while Redis is down.
     *
     * @param host the address to listen on
     * @param port the port, 0 for any free one
     * @param redisHost Redis's host
     * @param redisPort Redis's port
     * @param settings the pool size and the timeouts
     * @return a coroutine whose result is the running service
     */
    @Async
    public static Coroutine<CounterService> start(
            String host, int port, String redisHost, int redisPort, Settings settings) {
        RedisPool pool = new RedisPool(
                redisHost, redisPort, settings.poolSize(), settings.acquireTimeout(), settings.redisTimeout());
        CounterService service = new CounterService(pool, settings);
        service.server = await(Streams.startServer(service::serveClient, host, port, HEAD_LIMIT, 1024));
        return done(service);
    }

    /**
     * The port the service listens on.
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * Stops the service: stops listening, closes every client connection, waits for their
     * requests to finish (each bounded by the Redis timeout) and closes the pool.
     *
     * @return a coroutine that completes once everything is closed
     */
    @Async
    public Coroutine<Void> close() {
        server.close();
        for (StreamWriter client : List.copyOf(clients)) {
            client.close();
        }
        await(server.waitClosed());
        await(pool.close());
        return done();
    }

    @Async
    private Coroutine<Void> serveClient(StreamReader reader, StreamWriter writer) {
        clients.add(writer);
        try {
            boolean keepAlive = true;
            while (keepAlive) {
                HttpRequest request = await(readRequest(reader, writer));
                if (request == null) {
                    break;
                }
                HttpResponse response = await(api.respond(request));
                writer.write(response.encode(request.keepAlive()));
                await(writer.drain());
                keepAlive = request.keepAlive();
            }
        } catch (Exception e) {
            // A client that resets its connection is no error of the service's.
            if (!(e instanceof IOException)) {
                throw e;
            }
        } finally {
            clients.remove(writer);
            writer.close();
        }
        return done();
    }

    /**
     * Reads the next request, skipping its body. Null means the connection is over: the client
     * closed it or stayed silent past the idle timeout, or sent a head that was answered with
     * an error here.
     */
    @Async
    private Coroutine<HttpRequest> readRequest(StreamReader reader, StreamWriter writer) {
        double idle = settings.idleTimeout();
        try {
            byte[] head = await(waitFor(reader.readuntil(END_OF_HEAD), idle));
            HttpRequest request = HttpRequest.parse(head);
            if (request.contentLength() > 0) {
                await(waitFor(reader.readexactly((int) request.contentLength()), idle));
            }
            return done(request);
        } catch (Exception e) {
            if (e instanceof HttpRequest.Malformed m) {
                writer.write(HttpResponse.of(m.status(), m.reason()).encode(false));
            } else if (e instanceof LimitOverrunError) {
                writer.write(HttpResponse.of(
                                "431 Request Header Fields Too Large", "the head exceeds " + HEAD_LIMIT + " bytes")
                        .encode(false));
            } else if (!(e instanceof IncompleteReadError || e instanceof TimeoutError)) {
                throw e;
            }
            await(writer.drain());
            return done(null);
        }
    }

    /**
     * Serves until the process is killed, printing where it listens first.
     *
     * @param args the port (0 for any free one), Redis's port on 127.0.0.1, optionally the pool
     *     size (8) and the Redis timeout in seconds (1)
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: CounterService PORT REDIS_PORT [POOL [REDIS_TIMEOUT]]");
            System.exit(2);
        }
        int pool = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        double redisTimeout = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
        Settings defaults = Settings.withPool(pool);
        run(serve(
                Integer.parseInt(args[0]),
                Integer.parseInt(args[1]),
                new Settings(pool, defaults.acquireTimeout(), redisTimeout, defaults.idleTimeout())));
    }

    @Async
    private static Coroutine<Void> serve(int port, int redisPort, Settings settings) {
        CounterService service = await(start("127.0.0.1", port, "127.0.0.1", redisPort, settings));
        System.out.println("serving on http://127.0.0.1:" + service.port() + "/ with " + settings.poolSize()
                + " connections to Redis at 127.0.0.1:" + redisPort);
        System.out.flush();
        await(service.server.serveForever());
        return done();
    }
}
