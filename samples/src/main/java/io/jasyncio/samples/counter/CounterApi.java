package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.TimeoutError;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counters, as HTTP resources kept in Redis under {@code counter:NAME}:
 *
 * <pre>
 * POST   /counters/NAME        INCR counter:NAME        200, the new value
 * POST   /counters/NAME?by=N   INCRBY counter:NAME N    200, the new value
 * GET    /counters/NAME        GET counter:NAME         200, the value (0 if never counted)
 * DELETE /counters/NAME        DEL counter:NAME         204
 * </pre>
 *
 * When Redis cannot answer, the answer is {@code 503 Service Unavailable} with
 * {@code Retry-After: 1} and the reason: no pooled connection came free in time, Redis did not
 * answer in time, or Redis is unreachable. A failed {@code INCR} is never retried, since Redis
 * may have counted it before the connection failed.
 */
public final class CounterApi {
    /** What a counter's name may be, as told to a client that sends another. */
    public static final String NAME_RULE = "counter names are 1 to 100 letters, digits, '.', '_' or '-'";

    private static final String PREFIX = "/counters/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern BY = Pattern.compile("by=(-?\\d{1,18})");

    private final RedisPool pool;

    /**
     * Creates the API over a pool.
     *
     * @param pool the connections to Redis
     */
    public CounterApi(RedisPool pool) {
        this.pool = pool;
    }

    /**
     * Answers one request.
     *
     * @param request the parsed request
     * @return a coroutine whose result is the response; it throws only what is a bug (Redis's
     *     failures become responses)
     */
    @Async
    public Coroutine<HttpResponse> respond(HttpRequest request) {
        String path = request.path();
        if (!path.startsWith(PREFIX)) {
            return done(HttpResponse.of("404 Not Found", "no such resource; counters are at " + PREFIX + "NAME"));
        }
        String name = path.substring(PREFIX.length());
        if (!NAME.matcher(name).matches()) {
            return done(HttpResponse.of("400 Bad Request", NAME_RULE));
        }
        String key = "counter:" + name;
        try {
            switch (request.method()) {
                case "POST":
                    Matcher by = BY.matcher(request.query());
                    if (!request.query().isEmpty() && !by.matches()) {
                        return done(HttpResponse.of("400 Bad Request", "the only query is by=INTEGER"));
                    }
                    long n = request.query().isEmpty() ? 1 : Long.parseLong(by.group(1));
                    Long value = await(pool.use(c -> n == 1 ? c.incr(key) : c.incrby(key, n)));
                    return done(HttpResponse.of("200 OK", value.toString()));
                case "GET":
                    String current = await(pool.use(c -> c.get(key)));
                    return done(HttpResponse.of("200 OK", current == null ? "0" : current));
                case "DELETE":
                    await(pool.use(c -> c.del(key)));
                    return done(new HttpResponse("204 No Content", null, null));
                default:
                    return done(new HttpResponse(
                            "405 Method Not Allowed",
                            "Allow: GET, POST, DELETE",
                            "counters take GET, POST and DELETE"));
            }
        } catch (Exception e) {
            HttpResponse failed = failure(e);
            if (failed == null) {
                throw e;
            }
            return done(failed);
        }
    }

    /** The response to Redis's failure {@code e}, or null if {@code e} is not one. */
    private HttpResponse failure(Exception e) {
        String reason;
        if (e instanceof PoolTimeoutError) {
            reason = "no Redis connection came free within " + pool.acquireTimeout() + " s (pool of " + pool.size()
                    + ")";
        } else if (e instanceof TimeoutError) {
            reason = "Redis did not answer within " + pool.commandTimeout() + " s";
        } else if (e instanceof IOException || e instanceof RespProtocolError) {
            reason = "Redis is unreachable: " + e;
        } else if (e instanceof RedisError) {
            return HttpResponse.of("500 Internal Server Error", "Redis refused: " + e.getMessage());
        } else {
            return null;
        }
        return new HttpResponse("503 Service Unavailable", "Retry-After: 1", reason);
    }
}
