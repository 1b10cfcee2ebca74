package io.jasyncio.internal.net;

import io.jasyncio.Future;
import io.jasyncio.SslOptions;
import io.jasyncio.TimerHandle;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * TLS between a {@link SocketTransport} and its socket, through an {@link SSLEngine}: asyncio's
 * {@code SSLProtocol}. Encrypted bytes read from the socket collect in {@code netIn} and are
 * unwrapped and handed to the transport's protocol; application writes are wrapped and handed to the transport's raw
 * write path (which buffers what the socket does not take).
 *
 * <h2>The handshake</h2>
 * It runs on the loop, driven by readiness events: {@link #process()} wraps while the engine
 * needs to send, unwraps while it has bytes to read, and stops when it needs more.
 *
 * <p>The engine's delegated tasks (key exchange, signing, certificate path validation) run
 * inline on the loop thread by default, as asyncio runs OpenSSL's handshake: each costs well
 * under a millisecond with the default providers, and a hand-off to another thread and back
 * is not free (100 concurrent loopback handshakes in {@code TlsStreamsTest}, on the shared
 * 2-core build machine: about 0.65 s either way when it was quiet, but 1.5 s inline against 6
 * to 9 s through the executor while other builds loaded it). With
 * {@link SslOptions#withDelegatedTasksOffLoop} they run on the loop's default executor
 * instead, for trust or key managers that may block (OCSP, a hardware key). While they run
 * the engine is left alone; reads pile up in {@code netIn} (reading stops if it fills) and
 * application writes are queued.
 *
 * <p>A timer aborts a handshake that takes longer than the options allow.
 *
 * <h2>Closing</h2>
 * Closing sends close_notify and then closes the socket without waiting for the peer's reply
 * (allowed by RFC 8446 6.1). A close_notify from the peer is the protocol's end of stream and closes
 * the transport, as asyncio does over TLS (no half-close); so does a TCP end of stream without
 * close_notify once the handshake is done, which asyncio also reads as a plain end of stream.
 */
final class TlsLayer {
    private static final System.Logger LOG = System.getLogger("io.jasyncio.streams");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Scratch buffers shared by every TLS transport of a loop thread: drained before reuse. */
    private static final ThreadLocal<ByteBuffer[]> SCRATCH =
            ThreadLocal.withInitial(() -> new ByteBuffer[] {ByteBuffer.allocate(4096), ByteBuffer.allocate(4096)});

    private static final int APP_IN = 0;
    private static final int NET_OUT = 1;

    final SslOptions options;
    final SSLEngine engine;
    private SocketTransport t;
    /** Encrypted bytes read but not yet unwrapped, in fill mode between calls. */
    private ByteBuffer netIn = ByteBuffer.allocate(4096);

    private Future<Void> handshake;
    private boolean handshaking = true;
    private boolean busy;
    private boolean stalled;
    private TimerHandle timeout;
    private final ArrayDeque<ByteBuffer> early = new ArrayDeque<>();

    private TlsLayer(SslOptions options, SSLEngine engine) {
        this.options = options;
        this.engine = engine;
    }

    /** The client side: SNI and host name checking as the options say. */
    static TlsLayer client(SslOptions options, String host, int port) {
        String name = options.serverHostname() != null ? options.serverHostname() : host;
        SSLEngine e = options.context().createSSLEngine(name, port);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        if (options.checkHostname()) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (name != null && !isIpLiteral(name)) {
            try {
                p.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException notAHostName) {
                // Not a valid DNS name (a Unix socket path, say): send no SNI, as ssl does.
            }
        }
        e.setSSLParameters(p);
        restrict(e, options);
        return new TlsLayer(options, e);
    }

    /** The server side. */
    static TlsLayer server(SslOptions options) {
        SSLEngine e = options.context().createSSLEngine();
        e.setUseClientMode(false);
        restrict(e, options);
        if (options.clientAuth() == SslOptions.ClientAuth.NEED) {
            e.setNeedClientAuth(true);
        } else if (options.clientAuth() == SslOptions.ClientAuth.WANT) {
            e.setWantClientAuth(true);
        }
        return new TlsLayer(options, e);
    }

    /** The suites and protocols of {@code options}: exact lists, or the modern default. */
    private static void restrict(SSLEngine e, SslOptions options) {
        if (options.cipherSuites() != null) {
            e.setEnabledCipherSuites(options.cipherSuites().toArray(new String[0]));
        } else if (options.modernOnly()) {
            e.setEnabledCipherSuites(Arrays.stream(e.getEnabledCipherSuites())
                    .filter(TlsLayer::isModernSuite)
                    .toArray(String[]::new));
        }
        if (options.protocols() != null) {
            e.setEnabledProtocols(options.protocols().toArray(new String[0]));
        } else if (options.modernOnly()) {
            e.setEnabledProtocols(Arrays.stream(e.getEnabledProtocols())
                    .filter(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2"))
                    .toArray(String[]::new));
        }
    }

    /**
     * A TLS 1.3 suite, or a forward-secret (ECDHE, DHE) AEAD (GCM, ChaCha20-Poly1305) one
     * without DSS; and the renegotiation signal, which is no cipher.
     */
    static boolean isModernSuite(String suite) {
        if (suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")
                || suite.startsWith("TLS_AES_")
                || suite.startsWith("TLS_CHACHA20_")) {
            return true;
        }
        boolean forwardSecret = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        return forwardSecret && aead && !suite.contains("_DSS_");
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");
    }

    /** Called by the transport's constructor: starts the handshake. */
    void start(SocketTransport transport) {
        t = transport;
        handshake = t.loop.createFuture();
        timeout = t.loop.callLater(options.handshakeTimeout(), () -> {
            if (handshaking) {
                t.abort(new SocketTimeoutException("SSL handshake is taking longer than " + options.handshakeTimeout()
                        + " seconds: aborting the connection"));
            }
        });
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        process();
    }

    /** Completes once the handshake has; fails with its error. */
    Future<Void> handshake() {
        return handshake;
    }

    boolean handshaking() {
        return handshaking;
    }

    // ---- reading

    /**
     * Reads and decrypts. A record is at most about 16 KiB, the size {@code netIn} settles at,
     * so while the socket fills the buffer it reads again, a few times, rather than going back
     * to the selector for every record.
     */
    void onReadable() {
        for (int i = 0; i < 4; i++) {
            if (!netIn.hasRemaining()) {
                if (busy) {
                    // Delegated tasks hold the engine; stop reading until they are done.
                    t.loop.removeReader(t.channel);
                    stalled = true;
                    return;
                }
                netIn = grow(netIn, netIn.capacity() * 2, false);
            }
            int room = netIn.remaining();
            int n;
            try {
                n = t.channel.read(netIn);
            } catch (IOException e) {
                t.abort(e);
                return;
            }
            if (n < 0) {
                endOfStream();
                return;
            }
            if (n == 0) {
                return;
            }
            process();
            if (n < room || busy || !t.wantsToRead()) {
                return;
            }
        }
    }

    private void endOfStream() {
        t.loop.removeReader(t.channel);
        if (handshaking) {
            t.abort(new SSLHandshakeException("Remote host terminated the handshake"));
            return;
        }
        process(); // whatever complete records are still buffered
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // No close_notify before the TCP end of stream: asyncio reads that as a plain end
            // of stream too, so the protocol sees EOF and not an error.
        }
        t.tlsEof();
    }

    /** Runs the engine as far as it can go with what it has. */
    void process() {
        if (busy || t.isDead()) {
            return;
        }
        try {
            netIn.flip();
            try {
                unwrapAndWrap();
            } finally {
                netIn.compact();
            }
        } catch (SSLException e) {
            fail(e);
        }
    }

    private void unwrapAndWrap() throws SSLException {
        while (!t.isDead()) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                if (runTasks()) {
                    continue; // ran here: the engine can go on at once
                }
                return; // on the executor: process() runs again when they are done
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = wrapOnce(EMPTY);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
                    return;
                }
                continue;
            }
            if (handshaking && hs == HandshakeStatus.NOT_HANDSHAKING) {
                handshakeDone();
            }
            if (engine.isInboundDone() || (!netIn.hasRemaining() && hs != HandshakeStatus.NEED_UNWRAP_AGAIN)) {
                return;
            }
            ByteBuffer[] scratch = SCRATCH.get();
            ByteBuffer app = scratch[APP_IN];
            if (app == null) {
                // Lent to a protocol further up this thread's stack, which made another TLS
                // transport unwrap (a key update answered during a write): use a buffer of its own.
                app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            }
            app.clear();
            SSLEngineResult r = engine.unwrap(netIn, app);
            if (app.position() > 0) {
                app.flip();
                scratch[APP_IN] = null;
                try {
                    t.tlsData(app);
                } finally {
                    scratch[APP_IN] = app;
                }
                app.clear();
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW:
                    int need = engine.getSession().getPacketBufferSize();
                    if (netIn.capacity() < need) {
                        netIn = grow(netIn, need, true);
                    }
                    return; // the rest of the record is still on its way
                case BUFFER_OVERFLOW:
                    SCRATCH.get()[APP_IN] = grow(
                            app,
                            Math.max(app.capacity() * 2, engine.getSession().getApplicationBufferSize()),
                            false);
                    continue;
                case CLOSED:
                    closeNotifyReceived();
                    return;
                default:
                    break;
            }
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                handshakeDone();
            } else if (r.bytesConsumed() == 0
                    && r.bytesProduced() == 0
                    && r.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                return;
            }
        }
    }

    private void closeNotifyReceived() {
        t.tlsEof();
    }

    // ---- writing

    /** Wraps and sends application bytes; before the handshake is done, queues them. */
    void write(ByteBuffer data) {
        if (handshaking || busy || !early.isEmpty()) {
            early.add(ByteBuffer.allocate(data.remaining()).put(data).flip());
            return;
        }
        wrapAll(data);
    }

    private void wrapAll(ByteBuffer data) {
        try {
            while (data.hasRemaining() && !t.isDead()) {
                SSLEngineResult r = wrapOnce(data);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return; // closing: asyncio drops writes to a closing transport
                }
            }
        } catch (SSLException e) {
            fail(e);
            return;
        }
        if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
            process(); // a post-handshake message (key update) wants an answer
        }
    }

    /** One {@code wrap} call; its output goes to the socket. */
    private SSLEngineResult wrapOnce(ByteBuffer src) throws SSLException {
        while (true) {
            ByteBuffer out = scratch(NET_OUT);
            out.clear();
            SSLEngineResult r = engine.wrap(src, out);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                SCRATCH.get()[NET_OUT] = grow(
                        out, Math.max(out.capacity() * 2, engine.getSession().getPacketBufferSize()), false);
                continue;
            }
            out.flip();
            if (out.hasRemaining()) {
                t.rawWrite(out);
            }
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                handshakeDone();
            }
            return r;
        }
    }

    /** Sends close_notify (once); the transport then closes when it is flushed. */
    void closeOutbound() {
        if (engine.isOutboundDone()) {
            return;
        }
        engine.closeOutbound();
        if (busy) {
            return; // the tasks' engine is not ours to drive; the socket just closes
        }
        try {
            while (!engine.isOutboundDone() && !t.isDead()) {
                SSLEngineResult r = wrapOnce(EMPTY);
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException e) {
            // The peer gets no close_notify; the socket closes anyway.
        }
    }

    // ---- handshake

    /**
     * Runs the engine's delegated tasks here, or on the executor if the options say so (and
     * here after all if the executor is gone).
     *
     * @return true if they ran here, false if the engine is busy until they finish
     */
    private boolean runTasks() {
        if (!options.delegatedTasksOffLoop()) {
            runTasksHere();
            return true;
        }
        busy = true;
        Future<Object> done;
        try {
            done = t.loop.runInExecutor(null, () -> {
                runTasksHere();
                return null;
            });
        } catch (RuntimeException executorGone) {
            // The default executor was shut down: run them here rather than hang.
            busy = false;
            runTasksHere();
            return true;
        }
        done.addDoneCallback(f -> {
            busy = false;
            if (t.isDead()) {
                return;
            }
            if (!f.cancelled() && f.exception() != null) {
                fail(f.exception());
                return;
            }
            if (stalled) {
                stalled = false;
                t.reregisterReader();
            }
            process();
            flushEarly();
        });
        return false;
    }

    private void runTasksHere() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void handshakeDone() {
        if (!handshaking) {
            return;
        }
        handshaking = false;
        timeout.cancel();
        t.tlsHandshakeDone();
        if (!handshake.done()) {
            handshake.setResult(null);
        }
        flushEarly();
    }

    private void flushEarly() {
        if (handshaking || busy) {
            return;
        }
        while (!early.isEmpty() && !busy && !handshaking && !t.isDead()) {
            wrapAll(early.poll());
        }
    }

    /** A TLS error: send the alert the engine has prepared, then close with the error. */
    private void fail(Throwable error) {
        if (!busy) {
            try {
                engine.closeOutbound();
                while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !t.isDead()) {
                    if (wrapOnce(EMPTY).bytesProduced() == 0) {
                        break;
                    }
                }
            } catch (SSLException | RuntimeException alertLost) {
                // The peer sees the connection close without the alert.
            }
        }
        if (handshaking) {
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS handshake failed on " + t.channel, error);
        }
        t.closeWithError(error);
    }

    /** Called once the transport has lost its connection. */
    void connectionLost(Throwable error) {
        timeout.cancel();
        early.clear();
        if (!handshake.done()) {
            handshake.setException(
                    error != null ? error : new SSLHandshakeException("Connection closed during the TLS handshake"));
        }
    }

    // ---- extra info

    Object extraInfo(String name) {
        switch (name) {
            case "sslcontext":
                return options.context();
            case "ssl_object":
                return engine;
            case "cipher":
                return handshaking ? null : engine.getSession().getCipherSuite();
            case "peercert":
                if (handshaking) {
                    return null;
                }
                try {
                    Certificate[] chain = engine.getSession().getPeerCertificates();
                    return chain.length > 0 ? chain[0] : null;
                } catch (SSLPeerUnverifiedException none) {
                    return null;
                }
            default:
                return null;
        }
    }

    private static ByteBuffer scratch(int which) {
        return SCRATCH.get()[which];
    }

    /** A larger copy of {@code b}; {@code readMode}: b is flipped (position..limit is data). */
    private static ByteBuffer grow(ByteBuffer b, int capacity, boolean readMode) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        if (readMode) {
            bigger.put(b).flip();
        } else {
            b.flip();
            bigger.put(b);
        }
        return bigger;
    }
}
