package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.toThread;
import static io.jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's HTTP as clients other than its own see it: java.net.http, and raw sockets
 * checking keep-alive, pipelining and the errors byte by byte. The service runs in the test's
 * loop; the blocking clients run in a worker thread beside it.
 */
class CounterServiceHttpTest {
    private static final double LIMIT = 30;
    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    /** A blocking check against the service's port. */
    interface Check {
        void run(int port) throws Exception;
    }

    @Async
    private static Coroutine<Void> serving(CounterService.Settings settings, Check check) {
        CounterService service = await(CounterService.start("127.0.0.1", 0, "127.0.0.1", redis.port(), settings));
        try {
            await(waitFor(
                    toThread(() -> {
                        check.run(service.port());
                        return null;
                    }),
                    LIMIT));
        } finally {
            await(service.close());
        }
        return done();
    }

    private static void serve(Check check) {
        run(serving(new CounterService.Settings(2, LIMIT, LIMIT, LIMIT), check));
    }

    @Test
    void javaHttpClientCountsReadsAndDeletes() {
        serve(port -> {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + port + "/counters/jdk");
            var post = java.net.http.HttpRequest.newBuilder(uri)
                    .POST(BodyPublishers.noBody())
                    .build();
            var r = client.send(post, BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("1\n", r.body());
            assertEquals(
                    "text/plain; charset=utf-8",
                    r.headers().firstValue("content-type").orElseThrow());
            assertEquals("2\n", client.send(post, BodyHandlers.ofString()).body());
            var get = java.net.http.HttpRequest.newBuilder(uri).build();
            assertEquals("2\n", client.send(get, BodyHandlers.ofString()).body());
            var delete = java.net.http.HttpRequest.newBuilder(uri).DELETE().build();
            assertEquals(204, client.send(delete, BodyHandlers.ofString()).statusCode());
            assertEquals("0\n", client.send(get, BodyHandlers.ofString()).body());
        });
    }

    @Test
    void oneConnectionAnswersPipelinedRequestsInOrderUntilClose() {
        serve(port -> {
            try (RawHttp http = new RawHttp(port)) {
                http.send("POST /counters/pipe HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                        + "POST /counters/pipe?by=5 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                        + "GET /counters/pipe HTTP/1.1\r\nHost: x\r\n\r\n");
                for (String expected : new String[] {"1\n", "6\n", "6\n"}) {
                    RawHttp.Response r = http.read();
                    assertEquals("HTTP/1.1 200 OK", r.status());
                    assertEquals(expected, r.body());
                    assertNull(r.headers().get("connection"));
                }
                http.send("GET /counters/pipe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                RawHttp.Response last = http.read();
                assertEquals("6\n", last.body());
                assertEquals("close", last.headers().get("connection"));
                assertTrue(http.closedByServer());
            }
        });
    }

    @Test
    void http10IsClosedAfterTheResponseUnlessKeptAlive() {
        serve(port -> {
            try (RawHttp http = new RawHttp(port)) {
                http.send("GET /counters/old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                assertEquals("0\n", http.read().body());
                http.send("GET /counters/old HTTP/1.0\r\n\r\n");
                assertEquals("close", http.read().headers().get("connection"));
                assertTrue(http.closedByServer());
            }
        });
    }

    @Test
    void wrongResourcesNamesAndMethodsAreAnsweredAndTheConnectionStays() {
        serve(port -> {
            try (RawHttp http = new RawHttp(port)) {
                http.send("GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response r = http.read();
                assertEquals("HTTP/1.1 404 Not Found", r.status());
                assertEquals("no such resource; counters are at /counters/NAME\n", r.body());
                http.send("POST /counters/a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n");
                r = http.read();
                assertEquals("HTTP/1.1 400 Bad Request", r.status());
                assertEquals(CounterApi.NAME_RULE + "\n", r.body());
                http.send("POST /counters/a?by=lots HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("the only query is by=INTEGER\n", http.read().body());
                http.send("PUT /counters/a HTTP/1.1\r\nHost: x\r\n\r\n");
                r = http.read();
                assertEquals("HTTP/1.1 405 Method Not Allowed", r.status());
                assertEquals("GET, POST, DELETE", r.headers().get("allow"));
                http.send("GET /counters/a HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("HTTP/1.1 200 OK", http.read().status());
            }
        });
    }

    @Test
    void aMalformedHeadIsAnsweredThenTheConnectionCloses() {
        serve(port -> {
            for (String[] c : new String[][] {
                {"GET /counters/a HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request"},
                {
                    "POST /counters/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                    "HTTP/1.1 501 Not Implemented"
                },
                {
                    "GET /counters/a HTTP/1.1\r\nHost: x\r\nX: " + "y".repeat(9000) + "\r\n\r\n",
                    "HTTP/1.1 431 Request Header Fields Too Large"
                },
            }) {
                try (RawHttp http = new RawHttp(port)) {
                    http.send(c[0]);
                    RawHttp.Response r = http.read();
                    assertEquals(c[1], r.status());
                    assertEquals("close", r.headers().get("connection"));
                    assertTrue(http.closedByServer());
                }
            }
        });
    }

    @Test
    void aClientSilentPastTheIdleTimeoutIsDisconnected() {
        run(serving(new CounterService.Settings(2, LIMIT, LIMIT, 0.2), port -> {
            try (RawHttp silent = new RawHttp(port);
                    RawHttp halfway = new RawHttp(port)) {
                halfway.send("GET /counters/a HT");
                assertTrue(silent.closedByServer());
                assertTrue(halfway.closedByServer());
            }
        }));
    }
}
