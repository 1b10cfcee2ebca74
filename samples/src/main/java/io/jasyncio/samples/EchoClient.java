package io.jasyncio.samples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gatherAll;
import static io.jasyncio.Asyncio.run;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Event;
import io.jasyncio.Semaphore;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Load for {@link EchoServer}: opens N connections, waits until all of them are open at once,
 * then sends M messages on each, one at a time, checks that every echo is exactly the message
 * sent, and prints the round trips per second (timed from the moment all are open; one untimed
 * round trip per connection while connecting paces the connects). The asyncio program it mirrors:
 *
 * <pre>
 * async def client(i, connecting, state, all_open):
 *     async with connecting:                    # at most 64 connects in flight
 *         reader, writer = await asyncio.open_connection(host, port)
 *         await round_trip(reader, writer, i, -1)   # the server has accepted it
 *     state.connected += 1
 *     if state.connected == n:
 *         all_open.set()
 *     await all_open.wait()
 *     for k in range(m):
 *         await round_trip(reader, writer, i, k)
 *     writer.close()
 *     await writer.wait_closed()
 * </pre>
 *
 * Run it with {@code java -javaagent:agent/target/jasyncio-agent.jar -cp
 * runtime/target/classes:samples/target/classes io.jasyncio.samples.EchoClient [port
 * [connections [messages [size [host]]]]]} (defaults 8888, 100, 1000, 64, 127.0.0.1). It exits
 * with status 1 and a stack trace if any echo is wrong or any connection fails.
 */
public final class EchoClient {
    /**
     * Connects in flight at once: a burst of thousands of connects would overflow the server's
     * accept backlog, and the kernel would retry the dropped ones only after a second.
     */
    private static final int CONNECTS_IN_FLIGHT = 64;

    private EchoClient() {}

    /** What all the clients share: the connect limiter and the "all open" barrier. */
    private static final class Shared {
        final Semaphore connecting = new Semaphore(CONNECTS_IN_FLIGHT);
        final Event allOpen = new Event();
        final int connections;
        int connected;
        long startNanos;

        Shared(int connections) {
            this.connections = connections;
        }
    }

    /** Fills {@code msg} with bytes that differ per connection and per message. */
    static void fill(byte[] msg, int connection, int message) {
        for (int j = 0; j < msg.length; j++) {
            msg[j] = (byte) ('a' + (connection * 7 + message * 3 + j) % 26);
        }
    }

    @Async
    static Coroutine<Integer> client(String host, int port, int id, int messages, int size, Shared shared) {
        Streams.Connection c;
        byte[] msg = new byte[size];
        await(shared.connecting.acquire());
        try {
            c = await(Streams.openConnection(host, port));
            // One untimed round trip before giving up the permit: once the echo is back, the
            // server has accepted this connection, so at most CONNECTS_IN_FLIGHT connections
            // ever wait in its accept queue.
            await(roundTrip(c, msg, id, -1));
        } finally {
            shared.connecting.release();
        }
        if (++shared.connected == shared.connections) {
            shared.startNanos = System.nanoTime();
            shared.allOpen.set();
        }
        await(shared.allOpen.waitSet());
        for (int k = 0; k < messages; k++) {
            await(roundTrip(c, msg, id, k));
        }
        c.writer().close();
        await(c.writer().waitClosed());
        return done(messages);
    }

    @Async
    static Coroutine<Void> roundTrip(Streams.Connection c, byte[] msg, int id, int k) {
        StreamReader reader = c.reader();
        StreamWriter writer = c.writer();
        fill(msg, id, k);
        writer.write(msg);
        await(writer.drain());
        byte[] echo = await(reader.readexactly(msg.length));
        if (!Arrays.equals(msg, echo)) {
            throw new IllegalStateException(
                    "connection " + id + " message " + k + ": the echo differs from the message sent");
        }
        return done();
    }

    @Async
    static Coroutine<Long> main(String host, int port, int connections, int messages, int size) {
        Shared shared = new Shared(connections);
        List<Coroutine<Integer>> clients = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            clients.add(client(host, port, i, messages, size, shared));
        }
        List<Integer> counts = await(gatherAll(clients));
        long elapsed = System.nanoTime() - shared.startNanos;
        long total = 0;
        for (int n : counts) {
            total += n;
        }
        double seconds = elapsed / 1e9;
        System.out.printf("%d connections open at once, %d messages of %d bytes each%n", connections, messages, size);
        System.out.printf("%d round trips in %.3f s: %.0f round trips/s%n", total, seconds, total / seconds);
        return done(total);
    }

    /**
     * Runs the load and prints the rate.
     *
     * @param args optional port (8888), connections (100), messages per connection (1000),
     *     message size in bytes (64) and host (127.0.0.1)
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        String host = args.length > 4 ? args[4] : "127.0.0.1";
        if (connections < 1 || messages < 0 || size < 1) {
            throw new IllegalArgumentException("EchoClient.main: need connections >= 1, messages"
                    + " >= 0 and size >= 1, got " + Arrays.toString(args));
        }
        run(main(host, port, connections, messages, size));
    }
}
