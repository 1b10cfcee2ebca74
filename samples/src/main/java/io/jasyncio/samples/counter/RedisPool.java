package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.waitFor;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Queue;
import io.jasyncio.TimeoutError;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A fixed number of Redis connections, lent to one task at a time, built from a {@link Queue}.
 *
 * <p>The queue holds one token per slot, {@code size} in all: an open connection, or
 * {@code Optional.empty()} for a slot whose connection is not open (yet, or any more). Taking a
 * token is the right to one connection, so there are never more than {@code size} connections
 * to Redis, and a task waits in {@link Queue#get()} (FIFO, bounded by the acquire timeout)
 * while all are lent. A slot is opened when it is first needed; a connection that comes back
 * unusable (timed out, lost, closed by Redis while idle) is closed and its slot goes back
 * empty, so the next borrower opens a fresh one: nothing broken is ever lent again. Redis being
 * down therefore costs each request one refused connect, and the pool heals by itself when
 * Redis is back.
 *
 * <p>All methods run on the loop's thread.
 */
public final class RedisPool {
    private final String host;
    private final int port;
    private final int size;
    private final double acquireTimeout;
    private final double commandTimeout;
    private final Queue<Optional<RedisConnection>> slots;
    private final Set<RedisConnection> lent = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    /**
     * Creates the pool; no connection is opened until one is needed.
     *
     * @param host Redis's host
     * @param port Redis's port
     * @param size the most connections ever open at once
     * @param acquireTimeout seconds {@link #acquire()} waits for a free connection
     * @param commandTimeout seconds allowed for a connect and for each exchange with Redis
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public RedisPool(String host, int port, int size, double acquireTimeout, double commandTimeout) {
        if (size < 1) {
            throw new IllegalArgumentException("RedisPool: size must be at least 1, got " + size);
        }
        this.host = host;
        this.port = port;
        this.size = size;
        this.acquireTimeout = acquireTimeout;
        this.commandTimeout = commandTimeout;
        this.slots = new Queue<>(size);
        for (int i = 0; i < size; i++) {
            slots.putNowait(Optional.empty());
        }
    }

    /**
     * Runs {@code body} with a connection and gives it back, whatever the body ends with.
     *
     * <pre>{@code
     * long visits = await(pool.use(c -> c.incr("visits")));
     * }</pre>
     *
     * @param body the exchange with Redis
     * @param <T> the body's result type
     * @return a coroutine whose result is the body's; it throws what {@link #acquire()} and
     *     the body throw
     */
    @Async
    public <T> Coroutine<T> use(Function<RedisConnection, Coroutine<T>> body) {
        RedisConnection c = await(acquire());
        try {
            return done(await(body.apply(c)));
        } finally {
            release(c);
        }
    }

    /**
     * Borrows a connection, opening it if its slot is empty. Give it back with
     * {@link #release}.
     *
     * @return a coroutine whose result is a usable connection; it throws
     *     {@link PoolTimeoutError} if none came free within the acquire timeout, and the
     *     connect error of {@link RedisConnection#open} (the slot stays empty)
     * @throws IllegalStateException (from the coroutine) if the pool is closed
     */
    @Async
    public Coroutine<RedisConnection> acquire() {
        checkOpen();
        Optional<RedisConnection> slot;
        try {
            slot = await(waitFor(slots.get(), acquireTimeout));
        } catch (TimeoutError e) {
            throw new PoolTimeoutError(
                    "RedisPool.acquire: no connection free within " + acquireTimeout + " s (all " + size + " in use)",
                    e);
        }
        if (closed) {
            slots.putNowait(slot); // the closing pool collects it
            checkOpen();
        }
        RedisConnection c = slot.orElse(null);
        if (c != null && !c.isUsable()) {
            c.close();
            c = null;
        }
        if (c == null) {
            boolean opened = false;
            try {
                c = await(RedisConnection.open(host, port, commandTimeout));
                opened = true;
            } finally {
                if (!opened) {
                    slots.putNowait(Optional.empty());
                }
            }
        }
        lent.add(c);
        return done(c);
    }

    /**
     * Gives a borrowed connection back: a usable one to the next borrower, an unusable one is
     * closed and its slot emptied. Never waits, so it is safe in {@code finally} blocks of a
     * cancelled task.
     *
     * @param c a connection {@link #acquire()} returned and not yet released
     * @throws IllegalArgumentException if this pool did not lend {@code c}, or it was released
     *     already
     */
    public void release(RedisConnection c) {
        if (!lent.remove(c)) {
            throw new IllegalArgumentException("RedisPool.release: " + c + " is not lent by this pool");
        }
        if (c.isUsable() && !closed) {
            slots.putNowait(Optional.of(c));
        } else {
            c.close();
            slots.putNowait(Optional.empty());
        }
    }

    /**
     * Closes the pool: refuses new borrowers, waits until every lent connection is back, and
     * closes all of them.
     *
     * @return a coroutine that completes once every connection is closed
     */
    @Async
    public Coroutine<Void> close() {
        closed = true;
        for (int i = 0; i < size; i++) {
            Optional<RedisConnection> slot = await(slots.get());
            if (slot.isPresent()) {
                slot.get().close();
                await(slot.get().waitClosed());
            }
        }
        return done();
    }

    /**
     * The most connections this pool opens at once.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * How long {@link #acquire()} waits for a free connection.
     *
     * @return seconds
     */
    public double acquireTimeout() {
        return acquireTimeout;
    }

    /**
     * The time allowed for a connect and for each exchange with Redis.
     *
     * @return seconds
     */
    public double commandTimeout() {
        return commandTimeout;
    }

    /**
     * How many connections are lent out now.
     *
     * @return the count
     */
    public int lentCount() {
        return lent.size();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("RedisPool: the pool is closed");
        }
    }

    @Override
    public String toString() {
        return "RedisPool[" + host + ":" + port + ", " + lent.size() + " of " + size + " lent]";
    }
}
