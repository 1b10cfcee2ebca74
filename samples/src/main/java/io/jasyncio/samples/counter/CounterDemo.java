package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gatherAll;
import static io.jasyncio.Asyncio.run;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.ArrayList;
import java.util.List;

/**
 * The counter service end to end in one program: starts a {@link CounterService} on a free port
 * against the Redis on {@code REDIS_PORT}, talks to it with {@link CounterClient}s, prints one
 * line per request, and exits. The output does not depend on the machine or on what the Redis
 * held before (the demo deletes its counters first):
 *
 * <pre>
 * DELETE /counters/visits -&gt; 204 No Content
 * POST /counters/visits -&gt; 1
 * ...
 * </pre>
 *
 * Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.counter.CounterDemo
 * REDIS_PORT}; it exits with status 1 if the concurrent increments went wrong.
 */
public final class CounterDemo {
    private static final int CONNECTIONS = 10;
    private static final int PIPELINED = 10;
    private static final int POOL = 4;

    private CounterDemo() {}

    @Async
    static Coroutine<Boolean> demo(int redisPort) {
        CounterService service = await(
                CounterService.start("127.0.0.1", 0, "127.0.0.1", redisPort, CounterService.Settings.withPool(POOL)));
        CounterClient client = await(CounterClient.connect("127.0.0.1", service.port()));
        for (String name : List.of("visits", "hits", "nobody")) {
            await(show(client, "DELETE", "/counters/" + name));
        }
        await(show(client, "POST", "/counters/visits"));
        await(show(client, "POST", "/counters/visits"));
        await(show(client, "POST", "/counters/visits?by=40"));
        await(show(client, "GET", "/counters/visits"));
        await(show(client, "GET", "/counters/nobody"));
        await(show(client, "POST", "/counters/no%20spaces"));
        await(show(client, "PUT", "/counters/visits"));

        List<Coroutine<List<Integer>>> bursts = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            bursts.add(burst(service.port()));
        }
        boolean[] seen = new boolean[CONNECTIONS * PIPELINED + 1];
        int distinct = 0;
        for (List<Integer> values : await(gatherAll(bursts))) {
            for (int v : values) {
                if (v >= 1 && v < seen.length && !seen[v]) {
                    seen[v] = true;
                    distinct++;
                }
            }
        }
        boolean right = distinct == CONNECTIONS * PIPELINED;
        System.out.printf(
                "%d x POST /counters/hits at once, on %d connections, through %d Redis connections:" + " %s%n",
                CONNECTIONS * PIPELINED,
                CONNECTIONS,
                POOL,
                right ? "each value from 1 to " + CONNECTIONS * PIPELINED + " once" : "only " + distinct + " distinct");
        await(show(client, "GET", "/counters/hits"));
        await(client.close());
        await(service.close());
        return done(right);
    }

    @Async
    private static Coroutine<Void> show(CounterClient client, String method, String target) {
        CounterClient.Reply reply = await(client.request(method, target));
        System.out.println(method + " " + target + " -> " + reply.show());
        return done();
    }

    /** Sends {@link #PIPELINED} increments in one go on a connection of its own. */
    @Async
    private static Coroutine<List<Integer>> burst(int port) {
        CounterClient client = await(CounterClient.connect("127.0.0.1", port));
        for (int i = 0; i < PIPELINED; i++) {
            client.send("POST", "/counters/hits");
        }
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < PIPELINED; i++) {
            CounterClient.Reply reply = await(client.receive());
            values.add(reply.status() == 200 ? Integer.parseInt(reply.body()) : -reply.status());
        }
        await(client.close());
        return done(values);
    }

    /**
     * Runs the demo.
     *
     * @param args Redis's port on 127.0.0.1
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CounterDemo REDIS_PORT");
            System.exit(2);
        }
        if (!run(demo(Integer.parseInt(args[0])))) {
            System.exit(1);
        }
    }
}
