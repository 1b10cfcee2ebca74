package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gatherAll;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool built from a Queue, against a fresh real Redis per test so connection counts are exact. */
class RedisPoolTest {
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

    private RedisPool pool(int size, double acquireTimeout) {
        return new RedisPool("127.0.0.1", redis.port(), size, acquireTimeout, 10);
    }

    @Async
    private Coroutine<Void> manyBorrowers(RedisPool pool, int borrowers) {
        List<Coroutine<Long>> all = new ArrayList<>();
        for (int i = 0; i < borrowers; i++) {
            all.add(pool.use(c -> c.incr("pool:n")));
        }
        List<Long> values = await(gatherAll(all));
        assertEquals(borrowers, values.stream().distinct().count());
        assertEquals(0, pool.lentCount());
        await(pool.close());
        return done();
    }

    @Test
    void manyConcurrentBorrowersShareAtMostSizeConnections() throws Exception {
        run(manyBorrowers(pool(3, 30), 500));
        assertEquals("500", redis.command("GET", "pool:n"));
        // Every connection Redis ever accepted from the pool, closed ones included: exactly the
        // three slots, each opened once and reused by the 500 borrowers.
        assertEquals(3, redis.connectionsAcceptedFromOthers());
        assertEquals(0, redis.clientsConnectedNow(), "close() closes every connection");
    }

    @Async
    private static Coroutine<Void> exhausted(RedisPool pool) {
        RedisConnection a = await(pool.acquire());
        RedisConnection b = await(pool.acquire());
        assertNotSame(a, b);
        Throwable e = await(Failure.of(pool.acquire()));
        assertEquals(
                "RedisPool.acquire: no connection free within 0.2 s (all 2 in use)",
                assertInstanceOf(PoolTimeoutError.class, e).getMessage());
        assertInstanceOf(TimeoutError.class, e.getCause());
        // Giving one back makes it the next borrower's, without a new connection.
        pool.release(a);
        assertSame(a, await(pool.acquire()));
        pool.release(a);
        pool.release(b);
        await(pool.close());
        return done();
    }

    @Test
    void acquireTimesOutWhileEveryConnectionIsLent() throws Exception {
        run(exhausted(pool(2, 0.2)));
        assertEquals(2, redis.connectionsAcceptedFromOthers());
    }

    @Async
    private static Coroutine<Void> waiting(RedisPool pool) {
        RedisConnection a = await(pool.acquire());
        Task<RedisConnection> waiter = createTask(pool.acquire());
        await(sleep(0.05));
        assertFalse(waiter.done(), "the waiter got a connection while the only one was lent");
        pool.release(a);
        assertSame(a, await(waiter));
        pool.release(a);
        await(pool.close());
        return done();
    }

    @Test
    void aWaitingBorrowerGetsTheConnectionReleased() {
        run(waiting(pool(1, 30)));
    }

    @Async
    private static Coroutine<Void> replaced(RedisPool pool, BlackHole hole) {
        Throwable e = await(Failure.of(pool.use(c -> c.incr("k"))));
        assertInstanceOf(TimeoutError.class, e);
        // The connection that timed out is closed, never lent again: the next borrower gets a
        // new one.
        await(toThread(() -> {
            hole.awaitClosedByPeer(1);
            return null;
        }));
        RedisConnection fresh = await(pool.acquire());
        assertEquals(2, (int) await(toThread(() -> hole.awaitAccepted(2))));
        assertTrue(fresh.isUsable());
        pool.release(fresh);
        await(pool.close());
        return done();
    }

    @Test
    void aConnectionThatTimedOutIsReplacedNotLentAgain() throws Exception {
        try (BlackHole hole = new BlackHole()) {
            run(replaced(new RedisPool("127.0.0.1", hole.port(), 1, 30, 0.2), hole));
        }
    }

    @Async
    private Coroutine<Void> restarted(RedisPool pool) {
        assertEquals(1L, await(pool.<Long>use(c -> c.incr("restart:n"))));
        await(toThread(() -> {
            redis.kill();
            return null;
        }));
        // Nothing listens: each borrower tries its own connect, and the slot stays free for
        // the next one instead of being lost.
        for (int i = 0; i < 3; i++) {
            Throwable e = await(Failure.of(pool.use(c -> c.incr("restart:n"))));
            assertTrue(e instanceof ConnectException || e instanceof java.io.IOException, "" + e);
        }
        await(toThread(() -> {
            redis.restart();
            return null;
        }));
        assertEquals(1L, await(pool.<Long>use(c -> c.incr("restart:n"))), "a fresh Redis counts from 1");
        await(pool.close());
        return done();
    }

    @Test
    void thePoolHealsWhenRedisComesBack() {
        run(restarted(pool(1, 30)));
    }

    @Async
    private Coroutine<Void> closing(RedisPool pool) {
        RedisConnection lent = await(pool.acquire());
        assertEquals("PONG", await(pool.use(c -> c.ping())));
        Task<Void> close = createTask(pool.close());
        await(sleep(0.05));
        assertFalse(close.done(), "close() finished while a connection was still lent");
        assertInstanceOf(IllegalStateException.class, await(Failure.of(pool.acquire())));
        pool.release(lent);
        await(close);
        assertFalse(lent.isUsable());
        return done();
    }

    @Test
    void closeWaitsForLentConnectionsThenClosesAll() throws Exception {
        run(closing(pool(2, 30)));
        assertEquals(0, redis.clientsConnectedNow());
    }

    @Async
    private Coroutine<Void> foreign(RedisPool pool) {
        RedisConnection stranger = await(RedisConnection.open("127.0.0.1", redis.port(), 10));
        Throwable e = await(Failure.of(toThreadless(() -> pool.release(stranger))));
        assertInstanceOf(IllegalArgumentException.class, e);
        RedisConnection c = await(pool.acquire());
        pool.release(c);
        assertInstanceOf(IllegalArgumentException.class, await(Failure.of(toThreadless(() -> pool.release(c)))));
        stranger.close();
        await(pool.close());
        return done();
    }

    /** A coroutine that runs {@code r} when awaited, so its exception can be awaited too. */
    @Async
    private static Coroutine<Void> toThreadless(Runnable r) {
        r.run();
        return done();
    }

    @Test
    void releasingAConnectionThePoolDidNotLendIsRefused() {
        run(foreign(pool(1, 30)));
    }
}
