package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RESP2 client against a real Redis, and against a server that never answers. */
class RedisConnectionTest {
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

    @Async
    private static Coroutine<Void> commands() {
        RedisConnection c = await(RedisConnection.open("127.0.0.1", redis.port(), 10));
        try {
            assertEquals("PONG", await(c.ping()));
            await(c.del("cmd:a", "cmd:b"));
            assertEquals(1L, await(c.incr("cmd:a")));
            assertEquals(2L, await(c.incr("cmd:a")));
            assertEquals(-8L, await(c.incrby("cmd:b", -8)));
            assertEquals("2", await(c.get("cmd:a")));
            assertEquals(null, await(c.get("cmd:never")));
            assertEquals(Arrays.asList("2", null, "-8"), await(c.mget("cmd:a", "cmd:never", "cmd:b")));
            assertEquals(2L, await(c.del("cmd:a", "cmd:b", "cmd:never")));
            assertEquals(Arrays.asList(null, null), await(c.mget("cmd:a", "cmd:b")));
            // Values are binary safe: a CRLF inside is no end of reply.
            assertEquals("OK", await(c.command("SET", "cmd:text", "line 1\r\nline 2 \u00e9")));
            assertEquals("line 1\r\nline 2 \u00e9", await(c.get("cmd:text")));
            assertTrue(c.isUsable());
        } finally {
            c.close();
            await(c.waitClosed());
        }
        return done();
    }

    @Test
    void commandsReturnWhatRedisAnswers() {
        run(commands());
    }

    @Async
    private static Coroutine<Void> errors() {
        RedisConnection c = await(RedisConnection.open("127.0.0.1", redis.port(), 10));
        try {
            await(c.command("SET", "err:text", "not a number"));
            RedisError e = assertInstanceOf(RedisError.class, await(Failure.of(c.incr("err:text"))));
            assertEquals("ERR value is not an integer or out of range", e.getMessage());
            e = assertInstanceOf(RedisError.class, await(Failure.of(c.command("NOSUCHCOMMAND", "x"))));
            assertEquals("ERR", e.prefix());
            assertTrue(e.getMessage().startsWith("ERR unknown command 'NOSUCHCOMMAND'"), e.getMessage());
            // An error reply leaves the connection in step: the next command gets its own reply.
            assertTrue(c.isUsable());
            assertEquals("PONG", await(c.ping()));
        } finally {
            c.close();
        }
        return done();
    }

    @Test
    void errorRepliesThrowRedisErrorAndKeepTheConnection() {
        run(errors());
    }

    @Async
    private static Coroutine<Void> pipelines() {
        RedisConnection c = await(RedisConnection.open("127.0.0.1", redis.port(), 10));
        try {
            await(c.del("pipe:n"));
            List<String[]> commands = List.of(
                    new String[] {"INCR", "pipe:n"},
                    new String[] {"INCRBY", "pipe:n", "10"},
                    new String[] {"GET", "pipe:n"},
                    new String[] {"PING"});
            assertEquals(List.of(1L, 11L, "11", "PONG"), await(c.pipeline(commands)));
            // An error in the middle: every reply is still read, then the error is thrown.
            await(c.command("SET", "pipe:text", "x"));
            Throwable e = await(Failure.of(c.pipeline(List.of(
                    new String[] {"INCR", "pipe:n"}, new String[] {"INCR", "pipe:text"}, new String[] {"INCR", "pipe:n"
                    }))));
            assertEquals(
                    "ERR value is not an integer or out of range",
                    assertInstanceOf(RedisError.class, e).getMessage());
            assertTrue(c.isUsable());
            assertEquals("13", await(c.get("pipe:n")));
        } finally {
            c.close();
        }
        return done();
    }

    @Test
    void aPipelineSendsAllCommandsAndReadsTheRepliesInOrder() {
        run(pipelines());
    }

    @Async
    private static Coroutine<Void> concurrentUse() {
        RedisConnection c = await(RedisConnection.open("127.0.0.1", redis.port(), 10));
        try {
            Task<String> first = createTask(c.ping());
            await(sleep(0)); // the first command is now waiting for its reply
            Throwable e = await(Failure.of(c.ping()));
            assertEquals(
                    "RedisConnection: another command is still waiting for its reply",
                    assertInstanceOf(IllegalStateException.class, e).getMessage());
            assertEquals("PONG", await(first));
            assertEquals("PONG", await(c.ping()));
        } finally {
            c.close();
        }
        return done();
    }

    @Test
    void aSecondCommandWhileOneIsInFlightIsRefused() {
        run(concurrentUse());
    }

    @Async
    private static Coroutine<Void> silentServer(BlackHole hole) {
        RedisConnection c = await(RedisConnection.open("127.0.0.1", hole.port(), 0.2));
        Throwable e = await(Failure.of(c.incr("k")));
        assertInstanceOf(TimeoutError.class, e);
        // A reply may still come, and would be taken for the next command's: the connection is
        // closed, and the server sees it closed.
        assertFalse(c.isUsable());
        await(c.waitClosed());
        await(toThread(() -> {
            hole.awaitClosedByPeer(1);
            return null;
        }));
        Throwable again = await(Failure.of(c.ping()));
        assertEquals(
                "RedisConnection: the connection is closed",
                assertInstanceOf(IllegalStateException.class, again).getMessage());
        return done();
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndTheConnectionIsClosed() throws Exception {
        try (BlackHole hole = new BlackHole()) {
            run(silentServer(hole));
        }
    }

    @Async
    private static Coroutine<Void> killedByRedis() {
        RedisConnection c = await(RedisConnection.open("127.0.0.1", redis.port(), 10));
        assertEquals("PONG", await(c.ping()));
        // Redis closes every connection but the one asking; the idle one learns it at its EOF.
        await(toThread(() -> redis.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")));
        for (int i = 0; i < 1000 && c.isUsable(); i++) {
            await(sleep(0.01));
        }
        assertFalse(c.isUsable(), "a connection Redis closed still looks usable after 10 s");
        c.close();
        return done();
    }

    @Test
    void aConnectionRedisClosedWhileIdleIsNotUsable() {
        run(killedByRedis());
    }

    @Async
    private static Coroutine<Void> refused(int port) {
        Throwable e = await(Failure.of(RedisConnection.open("127.0.0.1", port, 10)));
        assertInstanceOf(ConnectException.class, e);
        return done();
    }

    @Test
    void connectingWhereNothingListensFailsWithConnectException() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(refused(port));
    }
}
