package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streams API over real loopback sockets (127.0.0.1 only), driven by hand-written
 * coroutines, under the watchdog and descriptor check of {@link SocketLoopTest}.
 */
class StreamsTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";

    /** A client that sends one line to {@code port} and returns the echo. */
    static Coroutine<String> client(int port, String line) {
        return client(Streams.openConnection(HOST, port), line);
    }

    private Server startServer(io.jasyncio.streams.ClientConnected handler) {
        return run(Streams.startServer(handler, HOST, 0));
    }

    @Test
    void echoRoundTripReturnsTheLine() {
        Server server = startServer(StreamsTest::echo);
        assertEquals("hello\n", run(client(server.port(), "hello\n")));
        closeServer(server);
    }

    @Test
    void oneLoopServesAThousandConcurrentConnections() {
        Server server = startServer(StreamsTest::echo);
        List<Coroutine<String>> clients = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            clients.add(client(server.port(), "line " + i + "\n"));
        }
        List<String> got = run(new Scripted<List<String>>("all")
                .then(v -> Asyncio.gatherAll(clients))
                .then(v -> Scripted.value(v)));
        for (int i = 0; i < 1000; i++) {
            assertEquals("line " + i + "\n", got.get(i));
        }
        closeServer(server);
    }

    @Test
    void connectingToAClosedPortFailsPromptlyWithConnectException() throws IOException {
        int port;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(HOST, 0));
            port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        long t0 = System.nanoTime();
        Throwable e = assertThrows(Throwable.class, () -> run(Streams.openConnection(HOST, port)));
        assertInstanceOf(ConnectException.class, e);
        // Bounded, not timed: a refused connection takes microseconds, a busy machine seconds.
        assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "refusal took too long");
    }

    @Test
    void aPortAlreadyInUseRaisesBindExceptionNamingTheAddress() {
        Server server = startServer(StreamsTest::echo);
        Throwable e =
                assertThrows(Throwable.class, () -> run(Streams.startServer(StreamsTest::echo, HOST, server.port())));
        assertInstanceOf(BindException.class, e);
        assertTrue(e.getMessage().contains(String.valueOf(server.port())), e.getMessage());
        closeServer(server);
    }

    @Test
    void aHandlerThatThrowsIsReportedAndTheServerKeepsServing() {
        List<String> reported = new ArrayList<>();
        loop.setExceptionHandler(
                (l, ctx) -> reported.add(ctx.message() + ": " + ctx.exception().getMessage()));
        int[] calls = new int[1];
        Server server = startServer((r, w) -> {
            if (calls[0]++ == 0) {
                return new Scripted<Void>("bad").then(v -> r.readline()).then(v -> {
                    throw new IllegalStateException("boom");
                });
            }
            return echo(r, w);
        });
        // The first client's connection is closed by the failure: its readline sees end of stream.
        assertEquals("", run(client(server.port(), "first\n")));
        assertEquals("second\n", run(client(server.port(), "second\n")));
        assertEquals(List.of("Unhandled exception in client_connected_cb: boom"), reported);
        closeServer(server);
    }

    @Test
    void halfCloseLetsThePeerReadToEndOfStreamAndStillAnswer() {
        Server server = startServer((r, w) -> new Scripted<Void>("count")
                .then(v -> r.read(-1))
                .then(v -> {
                    w.write(b("got " + ((byte[]) v).length + "\n"));
                    w.close();
                    return w.waitClosed();
                })
                .then(v -> Scripted.value(null)));
        Streams.Connection[] c = new Streams.Connection[1];
        String answer = run(new Scripted<String>("halfClose")
                .then(v -> Streams.openConnection(HOST, server.port()))
                .then(v -> {
                    c[0] = (Streams.Connection) v;
                    c[0].writer().write(b("abc"));
                    c[0].writer().writeEof();
                    return c[0].reader().read(-1);
                })
                .then(v -> {
                    c[0].writer().close();
                    return new Scripted<String>("x")
                            .then(x -> c[0].writer().waitClosed())
                            .then(x -> s(v));
                })
                .then(v -> Scripted.value(v)));
        assertEquals("got 3\n", answer);
        closeServer(server);
    }

    @Test
    void drainHoldsAFastWriterBackWhileTheReaderIsSlow() {
        // Both sockets' buffers are set (see FLOOD_SOCKET_BUFFER): on any machine's tcp_rmem
        // and tcp_wmem the flood is then far more than the kernel can hold.
        long[] stats = new long[3];
        Server server = startServer(flood(stats));
        try {
            int total = run(slowReader(Streams.openConnection(HOST, server.port()), stats));
            assertFloodHeldBack(stats, total, 0);
        } finally {
            closeServer(server);
        }
    }

    @Test
    void aClientVanishingMidReadGivesTheHandlerIncompleteReadError() {
        List<Throwable> seen = new ArrayList<>();
        Server server = startServer((r, w) -> new Scripted<Void>("reader")
                .then(v -> r.readexactly(100))
                .thenCatching((v, e) -> {
                    seen.add(e);
                    w.close();
                    return w.waitClosed();
                })
                .then(v -> Scripted.value(null)));
        run(new Scripted<Void>("vanish")
                .then(v -> Streams.openConnection(HOST, server.port()))
                .then(v -> {
                    StreamWriter w = ((Streams.Connection) v).writer();
                    w.write(new byte[10]);
                    w.close();
                    return w.waitClosed();
                })
                .then(v -> Asyncio.sleep(0.1))
                .then(v -> Scripted.value(null)));
        closeServer(server); // waits for the handler's connection to close
        assertEquals(1, seen.size());
        IncompleteReadError e = assertInstanceOf(IncompleteReadError.class, seen.get(0));
        assertEquals(10, e.partial().length);
    }

    @Test
    void aClientVanishingMidWriteFailsTheHandlersDrain() {
        List<Throwable> seen = new ArrayList<>();
        Server server = startServer((r, w) -> {
            Scripted<Void> s = new Scripted<>("flood");
            for (int i = 0; i < 2000; i++) {
                s.thenCatching((v, e) -> {
                    if (e != null) {
                        seen.add(e);
                        w.close();
                        return new Scripted<Void>("end")
                                .then(x -> w.waitClosed())
                                .then(x -> "stop");
                    }
                    if ("stop".equals(v)) {
                        return Scripted.value("stop");
                    }
                    w.write(new byte[64 * 1024]);
                    return w.drain();
                });
            }
            return s.then(v -> Scripted.value(null));
        });
        run(new Scripted<Void>("vanish")
                .then(v -> Streams.openConnection(HOST, server.port()))
                .then(v -> {
                    Streams.Connection c = (Streams.Connection) v;
                    return new Scripted<Void>("readSome")
                            .then(x -> c.reader().readexactly(1000))
                            .then(x -> {
                                // Close with unread data: the kernel answers the server with a reset.
                                c.writer().close();
                                return c.writer().waitClosed();
                            })
                            .then(x -> Scripted.value(null));
                })
                .then(v -> Scripted.value(null)));
        closeServer(server);
        assertEquals(1, seen.size(), "drain failures: " + seen);
        assertInstanceOf(IOException.class, seen.get(0));
    }

    @Test
    void cancellingATaskBlockedInReadLeavesTheConnectionUsable() {
        Server server = startServer((r, w) -> new Scripted<Void>("late")
                .then(v -> Asyncio.sleep(0.2))
                .then(v -> {
                    w.write(b("late\n"));
                    return w.drain();
                })
                .then(v -> r.read(-1))
                .then(v -> {
                    w.close();
                    return w.waitClosed();
                })
                .then(v -> Scripted.value(null)));
        Streams.Connection[] c = new Streams.Connection[1];
        Task<?>[] blocked = new Task<?>[1];
        String line = run(new Scripted<String>("cancelRead")
                .then(v -> Streams.openConnection(HOST, server.port()))
                .then(v -> {
                    c[0] = (Streams.Connection) v;
                    blocked[0] = loop.createTask(c[0].reader().readline());
                    return Asyncio.sleep(0.05);
                })
                .then(v -> {
                    blocked[0].cancel();
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    assertTrue(blocked[0].cancelled());
                    assertTrue(!c[0].writer().isClosing());
                    return c[0].reader().readline();
                })
                .then(v -> {
                    c[0].writer().close();
                    return new Scripted<String>("x")
                            .then(x -> c[0].writer().waitClosed())
                            .then(x -> s(v));
                })
                .then(v -> Scripted.value(v)));
        assertEquals("late\n", line);
        closeServer(server);
    }

    @Test
    void sockCoroutinesConnectAcceptSendAndReceive() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open();
                java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open()) {
            listener.bind(new InetSocketAddress(HOST, 0));
            listener.configureBlocking(false);
            client.configureBlocking(false);
            java.nio.channels.SocketChannel[] conn = new java.nio.channels.SocketChannel[1];
            Task<?>[] accepting = new Task<?>[1];
            java.nio.ByteBuffer got = run(new Scripted<java.nio.ByteBuffer>("sock")
                    .then(v -> {
                        accepting[0] = loop.createTask(loop.sockAccept(listener));
                        return loop.sockConnect(
                                client,
                                InetSocketAddress.createUnresolved(
                                        "localhost", listener.socket().getLocalPort()));
                    })
                    .then(v -> accepting[0])
                    .then(v -> {
                        conn[0] = (java.nio.channels.SocketChannel) v;
                        return loop.sockSendall(client, java.nio.ByteBuffer.wrap(b("ping")));
                    })
                    .then(v -> loop.sockRecv(conn[0], 100))
                    .then(v -> Scripted.value(v)));
            assertEquals("ping", StandardCharsets.UTF_8.decode(got).toString());
            conn[0].close();
        }
        loop.step(); // let the selector release the closed channels' keys
    }

    /*
     * CPython 3.11 (the server echoes as a protocol; a second one pauses reading at once):
     *   r, w = await asyncio.open_connection("127.0.0.1", echo_port)
     *   w.transport.pause_reading(); w.transport.is_reading()      -> False
     *   w.write(b"ping"); await asyncio.sleep(0.1)
     *   await asyncio.wait_for(r.read(4), 0.2)                     -> TimeoutError
     *   w.transport.resume_reading(); await r.read(4)              -> b'ping'
     *   r2, w2 = await asyncio.open_connection("127.0.0.1", deaf_port)
     *   w2.write(b"x" * 8_000_000); w2.transport.get_write_buffer_size() > 0   -> True
     */
    @Test
    void writerTransportPausesReadingAndReportsTheWriteBuffer() {
        Server echo = run(loop.createServer(ExistingSocketTest.Echo::new, HOST, 0));
        Streams.Connection c = run(Streams.openConnection(HOST, echo.port()));
        Transport t = c.writer().transport();
        assertSame(t, c.writer().transport());
        t.pauseReading();
        assertFalse(t.isReading());
        c.writer().write(b("ping"));
        run(Asyncio.sleep(0.1));
        assertThrows(
                TimeoutError.class,
                () -> run(Asyncio.waitFor(c.reader().read(4), 0.2)),
                "a read that waits must not undo a pause made through the transport");
        assertFalse(t.isReading());
        t.resumeReading();
        assertEquals("ping", s(run(c.reader().read(4))));

        List<Transport> deafEnds = new ArrayList<>();
        Server deaf = run(loop.createServer(
                () -> new Protocol() {
                    @Override
                    public void connectionMade(Transport st) {
                        st.pauseReading();
                        deafEnds.add(st);
                    }
                },
                HOST,
                0));
        Streams.Connection d = run(Streams.openConnection(HOST, deaf.port()));
        d.writer().write(new byte[8_000_000]);
        long buffered = d.writer().transport().getWriteBufferSize();
        assertTrue(buffered > 0, "buffered " + buffered);
        assertEquals(d.writer().writeBufferSize(), buffered);
        d.writer().transport().abort();
        deafEnds.forEach(Transport::abort); // it reads nothing, so it would never see the end
        c.writer().close();
        run(c.writer().waitClosed());
        run(d.writer().waitClosed());
        closeServer(echo);
        closeServer(deaf);
    }
}
