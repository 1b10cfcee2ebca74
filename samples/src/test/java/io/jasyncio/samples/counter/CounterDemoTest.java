package io.jasyncio.samples.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo the tutorial quotes, run as a user runs it, against a real Redis. */
class CounterDemoTest {
    /** The demo's whole output; the tutorial shows exactly these lines. */
    static final List<String> OUTPUT = List.of(
            "DELETE /counters/visits -> 204 No Content",
            "DELETE /counters/hits -> 204 No Content",
            "DELETE /counters/nobody -> 204 No Content",
            "POST /counters/visits -> 1",
            "POST /counters/visits -> 2",
            "POST /counters/visits?by=40 -> 42",
            "GET /counters/visits -> 42",
            "GET /counters/nobody -> 0",
            "POST /counters/no%20spaces -> 400 Bad Request: counter names are 1 to 100 letters, digits, '.', '_' or '-'",
            "PUT /counters/visits -> 405 Method Not Allowed: counters take GET, POST and DELETE",
            "100 x POST /counters/hits at once, on 10 connections, through 4 Redis connections:"
                    + " each value from 1 to 100 once",
            "GET /counters/hits -> 100");

    @Test
    void printsTheSameLinesWhateverRedisHeldBefore() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            redis.command("SET", "counter:visits", "7");
            redis.command("SET", "counter:nobody", "3");
            for (int run = 0; run < 2; run++) {
                ChildJvm.Run r = ChildJvm.run(CounterDemo.class, Integer.toString(redis.port()));
                assertEquals(0, r.exitCode(), r.stderr());
                assertEquals(OUTPUT, r.stdout(), r.stderr());
                assertEquals("", r.stderr());
            }
        }
    }
}
