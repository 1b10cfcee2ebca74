/**
 * A small real service: HTTP counters kept in Redis, on one event loop. Read it in this order:
 *
 * <ol>
 *   <li>{@link io.jasyncio.samples.counter.Resp}: Redis's protocol over a
 *       {@link io.jasyncio.streams.StreamReader}, with {@code readuntil} and
 *       {@code readexactly};
 *   <li>{@link io.jasyncio.samples.counter.RedisConnection}: commands on one connection, each
 *       exchange bounded by {@code waitFor}, errors from Redis as
 *       {@link io.jasyncio.samples.counter.RedisError};
 *   <li>{@link io.jasyncio.samples.counter.RedisPool}: a fixed number of connections lent
 *       through a {@link io.jasyncio.Queue}, broken ones replaced;
 *   <li>{@link io.jasyncio.samples.counter.HttpRequest},
 *       {@link io.jasyncio.samples.counter.HttpResponse},
 *       {@link io.jasyncio.samples.counter.CounterApi}: the HTTP resources and how Redis's
 *       failures become 503;
 *   <li>{@link io.jasyncio.samples.counter.CounterService}: the server on
 *       {@link io.jasyncio.streams.Streams#startServer}, keep-alive and timeouts;
 *   <li>{@link io.jasyncio.samples.counter.CounterClient},
 *       {@link io.jasyncio.samples.counter.CounterDemo},
 *       {@link io.jasyncio.samples.counter.CounterLoad}: a client, a demo with fixed output,
 *       and the load generator behind the throughput figures in {@code samples/README.md}.
 * </ol>
 */
package io.jasyncio.samples.counter;
