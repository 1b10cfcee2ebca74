package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gatherAll;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.ArrayList;
import java.util.List;

/**
 * Load for {@link CounterService}, as {@code wrk} would give it: N kept-alive connections each
 * send {@code POST /counters/NAME} and wait for the answer, again and again for S seconds.
 * Then it prints the rate and checks the count: the counter (deleted first) must equal the
 * number of 200 answers, so a lost or doubled increment shows. Exit status 1 if it does not.
 *
 * <p>Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.counter.CounterLoad PORT
 * [CONNECTIONS [SECONDS [NAME]]]} (defaults 100, 10, {@code load}).
 */
public final class CounterLoad {
    private CounterLoad() {}

    /** What one connection got: 200 answers and others. */
    private record Tally(long ok, long other) {}

    @Async
    private static Coroutine<Tally> hammer(int port, String target, double until) {
        CounterClient client = await(CounterClient.connect("127.0.0.1", port));
        long ok = 0;
        long other = 0;
        while (getRunningLoop().time() < until) {
            if (await(client.request("POST", target)).status() == 200) {
                ok++;
            } else {
                other++;
            }
        }
        await(client.close());
        return done(new Tally(ok, other));
    }

    @Async
    static Coroutine<Boolean> load(int port, int connections, double seconds, String name) {
        String target = "/counters/" + name;
        CounterClient control = await(CounterClient.connect("127.0.0.1", port));
        await(control.request("DELETE", target));
        double start = getRunningLoop().time();
        List<Coroutine<Tally>> all = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            all.add(hammer(port, target, start + seconds));
        }
        long ok = 0;
        long other = 0;
        for (Tally t : await(gatherAll(all))) {
            ok += t.ok();
            other += t.other();
        }
        double elapsed = getRunningLoop().time() - start;
        String counted = await(control.request("GET", target)).body();
        await(control.close());
        System.out.printf(
                "%d connections, %.1f s: %d requests, %.0f requests/s (200: %d, other: %d)%n",
                connections, elapsed, ok + other, (ok + other) / elapsed, ok, other);
        boolean right = counted.equals(Long.toString(ok));
        System.out.println("GET " + target + " -> " + counted + (right ? ", one per 200" : ", but " + ok + " got 200"));
        return done(right);
    }

    /**
     * Runs the load and prints the rate.
     *
     * @param args the service's port on 127.0.0.1, then optionally connections (100), seconds
     *     (10) and the counter's name ({@code load})
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: CounterLoad PORT [CONNECTIONS [SECONDS [NAME]]]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        String name = args.length > 3 ? args[3] : "load";
        if (!run(load(port, connections, seconds, name))) {
            System.exit(1);
        }
    }
}
