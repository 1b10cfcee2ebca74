package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoopGroup}: N loops on N threads, each with asyncio's semantics, and servers with
 * one {@code SO_REUSEPORT} listener per loop. Checked under {@link SocketLoopTest}'s descriptor
 * count, so closing the group must close every listener and connection it made, and its threads
 * must be gone.
 */
class EventLoopGroupTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";

    @Override
    List<String> leftovers() {
        List<String> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("jasyncio-group-")) {
                out.add(t.getName());
            }
        }
        return out;
    }

    /** Echoes, and records which thread served it. */
    static final class Echo implements Protocol {
        private final Set<String> threads;
        private Transport transport;

        Echo(Set<String> threads) {
            this.threads = threads;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static String echoOnce(int port, String text) throws IOException {
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress(HOST, port))) {
            c.write(ByteBuffer.wrap(b(text)));
            ByteBuffer in = ByteBuffer.allocate(text.length());
            while (in.hasRemaining() && c.read(in) >= 0) {
                // until the whole echo is back
            }
            return new String(in.array(), 0, in.position(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void eachLoopRunsItsTasksOnItsOwnThreadAsTheRunningLoop() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            assertEquals(2, group.size());
            List<String> threads = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                EventLoop expected = group.loop(i);
                threads.add(get(group.submit(i, new Scripted<String>("where").then(v -> {
                            assertSame(expected, Asyncio.getRunningLoop());
                            return Scripted.value(Thread.currentThread().getName());
                        }))));
            }
            assertNotSame(group.loop(0), group.loop(1));
            assertEquals(2, Set.copyOf(threads).size(), "one thread per loop: " + threads);
            assertSame(group.loop(0), group.next());
            assertSame(group.loop(1), group.next());
            assertSame(group.loop(0), group.next());
        }
    }

    @Test
    void closeCancelsEachLoopsTasksAndEndsItsThreads() throws Exception {
        EventLoopGroup group = new EventLoopGroup(2);
        Set<String> cancelledOn = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 2; i++) {
            group.execute(i, () -> {
                Task<Void> t = Asyncio.getRunningLoop().createTask(Asyncio.sleep(3600));
                t.addDoneCallback(f -> {
                    if (f.cancelled()) {
                        cancelledOn.add(Thread.currentThread().getName());
                    }
                });
            });
        }
        get(group.submit(1, Asyncio.sleep(0))); // the tasks exist by now on both loops
        get(group.submit(0, Asyncio.sleep(0)));
        assertTrue(group.shutdownGracefully(Duration.ofSeconds(20)));
        assertEquals(2, cancelledOn.size(), "each loop cancelled its own sleeper: " + cancelledOn);
        assertTrue(group.loop(0).isClosed() && group.loop(1).isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> group.submit(Asyncio.sleep(0)));
        assertEquals("EventLoopGroup.submit: the group is closed", e.getMessage());
        group.close(); // again: nothing left to do
    }

    @Test
    void closeFromALoopOfTheGroupIsRefused() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            group.execute(0, () -> {
                try {
                    group.close();
                    refused.complete(null);
                } catch (Throwable t) {
                    refused.complete(t);
                }
            });
            assertInstanceOf(IllegalStateException.class, get(refused));
        }
    }

    @Test
    void serverListensOnOnePortWithOneListenerPerLoopAndTheKernelSpreadsClients() throws Exception {
        Set<String> servedOn = ConcurrentHashMap.newKeySet();
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            List<Server> servers = get(group.createServer(() -> new Echo(servedOn), HOST, 0, ServerOptions.DEFAULTS));
            assertEquals(2, servers.size());
            int port = servers.get(0).port();
            assertEquals(port, servers.get(1).port());
            assertSame(group.loop(0), servers.get(0).getLoop());
            assertSame(group.loop(1), servers.get(1).getLoop());
            // The kernel hashes each connection's addresses to a listener: with 64 clients from
            // 64 source ports, both loops get some (all on one: probability 2^-63).
            for (int i = 0; i < 64 && servedOn.size() < 2; i++) {
                assertEquals("ping" + i, echoOnce(port, "ping" + i));
            }
            assertEquals(2, servedOn.size(), "connections served on " + servedOn);
        }
        // The group closed both listeners: the port is free again.
    }

    @Test
    void streamServerOnAGroupServesEachClientOnTheLoopThatAcceptedIt() throws Exception {
        Set<String> servedOn = ConcurrentHashMap.newKeySet();
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            List<Server> servers = get(Streams.startServer(
                    group,
                    (r, w) -> {
                        servedOn.add(Thread.currentThread().getName());
                        return echo(r, w);
                    },
                    HOST,
                    0,
                    ServerOptions.DEFAULTS,
                    1024));
            int port = servers.get(0).port();
            for (int i = 0; i < 64 && servedOn.size() < 2; i++) {
                assertEquals("line" + i + "\n", echoOnce(port, "line" + i + "\n"));
            }
            assertEquals(2, servedOn.size(), "clients served on " + servedOn);
        }
    }

    @Test
    void aFailedListenClosesTheServersAlreadyStarted() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(2);
                ServerSocketChannel taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress(HOST, 0)); // without SO_REUSEPORT: nobody may join it
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            Set<String> servedOn = ConcurrentHashMap.newKeySet();
            Exception e = assertThrows(
                    Exception.class,
                    () -> get(group.createServer(() -> new Echo(servedOn), HOST, port, ServerOptions.DEFAULTS)));
            assertInstanceOf(java.net.BindException.class, e);
            // A second try on a fresh port works: nothing of the first is left on loop 0.
            List<Server> servers = get(group.createServer(() -> new Echo(servedOn), HOST, 0, ServerOptions.DEFAULTS));
            assertEquals("ok", echoOnce(servers.get(0).port(), "ok"));
        }
    }

    @Test
    void reusePortLetsTwoServersOfOneLoopShareAPortAndOthersAreRefused() {
        ServerOptions reusing = ServerOptions.DEFAULTS.withReusePort(true);
        Server first = run(loop.createServer(ExistingSocketTest.Echo::new, HOST, 0, reusing));
        Server second = run(loop.createServer(ExistingSocketTest.Echo::new, HOST, first.port(), reusing));
        assertEquals(first.port(), second.port());
        Future<Server> plain = loop.createServer(ExistingSocketTest.Echo::new, HOST, first.port());
        Exception e = assertThrows(Exception.class, () -> run(plain));
        assertInstanceOf(java.net.BindException.class, e);
        assertTrue(
                e.getMessage().startsWith("error while attempting to bind on address /127.0.0.1:" + first.port()),
                e.getMessage());
        closeServer(first);
        closeServer(second);
    }

    @Test
    void reusePortIsRefusedForAUnixServer() {
        // As asyncio's create_unix_server, which has no reuse_port; refused before any bind.
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> loop.createUnixServer(
                        ExistingSocketTest.Echo::new,
                        java.nio.file.Path.of("/nonexistent/s"),
                        ServerOptions.DEFAULTS.withReusePort(true)));
        assertEquals("EventLoop.createUnixServer: reuse_port is not supported for Unix domain sockets", e.getMessage());
    }

    /*
     * CPython 3.11:
     *   s = await loop.create_server(P, "127.0.0.1", 0, start_serving=False)
     *   s.is_serving() -> False; a client is refused (listen() is not called yet)
     *   await s.start_serving(); s.is_serving() -> True; a client: connection_made, echo
     *   await s.start_serving() again: nothing; s.close(); s.is_serving() -> False
     * Java binds and listens in one call: the early client connects and waits in the backlog,
     * and is accepted once the server starts serving.
     */
    @Test
    void startServingFalseAcceptsNobodyUntilStartServing() throws IOException {
        Set<String> served = ConcurrentHashMap.newKeySet();
        Server server =
                run(loop.createServer(() -> new Echo(served), HOST, 0, ServerOptions.DEFAULTS.withStartServing(false)));
        assertFalse(server.isServing());
        try (SocketChannel early = SocketChannel.open(new InetSocketAddress(HOST, server.port()))) {
            early.write(ByteBuffer.wrap(b("hi")));
            run(Asyncio.sleep(0.05));
            assertEquals(Set.of(), served, "accepted before startServing");
            run(server.startServing());
            assertTrue(server.isServing());
            ByteBuffer in = ByteBuffer.allocate(2);
            early.configureBlocking(false);
            while (in.hasRemaining()) {
                run(Asyncio.sleep(0.01));
                early.read(in);
            }
            assertEquals("hi", new String(in.array(), java.nio.charset.StandardCharsets.UTF_8));
        }
        run(server.startServing()); // already serving: nothing
        closeServer(server);
        assertFalse(server.isServing());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(server.startServing()));
        assertTrue(e.getMessage().endsWith(" is closed"), e.getMessage());
    }

    @Test
    void serveForeverStartsAServerThatWasNotServing() {
        Server server = run(loop.createServer(
                ExistingSocketTest.Echo::new, HOST, 0, ServerOptions.DEFAULTS.withStartServing(false)));
        Task<Void> forever = loop.createTask(server.serveForever());
        run(Asyncio.sleep(0));
        assertTrue(server.isServing());
        forever.cancel();
        assertThrows(CancelledError.class, () -> run(forever));
        assertFalse(server.isServing());
        run(server.waitClosed());
    }
}
