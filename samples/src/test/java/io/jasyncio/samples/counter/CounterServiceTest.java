package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gatherAll;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;
import static io.jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service in this JVM's loop, against a fresh real Redis per test (or a server that never
 * answers), driven by {@link CounterClient}s in the same loop. Every wait is bounded by the
 * test's own limit ({@link #LIMIT}); no assertion depends on how fast anything runs.
 */
class CounterServiceTest {
    /** Seconds any single wait of a test may take before the test fails. */
    private static final double LIMIT = 30;

    private RedisProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static Coroutine<CounterService> start(int redisPort, CounterService.Settings settings) {
        return CounterService.start("127.0.0.1", 0, "127.0.0.1", redisPort, settings);
    }

    /** Sends {@code n} POSTs at once on a connection of its own and returns the values. */
    @Async
    private static Coroutine<List<Long>> burst(int port, String name, int n) {
        CounterClient client = await(CounterClient.connect("127.0.0.1", port));
        for (int i = 0; i < n; i++) {
            client.send("POST", "/counters/" + name);
        }
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CounterClient.Reply reply = await(client.receive());
            assertEquals(200, reply.status(), reply.show());
            values.add(Long.parseLong(reply.body()));
        }
        await(client.close());
        return done(values);
    }

    @Async
    private Coroutine<Void> thousand() {
        CounterService service = await(start(redis.port(), new CounterService.Settings(4, LIMIT, LIMIT, LIMIT)));
        try {
            List<Coroutine<List<Long>>> bursts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                bursts.add(burst(service.port(), "race", 10));
            }
            List<Long> values = new ArrayList<>();
            await(waitFor(gatherAll(bursts), LIMIT)).forEach(values::addAll);
            values.sort(null);
            assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(), values, "each value once");
            CounterClient client = await(CounterClient.connect("127.0.0.1", service.port()));
            assertEquals("1000", await(client.request("GET", "/counters/race")).body());
            await(client.close());
        } finally {
            await(service.close());
        }
        return done();
    }

    @Test
    void aThousandConcurrentIncrementsCountExactlyThroughAPoolOfFour() throws Exception {
        run(thousand());
        assertEquals("1000", redis.command("GET", "counter:race"));
        long opened = redis.connectionsAcceptedFromOthers();
        assertTrue(opened >= 1 && opened <= 4, "the service opened " + opened + " connections to Redis, pool size 4");
        assertEquals(0, redis.clientsConnectedNow(), "close() closes the pool's connections");
    }

    /** What the clients of the kill test saw. */
    private static final class Seen {
        int ok;
        int unavailable;
        final List<String> unexpected = new ArrayList<>();
        boolean stop;
    }

    @Async
    private static Coroutine<Void> keepPosting(int port, Seen seen) {
        CounterClient client = await(CounterClient.connect("127.0.0.1", port));
        while (!seen.stop) {
            CounterClient.Reply reply = await(waitFor(client.request("POST", "/counters/load"), LIMIT));
            if (reply.status() == 200) {
                seen.ok++;
            } else if (reply.status() == 503 && reply.body().startsWith("Redis is unreachable: ")) {
                seen.unavailable++;
            } else {
                seen.unexpected.add(reply.show());
            }
        }
        await(client.close());
        return done();
    }

    /** Waits until {@code until} holds, checking every 10 ms, for at most {@link #LIMIT}. */
    @Async
    private static Coroutine<Void> eventually(java.util.function.BooleanSupplier until, String what) {
        for (int i = 0; i < LIMIT * 100 && !until.getAsBoolean(); i++) {
            await(sleep(0.01));
        }
        assertTrue(until.getAsBoolean(), "not within " + LIMIT + " s: " + what);
        return done();
    }

    @Async
    private static Coroutine<Void> blocking(Callable<?> call) {
        await(waitFor(toThread(call), LIMIT));
        return done();
    }

    @Async
    private Coroutine<Void> killed() {
        CounterService service = await(start(redis.port(), new CounterService.Settings(2, LIMIT, LIMIT, LIMIT)));
        try {
            Seen seen = new Seen();
            List<Task<Void>> clients = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                clients.add(createTask(keepPosting(service.port(), seen)));
            }
            await(eventually(() -> seen.ok >= 50, "50 answers from Redis"));
            await(blocking(() -> {
                redis.kill();
                return null;
            }));
            int okBeforeRestart = seen.ok;
            await(eventually(() -> seen.unavailable >= 20, "20 answers 503 while Redis is down"));
            await(blocking(() -> {
                redis.restart();
                return null;
            }));
            await(eventually(() -> seen.ok >= okBeforeRestart + 50, "50 answers from the restarted Redis"));
            seen.stop = true;
            await(waitFor(gatherAll(clients), LIMIT));
            assertEquals(List.of(), seen.unexpected, "answers other than 200 and 503 Redis is unreachable");
            // The restarted Redis is empty: a counter no one touched starts from 1.
            CounterClient client = await(CounterClient.connect("127.0.0.1", service.port()));
            assertEquals("1", await(client.request("POST", "/counters/after")).body());
            await(client.close());
        } finally {
            await(service.close());
        }
        return done();
    }

    @Test
    void aRedisKilledMidRunGives503sAndTheServiceRecoversWhenItIsBack() {
        run(killed());
    }

    @Async
    private static Coroutine<Void> silent(BlackHole hole) {
        CounterService service = await(start(hole.port(), new CounterService.Settings(2, LIMIT, 0.3, LIMIT)));
        try {
            CounterClient client = await(CounterClient.connect("127.0.0.1", service.port()));
            for (int i = 0; i < 2; i++) {
                CounterClient.Reply reply = await(waitFor(client.request("POST", "/counters/x"), LIMIT));
                assertEquals("503 Service Unavailable: Redis did not answer within 0.3 s", reply.show());
            }
            // The connection that timed out was closed, not lent again: each request had its own.
            assertEquals(2, (int) await(toThread(() -> hole.awaitAccepted(2))));
            await(client.close());
        } finally {
            await(service.close());
        }
        return done();
    }

    @Test
    void aRedisThatNeverAnswersGives503WithinTheTimeout() throws Exception {
        try (BlackHole hole = new BlackHole()) {
            run(silent(hole));
        }
    }

    @Async
    private static Coroutine<Void> busy(BlackHole hole) {
        CounterService service = await(start(hole.port(), new CounterService.Settings(1, 0.2, 2, LIMIT)));
        try {
            CounterClient first = await(CounterClient.connect("127.0.0.1", service.port()));
            CounterClient second = await(CounterClient.connect("127.0.0.1", service.port()));
            Task<CounterClient.Reply> holding = createTask(first.request("POST", "/counters/x"));
            // Once the black hole has the first INCR, the only connection is lent until it
            // times out.
            await(blocking(() -> {
                hole.awaitReceived(1);
                return null;
            }));
            CounterClient.Reply reply = await(waitFor(second.request("POST", "/counters/x"), LIMIT));
            assertEquals(
                    "503 Service Unavailable: no Redis connection came free within 0.2 s (pool of 1)", reply.show());
            assertEquals(
                    "503 Service Unavailable: Redis did not answer within 2.0 s",
                    await(waitFor(holding, LIMIT)).show());
            await(first.close());
            await(second.close());
        } finally {
            await(service.close());
        }
        return done();
    }

    @Test
    void aRequestGets503WhenNoPooledConnectionComesFreeInTime() throws Exception {
        try (BlackHole hole = new BlackHole()) {
            run(busy(hole));
        }
    }
}
