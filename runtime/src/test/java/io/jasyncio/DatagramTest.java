package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop#createDatagramEndpoint} over real loopback UDP sockets, driven by callbacks
 * and futures. Every run is bounded by a 20 s watchdog; after each test the process has exactly
 * the file descriptors it had before.
 */
class DatagramTest extends SocketLoopTest {
    private static final InetSocketAddress ANY_LOCAL = new InetSocketAddress("127.0.0.1", 0);
    /** A protocol that logs every callback and completes futures on the events tests wait for. */
    class Recorder implements DatagramProtocol {
        final String name;
        final List<String> log;
        final List<byte[]> data = new ArrayList<>();
        final List<SocketAddress> from = new ArrayList<>();
        DatagramTransport transport;
        Future<Void> received = loop.createFuture();
        Future<IOException> error = loop.createFuture();
        Future<Void> lost = loop.createFuture();
        int expected = 1;
        int lostCalls;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void connectionMade(DatagramTransport t) {
            transport = t;
            log.add(name + " made");
        }

        @Override
        public void datagramReceived(byte[] d, SocketAddress addr) {
            log.add(name + " got " + new String(d, StandardCharsets.UTF_8));
            data.add(d);
            from.add(addr);
            if (data.size() == expected && !received.done()) {
                received.setResult(null);
            }
        }

        @Override
        public void errorReceived(IOException e) {
            log.add(name + " error " + e.getClass().getSimpleName());
            if (!error.done()) {
                error.setResult(e);
            }
        }

        @Override
        public void connectionLost(Throwable e) {
            lostCalls++;
            log.add(name + " lost " + e);
            if (!lost.done()) {
                lost.setResult(null);
            }
        }
    }

    /** Echoes every datagram back to its sender. */
    static final class Echo implements DatagramProtocol {
        DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport t) {
            transport = t;
        }

