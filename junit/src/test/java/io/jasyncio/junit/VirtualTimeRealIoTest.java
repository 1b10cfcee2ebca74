package io.jasyncio.junit;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.waitFor;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Server;
import io.jasyncio.TimeoutError;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Virtual time with real sockets (issue #19): a localhost fetch with a 30 s timeout, server and
 * client on the test's loop, must never time out because the clock jumped while the reply was
 * on its way; and a coroutine that only sleeps must still cover an hour at once.
 */
@AsyncioTest
class VirtualTimeRealIoTest {
    private static final int FETCHES = 30;

    @Async
    static Coroutine<Void> serve(StreamReader reader, StreamWriter writer) {
        byte[] line = await(reader.readline());
        writer.write(("pong " + new String(line, US_ASCII)).getBytes(US_ASCII));
        await(writer.drain());
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    @Async
    static Coroutine<String> fetch(int port, int i) {
        Streams.Connection c = await(Streams.openConnection("localhost", port));
        c.writer().write(("ping " + i + "\n").getBytes(US_ASCII));
        await(c.writer().drain());
        byte[] reply = await(c.reader().read(-1));
        c.writer().close();
        await(c.writer().waitClosed());
        return done(new String(reply, US_ASCII));
    }

    @Async
    static Coroutine<List<String>> fetchMany() {
        Server server = await(Streams.startServer(VirtualTimeRealIoTest::serve, "127.0.0.1", 0));
        int port = server.sockets().get(0).socket().getLocalPort();
        List<String> replies = new ArrayList<>();
        try {
            for (int i = 0; i < FETCHES; i++) {
                try {
                    replies.add(await(waitFor(fetch(port, i), 30)));
                } catch (TimeoutError e) {
                    replies.add("TIMEOUT at loop time " + getRunningLoop().time());
                }
            }
        } finally {
            server.close();
        }
        await(server.waitClosed());
        return done(replies);
    }

    @Test
    void aLocalhostFetchWithATimeoutNeverTimesOutFalsely(TestLoop loop) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < FETCHES; i++) {
            expected.add("pong ping " + i + "\n");
        }
        assertEquals(expected, loop.run(fetchMany()));
        assertEquals(0.0, loop.time(), "no timer came due, so the clock never moved");
        assertEquals(List.of(), loop.realWorkJumps());
    }

    @Async
    static Coroutine<Void> sleepAnHour() {
        for (int i = 0; i < 60; i++) {
            await(sleep(60));
        }
        return done();
    }

    @Test
    void aCoroutineThatOnlySleepsStillCoversAnHourAtOnce(TestLoop loop) {
        loop.run(sleepAnHour());
        assertEquals(3600.0, loop.time());
        assertEquals(List.of(), loop.realWorkJumps(), "no real work: every jump is immediate");
    }
}
