package io.jasyncio.samples.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code CounterService} and {@code CounterLoad} started as their Javadoc tells users to, each
 * in its own JVM with the agent.
 */
class CounterServiceMainTest {
    private static final Pattern RATE = Pattern.compile(
            "5 connections, \\d+\\.\\d s: (\\d+) requests, \\d+ requests/s \\(200: (\\d+), other: 0\\)");

    @Test
    void theServiceServesAndTheLoadGeneratorCountsWhatItSent() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                ChildJvm.Server service =
                        ChildJvm.Server.start(CounterService.class, "0", Integer.toString(redis.port()), "3")) {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/counters/main"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("1\n", r.body());

            ChildJvm.Run load = ChildJvm.run(CounterLoad.class, Integer.toString(service.port()), "5", "1", "loadtest");
            assertEquals(0, load.exitCode(), load.stdout() + load.stderr());
            Matcher m = RATE.matcher(load.stdout().get(0));
            assertTrue(m.matches(), load.stdout().get(0));
            assertEquals(m.group(1), m.group(2));
            assertEquals(
                    "GET /counters/loadtest -> " + m.group(2) + ", one per 200",
                    load.stdout().get(1));
            assertEquals(m.group(2), redis.command("GET", "counter:loadtest"));
            assertTrue(redis.connectionsAcceptedFromOthers() <= 3, "pool of 3");
        }
    }
}