        @Override
        public void datagramReceived(byte[] d, SocketAddress addr) {
            transport.sendto(d, addr);
        }
    }

    @Test
    void echoesDatagramsBetweenAConnectedClientAndAnUnconnectedServer() {
        DatagramEndpoint<Echo> server = run(loop.createDatagramEndpoint(Echo::new, ANY_LOCAL, null));
        SocketAddress serverAddr = (SocketAddress) server.transport().getExtraInfo("sockname");
        List<String> log = new ArrayList<>();
        DatagramEndpoint<Recorder> client =
                run(loop.createDatagramEndpoint(() -> new Recorder("c", log), null, serverAddr));
        client.protocol().expected = 3;
        client.transport().sendto(b("one"));
        client.transport().sendto(b("two"), serverAddr);
        client.transport().sendto(b("three"));
        run(client.protocol().received);
        assertEquals(List.of("c made", "c got one", "c got two", "c got three"), log);
        assertEquals(serverAddr, client.protocol().from.get(0));
        assertEquals(serverAddr, client.transport().getExtraInfo("peername"));
        assertNull(server.transport().getExtraInfo("peername"));
        assertInstanceOf(DatagramChannel.class, client.transport().getExtraInfo("socket"));
        client.transport().close();
        server.transport().close();
        run(client.protocol().lost);
        assertEquals(1, client.protocol().lostCalls);
    }

    /*
     * The order of callbacks, and ICMP "port unreachable" on a connected endpoint, against
     * CPython 3.11:
     *
     *   d = socket.socket(AF_INET, SOCK_DGRAM); d.bind(("127.0.0.1", 0)); addr = d.getsockname(); d.close()
     *   t, p = await loop.create_datagram_endpoint(lambda: P(log, "c"), remote_addr=addr)
     *   log.append("returned"); t.sendto(b"hi"); await asyncio.sleep(0.1)
     *   t.close(); log.append(f"closing {t.is_closing()}"); await asyncio.sleep(0)
     *   log.append("after one iteration")
     * prints
     *   ['c made', 'returned', 'c error ConnectionRefusedError', 'closing True', 'c lost None',
     *    'after one iteration']
     */
    @Test
    void sendtoAClosedPortOnAConnectedEndpointReportsPortUnreachableInAsyncioOrder() throws IOException {
        SocketAddress dead;
        try (DatagramChannel d = DatagramChannel.open()) {
            d.bind(ANY_LOCAL);
            dead = d.getLocalAddress();
        }
        List<String> log = new ArrayList<>();
        Future<DatagramEndpoint<Recorder>> created =
                loop.createDatagramEndpoint(() -> new Recorder("c", log), null, dead);
        created.addDoneCallback(f -> log.add("returned"));
        DatagramEndpoint<Recorder> ep = run(created);
        ep.transport().sendto(b("hi"));
        IOException error = run(ep.protocol().error);
        assertInstanceOf(PortUnreachableException.class, error);
        ep.transport().close();
        log.add("closing " + ep.transport().isClosing());
        Future<Void> later = loop.createFuture();
        loop.callSoon(() -> {
            log.add("after one iteration");
            later.setResult(null);
        });
        run(later);
        assertEquals(
                List.of(
                        "c made",
                        "returned",
                        "c error PortUnreachableException",
                        "closing true",
                        "c lost null",
                        "after one iteration"),
                log);
    }

    @Test
    void closeIsIdempotentAndSendsAfterCloseAreDropped() {
        List<String> log = new ArrayList<>();
        DatagramEndpoint<Recorder> ep = run(loop.createDatagramEndpoint(() -> new Recorder("c", log), ANY_LOCAL, null));
        DatagramChannel ch = (DatagramChannel) ep.transport().getExtraInfo("socket");
        ep.transport().close();
        ep.transport().close();
        ep.transport().abort();
        assertTrue(ch.isOpen(), "the socket closes only after connectionLost");
        run(ep.protocol().lost);
        ep.transport().sendto(b("late"), new InetSocketAddress("127.0.0.1", 9));
        assertEquals(1, ep.protocol().lostCalls);
        assertTrue(!ch.isOpen(), "the socket is closed after connectionLost");
        assertNull(ep.transport().getExtraInfo("sockname"));
        assertEquals(List.of("c made", "c lost null"), log);
    }

    @Test
    void abortCallsConnectionLostOnceAndStopsReceiving() {
        List<String> log = new ArrayList<>();
        DatagramEndpoint<Recorder> ep = run(loop.createDatagramEndpoint(() -> new Recorder("c", log), ANY_LOCAL, null));
        ep.transport().abort();
        assertTrue(ep.transport().isClosing());
        ep.transport().abort();
        ep.transport().close();
        run(ep.protocol().lost);
        assertEquals(1, ep.protocol().lostCalls);
        assertEquals(List.of("c made", "c lost null"), log);
    }

    @Test
    void sendtoChecksTheAddressAgainstTheEndpointKind() {
        DatagramEndpoint<Echo> server = run(loop.createDatagramEndpoint(Echo::new, ANY_LOCAL, null));
        SocketAddress serverAddr = (SocketAddress) server.transport().getExtraInfo("sockname");
        DatagramEndpoint<Echo> client = run(loop.createDatagramEndpoint(Echo::new, null, serverAddr));
        IllegalArgumentException wrongPeer = assertThrows(
                IllegalArgumentException.class,
                () -> client.transport().sendto(b("x"), new InetSocketAddress("127.0.0.1", 9)));
        assertTrue(wrongPeer.getMessage().contains("DatagramTransport.sendto"), wrongPeer.getMessage());
        IllegalStateException noAddr = assertThrows(
                IllegalStateException.class, () -> server.transport().sendto(b("x")));
        assertTrue(noAddr.getMessage().contains("no remote address"), noAddr.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loop.createDatagramEndpoint(Echo::new, null, null));
        client.transport().close();
        server.transport().close();
        run(sleepFuture());
    }

    @Test
    void aFailedBindFailsTheFutureAndClosesTheSocket() {
        DatagramEndpoint<Echo> first = run(loop.createDatagramEndpoint(Echo::new, ANY_LOCAL, null));
        SocketAddress taken = (SocketAddress) first.transport().getExtraInfo("sockname");
        Future<DatagramEndpoint<Echo>> second = loop.createDatagramEndpoint(Echo::new, taken, null);
        assertThrows(BindException.class, () -> run(second));
        first.transport().close();
        run(sleepFuture());
    }

    @Test
    void reusePortLetsTwoEndpointsBindOnePortAndAllowBroadcastSetsTheOption() throws IOException {
        DatagramOptions opts = DatagramOptions.DEFAULTS.withReusePort(true).withAllowBroadcast(true);
        DatagramEndpoint<Echo> a = run(loop.createDatagramEndpoint(Echo::new, ANY_LOCAL, null, opts));
        SocketAddress addr = (SocketAddress) a.transport().getExtraInfo("sockname");
        DatagramEndpoint<Echo> b = run(loop.createDatagramEndpoint(Echo::new, addr, null, opts));
        assertEquals(addr, b.transport().getExtraInfo("sockname"));
        DatagramChannel ch = (DatagramChannel) b.transport().getExtraInfo("socket");
        assertTrue(ch.getOption(StandardSocketOptions.SO_BROADCAST));
        assertTrue(ch.getOption(StandardSocketOptions.SO_REUSEPORT));
        a.transport().close();
        b.transport().close();
        run(sleepFuture());
    }

    @Test
    void resolvesAHostNameOffTheLoopThread() {
        DatagramEndpoint<Echo> server =
                run(loop.createDatagramEndpoint(Echo::new, InetSocketAddress.createUnresolved("localhost", 0), null));
        InetSocketAddress addr = (InetSocketAddress) server.transport().getExtraInfo("sockname");
        assertTrue(addr.getAddress().isLoopbackAddress(), addr.toString());
        List<String> log = new ArrayList<>();
        DatagramEndpoint<Recorder> client = run(loop.createDatagramEndpoint(
                () -> new Recorder("c", log), null, InetSocketAddress.createUnresolved("localhost", addr.getPort())));
        client.transport().sendto(b("ping"));
        run(client.protocol().received);
        assertArrayEquals(b("ping"), client.protocol().data.get(0));
        client.transport().close();
        server.transport().close();
        run(client.protocol().lost);
    }

    @Test
    void anUnknownHostFailsTheFutureWithUnknownHostException() {
        Future<DatagramEndpoint<Echo>> f = loop.createDatagramEndpoint(
                Echo::new, null, InetSocketAddress.createUnresolved("no-such-host.invalid", 9));
        assertThrows(java.net.UnknownHostException.class, () -> run(f));
    }

    /*
     * asyncio: an exception raised by datagram_received goes to the loop's exception handler
     * ("Exception in callback _SelectorDatagramTransport._read_ready()") and the endpoint keeps
     * receiving.
     */
    @Test
    void aFailingCallbackGoesToTheExceptionHandlerAndTheEndpointKeepsReceiving() {
        List<ErrorContext> errors = new ArrayList<>();
        loop.setExceptionHandler((l, context) -> errors.add(context));
        List<String> log = new ArrayList<>();
        DatagramEndpoint<Recorder> server = run(loop.createDatagramEndpoint(
                () -> new Recorder("s", log) {
                    @Override
                    public void datagramReceived(byte[] d, SocketAddress addr) {
                        super.datagramReceived(d, addr);
                        if (data.size() == 1) {
                            throw new IllegalStateException("first datagram refused");
                        }
                    }
                },
                ANY_LOCAL,
                null));
        server.protocol().expected = 2;
        SocketAddress addr = (SocketAddress) server.transport().getExtraInfo("sockname");
        DatagramEndpoint<Echo> client = run(loop.createDatagramEndpoint(Echo::new, null, addr));
        client.transport().sendto(b("one"));
        client.transport().sendto(b("two"));
        run(server.protocol().received);
        assertEquals(List.of("s made", "s got one", "s got two"), log);
        assertEquals(1, errors.size(), errors.toString());
        assertInstanceOf(IllegalStateException.class, errors.get(0).exception());
        client.transport().close();
        server.transport().close();
        run(server.protocol().lost);
    }

    /** Lets the loop run a couple of iterations, so queued connectionLost calls close sockets. */
    private Future<Void> sleepFuture() {
        Future<Void> f = loop.createFuture();
        loop.callSoon(() -> loop.callSoon(() -> f.setResult(null)));
        return f;
    }
}
