package io.jasyncio.reliability;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.DatagramEndpoint;
import io.jasyncio.DatagramProtocol;
import io.jasyncio.DatagramTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A datagram echo endpoint on a loop in this JVM, sent many datagrams of random sizes by a
 * plain JDK channel: every one comes back once and intact. UDP may drop what a full receive
 * buffer cannot hold, so both sides set their buffers and the client keeps only as many
 * datagrams in flight as the smaller buffer holds, counted at 4 KiB each (a small datagram's
 * kernel footprint is far below that).
 */
@Tag("reliability")
class DatagramAttackTest {
    private static final int BUFFER = 1 << 20;

    /** Echoes each datagram to its sender. */
    static final class Echo implements DatagramProtocol {
        private DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport t) {
            transport = t;
            try {
                ((DatagramChannel) t.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_RCVBUF, BUFFER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress addr) {
            transport.sendto(data, addr);
        }
    }

    @Async
    static Coroutine<Void> serve(CompletableFuture<InetSocketAddress> bound, CompletableFuture<Void> stop) {
        DatagramEndpoint<Echo> endpoint = await(Asyncio.getRunningLoop()
                .createDatagramEndpoint(Echo::new, new InetSocketAddress("127.0.0.1", 0), null));
        try {
            bound.complete((InetSocketAddress) endpoint.transport().getExtraInfo("sockname"));
            await(stop);
        } finally {
            endpoint.transport().close();
        }
        return done();
    }

    /** CI: 20,000 datagrams; full: 100,000 (the reviewer's figure); 4 to 1,024 bytes each. */
    @Test
    void everyDatagramComesBackOnceAndIntact() throws Exception {
        int datagrams = Scale.pick(20_000, 100_000);
        long seed = System.nanoTime();
        int baseline = Descriptors.self();
        long start = System.nanoTime();
        int window;
        try (LoopThread<InetSocketAddress> server = new LoopThread<>("datagram server", DatagramAttackTest::serve);
                DatagramChannel client = DatagramChannel.open();
                Selector selector = Selector.open()) {
            InetSocketAddress address = server.ready();
            client.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER);
            client.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER);
            client.connect(address);
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ);
            int smallest = Math.min(client.getOption(StandardSocketOptions.SO_RCVBUF), BUFFER);
            window = Math.max(1, Math.min(64, smallest / 4096));
            Random random = new Random(seed);
            byte[][] sent = new byte[window][];
            ByteBuffer in = ByteBuffer.allocate(2048);
            for (int first = 0; first < datagrams; first += window) {
                int n = Math.min(window, datagrams - first);
                for (int k = 0; k < n; k++) {
                    byte[] d = new byte[4 + random.nextInt(1021)];
                    random.nextBytes(d);
                    ByteBuffer.wrap(d).putInt(0, k);
                    sent[k] = d;
                    // A non-blocking send of one small datagram into an empty 1 MiB buffer.
                    if (client.write(ByteBuffer.wrap(d)) != d.length) {
                        throw new AssertionError("the client's send buffer refused datagram " + (first + k));
                    }
                }
                boolean[] seen = new boolean[n];
                for (int k = 0; k < n; k++) {
                    in.clear();
                    while (client.read(in) == 0) {
                        if (selector.select(30_000) == 0) {
                            throw new AssertionError("a datagram among " + first + ".." + (first + n - 1)
                                    + " was lost (seed " + seed + ")");
                        }
                        selector.selectedKeys().clear();
                    }
                    in.flip();
                    int id = in.getInt(0);
                    if (id < 0 || id >= n || seen[id]) {
                        throw new AssertionError(
                                "unexpected or repeated datagram " + (first + id) + " (seed " + seed + ")");
                    }
                    seen[id] = true;
                    byte[] got = new byte[in.remaining()];
                    in.get(got);
                    assertEquals(true, Arrays.equals(sent[id], got), "datagram " + (first + id) + " differs");
                }
            }
        }
        Descriptors.awaitBaseline("datagrams", Descriptors::self, baseline, Duration.ofSeconds(60));
        Figures.report(
                "datagram echo",
                datagrams + " datagrams of 4 to 1,024 bytes, " + window + " in flight, all back once in "
                        + Figures.seconds(start));
    }
}
