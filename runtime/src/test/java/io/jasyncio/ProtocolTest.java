package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EventLoop#createConnection}, {@link EventLoop#createServer} and their Unix variants
 * over real loopback sockets, driven by protocol callbacks and futures, under the watchdog and
 * descriptor check of {@link SocketLoopTest}. The orders asserted are CPython 3.11's, from the
 * programs kept beside each test.
 */
class ProtocolTest extends SocketLoopTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path certDir;

    private static TestCerts certs;

    /**
     * Makes the certificate, then runs one TLS round trip before any test counts descriptors:
     * the JDK opens its entropy sources on first use and keeps them.
     */
    @BeforeAll
    static void makeCertificateAndWarmUp() throws Exception {
        certs = TestCerts.create(certDir);
        warmUpTls(SslOptions.of(certs.server), SslOptions.of(certs.trusting));
    }

    /**
     * A protocol that logs every callback under its name and completes futures on the events
     * tests wait for. {@code keepOpen} is what {@link #eofReceived()} answers; {@code onEof},
     * if set, runs first (to write a reply, say).
     */
    class Recorder implements Protocol {
        final String name;
        final List<String> log;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Future<Void> made = loop.createFuture();
        final Future<Void> eof = loop.createFuture();
        final Future<Throwable> lost = loop.createFuture();
        Future<Void> enough = loop.createFuture();
        int wanted = 1;
        Transport transport;
        boolean keepOpen;
        Runnable onEof;
        int lostCalls;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            log.add(name + " made");
            made.setResult(null);
        }

        @Override
        public void dataReceived(ByteBuffer d) {
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            data.writeBytes(bytes);
            if (bytes.length < 100) {
                log.add(name + " data " + new String(bytes, StandardCharsets.UTF_8));
            }
            if (data.size() >= wanted && !enough.done()) {
                enough.setResult(null);
            }
        }

        @Override
        public boolean eofReceived() {
            log.add(name + " eof");
            if (onEof != null) {
                onEof.run();
            }
            eof.setResult(null);
            return keepOpen;
        }

        @Override
        public void connectionLost(Throwable e) {
            lostCalls++;
            log.add(name + " lost " + (e == null ? null : e.getClass().getSimpleName()));
            if (!lost.done()) {
                lost.setResult(e);
            }
        }

        @Override
        public void pauseWriting() {
            log.add(name + " pause " + transport.getWriteBufferSize());
        }

        @Override
        public void resumeWriting() {
            log.add(name + " resume " + transport.getWriteBufferSize());
        }
    }

    /** A server whose protocols are recorded, in the order they were made, in {@code made}. */
    private Server recordingServer(List<Recorder> made, List<String> log) {
        return run(loop.createServer(
                () -> {
                    Recorder r = new Recorder("server", log);
                    made.add(r);
                    return r;
                },
                HOST,
                0));
    }

    /** Waits until the loop has made the first server protocol and told it connectionMade. */
    private Recorder firstServerProtocol(List<Recorder> made) {
        run(new Scripted<Void>("wait for accept")
                .then(v -> until(() -> !made.isEmpty()))
                .then(v -> made.get(0).made)
                .then(v -> Scripted.value(null)));
        return made.get(0);
    }

    /** A coroutine that polls {@code condition} once per 10 ms until it holds. */
    static Coroutine<Void> until(java.util.function.BooleanSupplier condition) {
        return new Scripted<Void>("until")
                .then(v -> condition.getAsBoolean()
                        ? Scripted.value(null)
                        : new Scripted<Void>("until")
                                .then(x -> Asyncio.sleep(0.01))
                                .then(x -> until(condition))
                                .then(x -> Scripted.value(null)))
                .then(v -> Scripted.value(null));
    }

    /*
     * CPython 3.11:
     *
     *   class P(asyncio.Protocol):
     *       def __init__(s, name): s.name = name
     *       def connection_made(s, t): log.append(f"{s.name} made"); s.t = t
     *       def data_received(s, d): log.append(f"{s.name} data {d!r}")
     *       def eof_received(s): log.append(f"{s.name} eof"); return True
     *       def connection_lost(s, e): log.append(f"{s.name} lost {e!r}")
     *   server = await loop.create_server(lambda: P("server"), "127.0.0.1", 0)
     *   t, p = await loop.create_connection(lambda: P("client"), "127.0.0.1", port)
     *   log.append("create_connection returned")
     *   t.write(b"hello"); await asyncio.sleep(0.1)
     *   srv.t.write(b"back"); srv.t.write_eof(); await asyncio.sleep(0.1)
     *   log.append(f"client is_closing {t.is_closing()}")
     *   t.write(b"more"); t.write_eof(); await asyncio.sleep(0.1)
     *   log.append(f"server is_closing {srv.t.is_closing()}")
     *   t.close(); srv.t.close(); await asyncio.sleep(0.1)
     * prints
     *   server made / client made / create_connection returned / server data b'hello' /
     *   client data b'back' / client eof / client is_closing False / server data b'more' /
     *   server eof / server is_closing False / client lost None / server lost None
     * ("server made" and "client made" may come in either order: they are two sockets.)
     */
    @Test
    void callbacksComeInAsyncioOrderOnBothSides() {
        List<String> serverLog = new ArrayList<>();
        List<String> clientLog = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, serverLog);
        Future<Connected<Recorder>> created = loop.createConnection(
                () -> {
                    Recorder r = new Recorder("client", clientLog);
                    r.keepOpen = true;
                    return r;
                },
                HOST,
                server.port());
        created.addDoneCallback(f -> clientLog.add("create_connection returned"));
        Connected<Recorder> c = run(created);
        assertSame(c.protocol(), c.transport().getProtocol());
        assertSame(c.transport(), c.protocol().transport);
        Recorder s = firstServerProtocol(made);
        s.keepOpen = true;

        c.transport().write(b("hello"));
        s.wanted = 5;
        run(s.enough);
        s.transport.write(b("back"));
        s.transport.writeEof();
        run(c.protocol().eof);
        clientLog.add("client is_closing " + c.transport().isClosing());
        c.transport().write(b("more"));
        c.transport().writeEof();
        run(s.eof);
        serverLog.add("server is_closing " + s.transport.isClosing());
        c.transport().close();
        s.transport.close();
        run(c.protocol().lost);
        run(s.lost);
        assertEquals(
                List.of(
                        "client made",
                        "create_connection returned",
                        "client data back",
                        "client eof",
                        "client is_closing false",
                        "client lost null"),
                clientLog);
        assertEquals(
                List.of(
                        "server made",
                        "server data hello",
                        "server data more",
                        "server eof",
                        "server is_closing false",
                        "server lost null"),
                serverLog);
        assertEquals(1, c.protocol().lostCalls);
        assertEquals(1, s.lostCalls);
        closeServer(server);
    }

    /*
     * The peer's end of stream, with eof_received answering True and then False; CPython 3.11:
     *
     *   class S(asyncio.Protocol):
     *       def eof_received(s): log.append("server eof"); s.t.write(b"bye"); return keep
     *   client: t.write(b"hi"); t.write_eof(); await asyncio.sleep(0.2)
     *   log.append(f"server closing {srv.t.is_closing()}")
     * keep=True:  server data b'hi', server eof, client data b'bye', server closing False
     *             (the server's transport stays open and its reply arrives)
     * keep=False: server data b'hi', server eof, server lost None, client data b'bye',
     *             client eof, client lost None, server closing True
     *             (the reply written in eof_received is flushed, then the transport closes)
     */
    @Test
    void eofReceivedReturningTrueKeepsTheTransportOpenForWriting() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("client", log), HOST, server.port()));
        Recorder s = firstServerProtocol(made);
        s.keepOpen = true;
        s.onEof = () -> s.transport.write(b("bye"));
        c.transport().write(b("hi"));
        c.transport().writeEof();
        run(s.eof);
        run(c.protocol().enough);
        assertFalse(s.transport.isClosing());
        assertFalse(s.lost.done());
        s.transport.write(b("!"));
        c.protocol().wanted = 4;
        c.protocol().enough = loop.createFuture();
        run(c.protocol().enough);
        assertEquals("bye!", c.protocol().data.toString(StandardCharsets.UTF_8));
        s.transport.close();
        run(c.protocol().lost);
        run(s.lost);
        assertEquals(
                List.of(
                        "client made",
                        "server made",
                        "server data hi",
                        "server eof",
                        "client data bye",
                        "client data !",
                        "server lost null",
                        "client eof",
                        "client lost null"),
                withoutOrderOfMade(log));
        closeServer(server);
    }

    @Test
    void eofReceivedReturningFalseClosesTheTransportAfterFlushing() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("client", log), HOST, server.port()));
        Recorder s = firstServerProtocol(made);
        s.onEof = () -> s.transport.write(b("bye"));
        c.transport().write(b("hi"));
        c.transport().writeEof();
        run(s.lost);
        assertTrue(s.transport.isClosing());
        run(c.protocol().lost);
        assertEquals("bye", c.protocol().data.toString(StandardCharsets.UTF_8));
        assertEquals(
                List.of(
                        "client made",
                        "server made",
                        "server data hi",
                        "server eof",
                        "server lost null",
                        "client data bye",
                        "client eof",
                        "client lost null"),
                withoutOrderOfMade(log));
        closeServer(server);
    }

    /** The log with the two "made" entries first, client then server: their order is the OS's. */
    private static List<String> withoutOrderOfMade(List<String> log) {
        List<String> out = new ArrayList<>(List.of("client made", "server made"));
        for (String e : log) {
            if (!e.endsWith(" made")) {
                out.add(e);
            }
        }
        assertEquals(out.size(), log.size(), "each side made once: " + log);
        return out;
    }

    /*
     * Flow control against a reader that stops reading; CPython 3.11 (high 64 KiB, low 16 KiB):
     *
     *   client: t.pause_reading()
     *   server: while not paused: s.t.write(b"x" * 65536)    # pause_writing sets paused
     *   -> pause_writing is called once the buffer passes 65,536 bytes, and only once
     *   client: await asyncio.sleep(0.1); t.resume_reading()
     *   -> resume_writing follows once the buffer is down to 16,384 bytes or less
     */
    @Test
    void pauseWritingAndResumeWritingFollowTheWaterMarksAgainstASlowReader() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("client", log), HOST, server.port()));
        c.transport().pauseReading();
        assertFalse(c.transport().isReading());
        Recorder s = firstServerProtocol(made);
        assertEquals(new Transport.WriteBufferLimits(16 * 1024, 64 * 1024), s.transport.getWriteBufferLimits());
        int chunks = 0;
        while (!log.stream().anyMatch(e -> e.startsWith("server pause"))) {
            s.transport.write(new byte[64 * 1024]);
            chunks++;
            assertTrue(chunks < 10_000, "never paused");
        }
        long buffered = s.transport.getWriteBufferSize();
        assertTrue(buffered > 64 * 1024, "paused at " + buffered);
        long total = (long) chunks * 64 * 1024;
        c.protocol().wanted = (int) total;
        c.transport().resumeReading();
        assertTrue(c.transport().isReading());
        run(c.protocol().enough);
        assertEquals(total, c.protocol().data.size());
        List<String> flow = log.stream()
                .filter(e -> e.contains("pause") || e.contains("resume"))
                .toList();
        assertEquals(2, flow.size(), flow.toString());
        assertTrue(flow.get(0).startsWith("server pause "), flow.toString());
        long atPause = Long.parseLong(flow.get(0).substring("server pause ".length()));
        assertTrue(atPause > 64 * 1024, flow.toString());
        assertTrue(flow.get(1).startsWith("server resume "), flow.toString());
        long atResume = Long.parseLong(flow.get(1).substring("server resume ".length()));
        assertTrue(atResume <= 16 * 1024, flow.toString());
        c.transport().close();
        run(s.lost);
        closeServer(server);
    }

    @Test
    void setWriteBufferLimitsPausesAtOnceWhenAlreadyOverTheNewMark() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("client", log), HOST, server.port()));
        c.transport().pauseReading();
        Recorder s = firstServerProtocol(made);
        s.transport.setWriteBufferLimits(Integer.MAX_VALUE, 0);
        while (s.transport.getWriteBufferSize() < 8 * 1024) {
            s.transport.write(new byte[16 * 1024]);
        }
        assertFalse(log.stream().anyMatch(e -> e.startsWith("server pause")), log.toString());
        s.transport.setWriteBufferLimits(1024);
        assertEquals(new Transport.WriteBufferLimits(256, 1024), s.transport.getWriteBufferLimits());
        assertTrue(log.stream().anyMatch(e -> e.startsWith("server pause")), log.toString());
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> s.transport.setWriteBufferLimits(10, 20));
        assertTrue(bad.getMessage().contains("high (10) must be >= low (20)"), bad.getMessage());
        s.transport.abort();
        c.transport().abort();
        run(s.lost);
        run(c.protocol().lost);
        closeServer(server);
    }

    @Test
    void pauseReadingHoldsDataBackUntilResumeReading() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("client", log), HOST, server.port()));
        Recorder s = firstServerProtocol(made);
        c.transport().pauseReading();
        c.transport().pauseReading(); // twice: nothing more
        s.transport.write(b("held"));
        run(Asyncio.sleep(0.2));
        assertEquals(0, c.protocol().data.size(), "data arrived while paused");
        c.transport().resumeReading();
        c.protocol().wanted = 4;
        run(c.protocol().enough);
        assertEquals("held", c.protocol().data.toString(StandardCharsets.UTF_8));
        c.transport().close();
        assertFalse(c.transport().isReading());
        c.transport().resumeReading(); // closing: stays not reading
        assertFalse(c.transport().isReading());
        run(s.lost);
        closeServer(server);
    }

    @Test
    void dataReceivedIsLentTheSameBufferForEveryChunk() {
        List<ByteBuffer> lent = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(
                () -> new Recorder("client", log) {
                    @Override
                    public void dataReceived(ByteBuffer d) {
                        lent.add(d);
                        super.dataReceived(d);
                    }
                },
                HOST,
                server.port()));
        Recorder s = firstServerProtocol(made);
        for (int i = 0; i < 3; i++) {
            s.transport.write(b("chunk" + i));
            c.protocol().wanted = 6 * (i + 1);
            c.protocol().enough = loop.createFuture();
            run(c.protocol().enough);
        }
        assertEquals("chunk0chunk1chunk2", c.protocol().data.toString(StandardCharsets.UTF_8));
        assertEquals(3, lent.size(), "one read per chunk written after the previous arrived");
        assertSame(lent.get(0), lent.get(1));
        assertSame(lent.get(1), lent.get(2));
        c.transport().close();
        run(s.lost);
        closeServer(server);
    }

    /** Receives into its own 1000-byte buffer, copying each fill out to {@code all}. */
    class Buffered implements BufferedProtocol {
        final ByteBuffer own = ByteBuffer.allocate(1000);
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final List<Integer> hints = new ArrayList<>();
        final Future<Void> eof = loop.createFuture();
        final Future<Void> lost = loop.createFuture();
        int updates;
        boolean otherBuffer;

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            hints.add(sizeHint);
            own.clear();
            return own;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            updates++;
            assertEquals(nbytes, own.position());
            all.write(own.array(), 0, nbytes);
        }

        @Override
        public boolean eofReceived() {
            eof.setResult(null);
            return false;
        }

        @Override
        public void connectionLost(Throwable error) {
            lost.setResult(null);
        }
    }

    @Test
    void aBufferedProtocolReceivesIntoItsOwnBuffer() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Buffered> c = run(loop.createConnection(Buffered::new, HOST, server.port()));
        Recorder s = firstServerProtocol(made);
        byte[] payload = new byte[100_000];
        new java.util.Random(7).nextBytes(payload);
        s.transport.write(payload);
        s.transport.writeEof();
        run(c.protocol().eof);
        run(c.protocol().lost);
        assertArrayEquals(payload, c.protocol().all.toByteArray());
        assertTrue(c.protocol().updates >= 100, "at most 1000 bytes per read: " + c.protocol().updates);
        assertTrue(c.protocol().hints.stream().allMatch(h -> h == -1), "plain sockets give no hint");
        s.transport.close();
        run(s.lost);
        closeServer(server);
    }

    /*
     * A data callback that throws; CPython 3.11:
     *
     *   class S(asyncio.Protocol):
     *       def data_received(s, d): log.append("server data"); raise ValueError("boom")
     *   loop.set_exception_handler(lambda loop, ctx: log.append(...))
     * prints
     *   server data,
     *   handler Fatal error: protocol.data_received() call failed. ValueError
     *       _SelectorSocketTransport S        (the context has the transport and the protocol)
     *   server lost ValueError('boom') closing=True, client eof, client lost None
     */
    @Test
    void aThrowingCallbackGoesToTheExceptionHandlerAndAbortsOnlyItsConnection() {
        List<ErrorContext> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Server server = run(loop.createServer(
                () -> {
                    Recorder r = new Recorder("server", log) {
                        @Override
                        public void dataReceived(ByteBuffer d) {
                            log.add("server data");
                            throw boom;
                        }
                    };
                    made.add(r);
                    return r;
                },
                HOST,
                0));
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("client", log), HOST, server.port()));
        Recorder s = firstServerProtocol(made);
        c.transport().write(b("x"));
        assertSame(boom, run(s.lost));
        assertTrue(s.transport.isClosing());
        run(c.protocol().lost);
        assertEquals(1, reported.size(), reported.toString());
        ErrorContext ctx = reported.get(0);
        assertEquals("Fatal error: protocol.dataReceived() call failed.", ctx.message());
        assertSame(boom, ctx.exception());
        assertSame(s.transport, ctx.transport());
        assertSame(s, ctx.protocol());
        assertEquals(
                List.of(
                        "client made",
                        "server made",
                        "server data",
                        "server lost " + "IllegalStateException",
                        "client eof",
                        "client lost null"),
                withoutOrderOfMade(log));
        // The loop and the server go on: a second client is served.
        Connected<Recorder> again = run(loop.createConnection(() -> new Recorder("again", log), HOST, server.port()));
        again.transport().close();
        run(again.protocol().lost);
        run(until(() -> made.size() == 2));
        run(made.get(1).lost);
        closeServer(server);
    }

    @Test
    void aThrowingConnectionMadeIsReportedAndTheConnectionStaysOpen() {
        List<ErrorContext> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(
                () -> new Recorder("client", log) {
                    @Override
                    public void connectionMade(Transport t) {
                        super.connectionMade(t);
                        throw new IllegalStateException("made");
                    }
                },
                HOST,
                server.port()));
        assertEquals(1, reported.size());
        assertSame(c.transport(), reported.get(0).transport());
        assertFalse(c.transport().isClosing());
        Recorder s = firstServerProtocol(made);
        c.transport().write(b("still"));
        s.wanted = 5;
        run(s.enough);
        c.transport().close();
        run(s.lost);
        run(c.protocol().lost);
        closeServer(server);
    }

    /*
     * close() flushes the buffer, abort() drops it; CPython 3.11 (client paused, so the server's
     * transport keeps 1 MiB buffered):
     *   s.t.write(b"x" * 2**20); s.t.close()  -> the client reads all 1,048,576 bytes, then EOF
     *   s.t.write(b"x" * 2**20); s.t.abort()  -> the client reads less, connection_lost(None)
     *   on the server either way, on a later iteration
     */
    @Test
    void closeFlushesTheBufferedBytes() {
        assertEquals(1 << 22, closeOrAbort(false));
    }

    @Test
    void abortDropsTheBufferedBytes() {
        assertTrue(closeOrAbort(true) < 1 << 22);
    }

    /** Writes 4 MiB to a paused client, closes or aborts, and returns what the client read. */
    private int closeOrAbort(boolean abort) {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("client", log), HOST, server.port()));
        c.transport().pauseReading();
        Recorder s = firstServerProtocol(made);
        // Set buffers, or loopback's autotuning (up to tcp_wmem's and tcp_rmem's maximum, 32 MiB
        // on some machines) lets the kernel take all 4 MiB and nothing is left to drop.
        int kernel = setBuffer(s.transport.getExtraInfo("socket"), StandardSocketOptions.SO_SNDBUF, 16 * 1024)
                + setBuffer(c.transport().getExtraInfo("socket"), StandardSocketOptions.SO_RCVBUF, 16 * 1024);
        assertTrue(8L * kernel <= 1 << 22, "4 MiB must dwarf the buffers the kernel granted: " + kernel);
        s.transport.write(new byte[1 << 22]);
        assertTrue(s.transport.getWriteBufferSize() > 0, "the kernel took it all");
        if (abort) {
            s.transport.abort();
            assertEquals(0, s.transport.getWriteBufferSize());
        } else {
            s.transport.close();
        }
        assertTrue(s.transport.isClosing());
        assertFalse(s.lost.done(), "connectionLost runs on a later iteration");
        s.transport.write(b("after")); // dropped (abort) or buffered behind the rest (close)
        c.transport().resumeReading();
        run(c.protocol().lost);
        run(s.lost);
        assertEquals(1, s.lostCalls);
        assertEquals(
                List.of("server lost null"),
                log.stream().filter(e -> e.startsWith("server lost")).toList());
        closeServer(server);
        int got = c.protocol().data.size();
        return abort ? got : got - 5;
    }

    /*
     * CPython 3.11: t.close(); t.is_closing() -> True; t.is_reading() -> False;
     * t.write(b"dropped") with nothing buffered -> dropped (get_write_buffer_size() == 0);
     * connection_lost(None) runs before the task that closed it resumes from sleep(0).
     */
    @Test
    void closeWithNothingBufferedLosesTheConnectionOnTheNextIterationAndDropsWrites() {
        List<String> log = new ArrayList<>();
        Server server = run(loop.createServer(() -> new Protocol() {}, HOST, 0));
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("c", log), HOST, server.port()));
        SocketChannel ch = (SocketChannel) c.transport().getExtraInfo("socket");
        c.transport().close();
        c.transport().close();
        c.transport().abort();
        log.add("closing " + c.transport().isClosing() + " reading "
                + c.transport().isReading());
        c.transport().write(b("dropped"));
        assertEquals(0, c.transport().getWriteBufferSize());
        assertTrue(ch.isOpen(), "the socket closes only after connectionLost");
        run(Asyncio.sleep(0));
        log.add("one iteration");
        assertFalse(ch.isOpen());
        assertEquals(List.of("c made", "closing true reading false", "c lost null", "one iteration"), log);
        assertNull(c.transport().getExtraInfo("peername"));
        assertEquals("none", c.transport().getExtraInfo("peername", "none"));
        closeServer(server);
    }

    @Test
    void writeAfterWriteEofThrowsAndPlainSocketsCanWriteEof() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("c", log), HOST, server.port()));
        assertTrue(c.transport().canWriteEof());
        assertInstanceOf(InetSocketAddress.class, c.transport().getExtraInfo("peername"));
        assertEquals(server.port(), ((InetSocketAddress) c.transport().getExtraInfo("peername")).getPort());
        c.transport().writelines(List.of(b("a"), b("b")));
        c.transport().writeEof();
        c.transport().writeEof();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> c.transport().write(b("late")));
        assertTrue(e.getMessage().contains("write_eof"), e.getMessage());
        Recorder s = firstServerProtocol(made);
        run(s.lost);
        assertEquals("ab", s.data.toString(StandardCharsets.UTF_8));
        c.transport().close();
        run(c.protocol().lost);
        closeServer(server);
    }

    @Test
    void setProtocolHandsTheFollowingCallbacksToTheNewProtocol() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = recordingServer(made, log);
        Connected<Recorder> c = run(loop.createConnection(() -> new Recorder("first", log), HOST, server.port()));
        Recorder second = new Recorder("second", log);
        c.transport().setProtocol(second);
        second.transport = c.transport();
        assertSame(second, c.transport().getProtocol());
        assertThrows(IllegalArgumentException.class, () -> c.transport().setProtocol(new BaseProtocol() {}));
        Recorder s = firstServerProtocol(made);
        s.transport.write(b("to second"));
        run(second.enough);
        s.transport.close();
        run(second.lost);
        assertEquals(0, c.protocol().data.size());
        assertFalse(c.protocol().lost.done());
        run(s.lost);
        closeServer(server);
    }

    @Test
    void connectingToAClosedPortFailsWithConnectException() throws IOException {
        int port;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(HOST, 0));
            port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        boolean[] factoryCalled = new boolean[1];
        Future<Connected<Protocol>> f = loop.createConnection(
                () -> {
                    factoryCalled[0] = true;
                    return new Protocol() {};
                },
                HOST,
                port);
        assertInstanceOf(ConnectException.class, assertThrows(Throwable.class, () -> run(f)));
        assertFalse(factoryCalled[0], "no protocol for a connection that never was");
    }

    @Test
    void aPortInUseFailsCreateServerWithBindExceptionNamingTheAddress() {
        Server server = run(loop.createServer(() -> new Protocol() {}, HOST, 0));
        Throwable e = assertThrows(
                Throwable.class, () -> run(loop.createServer(() -> new Protocol() {}, HOST, server.port())));
        assertInstanceOf(BindException.class, e);
        assertTrue(e.getMessage().contains(String.valueOf(server.port())), e.getMessage());
        assertTrue(e.getMessage().contains("error while attempting to bind"), e.getMessage());
        closeServer(server);
    }

    @Test
    void aFactoryMakingNeitherKindOfProtocolFailsTheConnection() {
        Server server = run(loop.createServer(() -> new Protocol() {}, HOST, 0));
        Supplier<BaseProtocol> neither = () -> new BaseProtocol() {};
        Throwable e = assertThrows(Throwable.class, () -> run(loop.createConnection(neither, HOST, server.port())));
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().contains("neither io.jasyncio.Protocol nor"), e.getMessage());
        closeServer(server);
    }

    @Test
    void unixServerAndConnectionEchoAndTheSocketFileIsRemoved(@TempDir Path dir) {
        Path path = dir.resolve("proto.sock");
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = run(loop.createUnixServer(
                () -> {
                    Recorder r = new Recorder("server", log);
                    made.add(r);
                    return r;
                },
                path));
        assertTrue(java.nio.file.Files.exists(path));
        Connected<Recorder> c = run(loop.createUnixConnection(() -> new Recorder("client", log), path));
        Recorder s = firstServerProtocol(made);
        c.transport().write(b("over unix"));
        s.wanted = 9;
        run(s.enough);
        assertTrue(c.transport().canWriteEof());
        c.transport().writeEof();
        run(s.lost);
        c.transport().close();
        run(c.protocol().lost);
        assertEquals("over unix", s.data.toString(StandardCharsets.UTF_8));
        closeServer(server);
        assertFalse(java.nio.file.Files.exists(path));
    }

    @Test
    void unixConnectionToNothingFails(@TempDir Path dir) {
        Throwable e = assertThrows(
                Throwable.class,
                () -> run(loop.createUnixConnection(() -> new Protocol() {}, dir.resolve("nobody.sock"))));
        assertInstanceOf(java.net.SocketException.class, e);
    }

    // ---- TLS

    /*
     * CPython 3.11, with server_ctx holding the certificate and client_ctx trusting it:
     *
     *   server = await loop.create_server(lambda: P("server"), "127.0.0.1", 0, ssl=server_ctx)
     *   t, p = await loop.create_connection(lambda: P("client"), "127.0.0.1", port,
     *                                       ssl=client_ctx)
     *   # connection_made runs after the handshake: get_extra_info("cipher") is set in it
     *   t.can_write_eof() -> False; t.write_eof() -> NotImplementedError
     *   t.write(b"secret"); server: data b'secret'; s.t.close()
     *   -> client: eof_received (its True has no effect over TLS: warning) then
     *      connection_lost(None)
     */
    @Test
    void tlsCreateConnectionAndCreateServerTalkAfterTheHandshake() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        List<Object> ciphersAtMade = new ArrayList<>();
        Server server = run(loop.createServer(
                () -> {
                    Recorder r = new Recorder("server", log);
                    made.add(r);
                    return r;
                },
                HOST,
                0,
                ServerOptions.DEFAULTS.withSsl(SslOptions.of(certs.server))));
        Connected<Recorder> c = run(loop.createConnection(
                () -> new Recorder("client", log) {
                    @Override
                    public void connectionMade(Transport t) {
                        ciphersAtMade.add(t.getExtraInfo("cipher"));
                        super.connectionMade(t);
                    }
                },
                HOST,
                server.port(),
                ConnectionOptions.ssl(SslOptions.of(certs.trusting))));
        assertEquals(1, ciphersAtMade.size());
        assertInstanceOf(String.class, ciphersAtMade.get(0), "the handshake is done in connectionMade");
        assertInstanceOf(java.security.cert.X509Certificate.class, c.transport().getExtraInfo("peercert"));
        assertFalse(c.transport().canWriteEof());
        assertThrows(UnsupportedOperationException.class, () -> c.transport().writeEof());
        c.protocol().keepOpen = true;
        c.transport().write(b("secret"));
        Recorder s = firstServerProtocol(made);
        s.wanted = 6;
        run(s.enough);
        assertEquals("secret", s.data.toString(StandardCharsets.UTF_8));
        s.transport.close();
        run(c.protocol().lost);
        run(s.lost);
        assertEquals(
                List.of(
                        "client made",
                        "server made",
                        "server data secret",
                        "server lost null",
                        "client eof",
                        "client lost null"),
                withoutOrderOfMade(log));
        closeServer(server);
    }

    @Test
    void tlsHandshakeFailureFailsCreateConnectionAndNoProtocolHearsAnything() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = run(loop.createServer(
                () -> {
                    Recorder r = new Recorder("server", log);
                    made.add(r);
                    return r;
                },
                HOST,
                0,
                ServerOptions.DEFAULTS.withSsl(SslOptions.of(certs.server))));
        Throwable e = assertThrows(
                Throwable.class,
                () -> run(loop.createConnection(
                        () -> new Recorder("client", log),
                        HOST,
                        server.port(),
                        ConnectionOptions.ssl(SslOptions.of(certs.untrusting)))));
        assertInstanceOf(SSLHandshakeException.class, e);
        run(until(() -> !made.isEmpty()));
        run(Asyncio.sleep(0.1));
        assertEquals(List.of(), log, "neither side's protocol was made or lost");
        // The server keeps serving.
        Connected<Recorder> ok = run(loop.createConnection(
                () -> new Recorder("ok", log),
                HOST,
                server.port(),
                ConnectionOptions.ssl(SslOptions.of(certs.trusting))));
        ok.transport().close();
        run(ok.protocol().lost);
        closeServer(server);
    }

    @Test
    void aBufferedProtocolOverTlsGetsTheDecryptedBytesInItsBuffer() {
        List<String> log = new ArrayList<>();
        List<Recorder> made = new ArrayList<>();
        Server server = run(loop.createServer(
                () -> {
                    Recorder r = new Recorder("server", log);
                    made.add(r);
                    return r;
                },
                HOST,
                0,
                ServerOptions.DEFAULTS.withSsl(SslOptions.of(certs.server))));
        Connected<Buffered> c = run(loop.createConnection(
                Buffered::new, HOST, server.port(), ConnectionOptions.ssl(SslOptions.of(certs.trusting))));
        Recorder s = firstServerProtocol(made);
        byte[] payload = new byte[50_000];
        new java.util.Random(11).nextBytes(payload);
        s.transport.write(payload);
        s.transport.close();
        run(c.protocol().lost);
        run(s.lost);
        assertArrayEquals(payload, c.protocol().all.toByteArray());
        assertTrue(
                c.protocol().hints.stream().allMatch(h -> h > 0), "TLS hints the size it has: " + c.protocol().hints);
        closeServer(server);
    }
}
