package io.jasyncio.samples.counter;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.waitFor;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One connection to Redis speaking RESP2 (see {@link Resp}), with a time limit on every
 * exchange. An error reply throws {@link RedisError} and leaves the connection usable; anything
 * else that stops an exchange half way (a timeout, a cancellation, a lost connection, bytes that
 * are not RESP2) closes it, since a reply might still be on its way and would be taken for the
 * answer to the next command. {@link #isUsable()} tells a pool which kind it holds.
 *
 * <p>One command at a time: a connection is not shared by concurrent tasks (a pool lends it to
 * one task at a time). All methods run on the loop's thread.
 */
public final class RedisConnection {
    private final StreamReader reader;
    private final StreamWriter writer;
    private final double timeout;
    private boolean busy;
    private boolean broken;

    private RedisConnection(StreamReader reader, StreamWriter writer, double timeout) {
        this.reader = reader;
        this.writer = writer;
        this.timeout = timeout;
    }

    /**
     * Connects to Redis.
     *
     * @param host Redis's host
     * @param port Redis's port
     * @param timeout seconds allowed for the connect and, later, for each exchange
     * @return a coroutine whose result is the connection; it throws the connect error
     *     ({@link java.net.ConnectException} when nothing listens) or
     *     {@link io.jasyncio.TimeoutError}
     * @apiNote Like {@code redis.asyncio.Redis(host, port, socket_timeout=timeout)} with a
     *     single connection.
     */
    @Async
    public static Coroutine<RedisConnection> open(String host, int port, double timeout) {
        Streams.Connection c = await(waitFor(Streams.openConnection(host, port), timeout));
        return done(new RedisConnection(c.reader(), c.writer(), timeout));
    }

    /**
     * Sends one command and reads its reply.
     *
     * @param args the command's name and arguments
     * @return a coroutine whose result is the reply as {@link Resp#read} maps it; it throws
     *     {@link RedisError} for an error reply, and, after closing the connection,
     *     {@link io.jasyncio.TimeoutError}, {@link RespProtocolError} or the connection's
     *     error
     * @throws IllegalStateException (from the coroutine) if the connection is closed or in use
     */
    @Async
    public Coroutine<Object> command(String... args) {
        List<Object> replies = await(pipeline(List.<String[]>of(args)));
        return done(replies.get(0));
    }

    /**
     * Sends several commands in one write and reads their replies in order: one round trip
     * for all of them. Every reply is read even when one is an error, so the connection stays
     * in step; then the first error is thrown.
     *
     * @param commands the commands, each its name and arguments
     * @return a coroutine whose result is the replies, one per command; it throws as
     *     {@link #command} does, with the time limit applying to the whole exchange
     * @throws IllegalStateException (from the coroutine) if the connection is closed or in use
     */
    @Async
    public Coroutine<List<Object>> pipeline(List<String[]> commands) {
        if (broken || busy) {
            throw new IllegalStateException("RedisConnection: "
                    + (broken ? "the connection is closed" : "another command is still waiting for its reply"));
        }
        busy = true;
        boolean inStep = false;
        try {
            List<Object> replies = await(waitFor(exchange(commands), timeout));
            inStep = true;
            for (Object reply : replies) {
                if (reply instanceof RedisError error) {
                    throw error;
                }
            }
            return done(replies);
        } finally {
            busy = false;
            if (!inStep) {
                close();
            }
        }
    }

    @Async
    private Coroutine<List<Object>> exchange(List<String[]> commands) {
        for (String[] command : commands) {
            writer.write(Resp.encode(command));
        }
        await(writer.drain());
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(await(Resp.read(reader)));
        }
        return done(replies);
    }

    /**
     * {@code PING}.
     *
     * @return a coroutine whose result is {@code "PONG"}
     */
    @Async
    public Coroutine<String> ping() {
        return done(expect(String.class, await(command("PING")), "PING"));
    }

    /**
     * {@code INCR key}: adds one to the integer at {@code key} (a missing key counts as 0).
     *
     * @param key the key
     * @return a coroutine whose result is the new value; it throws {@link RedisError} if the
     *     value is not an integer
     */
    @Async
    public Coroutine<Long> incr(String key) {
        return done(expect(Long.class, await(command("INCR", key)), "INCR"));
    }

    /**
     * {@code INCRBY key by}.
     *
     * @param key the key
     * @param by the amount, possibly negative
     * @return a coroutine whose result is the new value
     */
    @Async
    public Coroutine<Long> incrby(String key, long by) {
        return done(expect(Long.class, await(command("INCRBY", key, Long.toString(by))), "INCRBY"));
    }

    /**
     * {@code GET key}.
     *
     * @param key the key
     * @return a coroutine whose result is the value, or null if the key does not exist
     */
    @Async
    public Coroutine<String> get(String key) {
        return done(expect(String.class, await(command("GET", key)), "GET"));
    }

    /**
     * {@code MGET key...}.
     *
     * @param keys at least one key
     * @return a coroutine whose result is one value per key, null for a missing key
     */
    @Async
    public Coroutine<List<String>> mget(String... keys) {
        List<?> values = expect(List.class, await(command(prepend("MGET", keys))), "MGET");
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(expect(String.class, v, "MGET"));
        }
        return done(out);
    }

    /**
     * {@code DEL key...}.
     *
     * @param keys at least one key
     * @return a coroutine whose result is how many of the keys existed
     */
    @Async
    public Coroutine<Long> del(String... keys) {
        return done(expect(Long.class, await(command(prepend("DEL", keys))), "DEL"));
    }

    /**
     * Whether the connection can carry the next command: not closed, not out of step, and not
     * closed by Redis while it sat idle.
     *
     * @return true if usable
     */
    public boolean isUsable() {
        return !broken && !writer.isClosing() && !reader.atEof() && reader.exceptionOrNull() == null;
    }

    /** Closes the connection; closing twice does nothing. */
    public void close() {
        broken = true;
        writer.close();
    }

    /**
     * A coroutine that completes once the connection is closed.
     *
     * @return the coroutine
     */
    public Coroutine<Void> waitClosed() {
        return writer.waitClosed();
    }

    private static String[] prepend(String name, String[] keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("RedisConnection." + name.toLowerCase() + ": no keys");
        }
        String[] args = new String[keys.length + 1];
        args[0] = name;
        System.arraycopy(keys, 0, args, 1, keys.length);
        return args;
    }

    private <T> T expect(Class<T> type, Object reply, String command) {
        if (reply == null || type.isInstance(reply)) {
            return type.cast(reply);
        }
        throw new RespProtocolError(command + " expects a reply of type " + type.getSimpleName() + ", got "
                + (reply instanceof List<?> l ? "an array " + Arrays.toString(l.toArray()) : reply));
    }

    @Override
    public String toString() {
        return "RedisConnection[" + writer.getExtraInfo("peername") + (isUsable() ? "" : ", closed") + "]";
    }
}
