package io.jasyncio.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.SelectorEventLoop;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The staggered race of {@link HappyEyeballs} (asyncio's {@code staggered_race}), on loopback:
 * a "silent" address is a listener whose accept queue is full, so the kernel drops the SYNs of
 * further clients and their connects hang, as to an address that does not answer.
 */
class HappyEyeballsTest {
    private static final String HOST = "127.0.0.1";

    private SelectorEventLoop loop;
    private final List<java.nio.channels.Channel> opened = new ArrayList<>();
    private long socketsBefore;

    @BeforeEach
    void open() throws IOException {
        socketsBefore = sockets();
        loop = new SelectorEventLoop();
    }

    @AfterEach
    void close() throws Exception {
        for (java.nio.channels.Channel c : opened) {
            c.close();
        }
        loop.runUntilComplete(loop.shutdownDefaultExecutor());
        loop.close();
        long after = sockets();
        for (int i = 0; i < 100 && after != socketsBefore; i++) {
            Thread.sleep(20);
            after = sockets();
        }
        assertEquals(socketsBefore, after, "sockets left open by the race");
    }

    private static long sockets() throws IOException {
        long n = 0;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    n += Files.readSymbolicLink(p).toString().startsWith("socket:") ? 1 : 0;
                } catch (IOException gone) {
                    // the listing's own descriptor
                }
            }
        }
        return n;
    }

    private <T> T run(io.jasyncio.Awaitable<T> f) {
        TimerHandle watchdog = loop.callLater(20, loop::stop);
        try {
            return loop.runUntilComplete(f);
        } finally {
            watchdog.cancel();
        }
    }

    private InetSocketAddress listening() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        opened.add(s);
        s.bind(new InetSocketAddress(HOST, 0));
        return (InetSocketAddress) s.getLocalAddress();
    }

    private static InetSocketAddress refusing() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(HOST, 0));
            return (InetSocketAddress) s.getLocalAddress();
        }
    }

    /** A listener whose accept queue is full: a further connect gets no answer. */
    private InetSocketAddress silent() throws Exception {
        ServerSocketChannel s = ServerSocketChannel.open();
        opened.add(s);
        s.bind(new InetSocketAddress(HOST, 0), 1);
        InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
        List<SocketChannel> fillers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SocketChannel c = SocketChannel.open();
            opened.add(c);
            c.configureBlocking(false);
            c.connect(a);
            fillers.add(c);
        }
        Thread.sleep(200); // the handshakes the queue has room for complete; the others hang
        boolean oneHangs = false;
        for (SocketChannel c : fillers) {
            oneHangs |= !c.finishConnect();
        }
        assertTrue(oneHangs, "the accept queue did not fill up");
        return a;
    }

    @Test
    void aSilentAddressIsOvertakenByTheNextOneAfterTheDelay() throws Exception {
        InetSocketAddress good = listening();
        Future<SocketChannel> winner = HappyEyeballs.race(loop, List.of(silent(), good), 0.05, null);
        SocketChannel c = run(winner);
        opened.add(c);
        assertEquals(good, c.getRemoteAddress());
        run(Asyncio.sleep(0.01)); // the silent attempt was cancelled; its socket closes
    }

    @Test
    void aRefusedAddressStartsTheNextOneAtOnceNotAfterTheDelay() throws Exception {
        InetSocketAddress good = listening();
        // With an hour's delay, only the refusal can start the second attempt within the
        // watchdog's 20 s.
        SocketChannel c = run(HappyEyeballs.race(loop, List.of(refusing(), good), 3600, null));
        opened.add(c);
        assertEquals(good, c.getRemoteAddress());
    }

    @Test
    void whenEveryAttemptFailsTheRaceFailsAsCreateConnectionDoes() throws Exception {
        // Both "Connection refused": the first error itself.
        Future<SocketChannel> lost = HappyEyeballs.race(loop, List.of(refusing(), refusing()), 0.01, null);
        assertInstanceOf(ConnectException.class, assertThrows(Exception.class, () -> run(lost)));
        // Different errors: one naming them all, in the order the attempts started.
        InetSocketAddress v6 = new InetSocketAddress("::1", refusing().getPort());
        Future<SocketChannel> mixed =
                HappyEyeballs.race(loop, List.of(refusing(), v6), 0.01, new InetSocketAddress(HOST, 0));
        IOException e = assertThrows(IOException.class, () -> run(mixed));
        assertEquals(
                "Multiple exceptions: Connection refused, "
                        + "no matching local address with family=<AddressFamily.AF_INET6: 10> found",
                e.getMessage());
    }

    @Test
    void cancellingTheRaceClosesEveryAttempt() throws Exception {
        Future<SocketChannel> race = HappyEyeballs.race(loop, List.of(silent(), silent()), 0.01, null);
        run(Asyncio.sleep(0.1)); // both attempts hang by now
        race.cancel();
        run(Asyncio.sleep(0.01));
        assertTrue(race.cancelled());
    }

    @Test
    void interleaveAlternatesFamiliesAfterTheFirstOnesAsAsyncioDoes() {
        InetSocketAddress a1 = new InetSocketAddress("127.0.0.1", 1);
        InetSocketAddress a2 = new InetSocketAddress("127.0.0.2", 1);
        InetSocketAddress b1 = new InetSocketAddress("::1", 1);
        InetSocketAddress b2 = new InetSocketAddress("::2", 1);
        List<InetSocketAddress> in = List.of(a1, a2, b1, b2);
        assertEquals(List.of(a1, b1, a2, b2), HappyEyeballs.interleave(in, 1));
        assertEquals(List.of(a1, a2, b1, b2), HappyEyeballs.interleave(in, 2));
        assertEquals(List.of(b1, a1, b2, a2), HappyEyeballs.interleave(List.of(b1, b2, a1, a2), 1));
    }
}
