package io.jasyncio.streams;

import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.Server;
import io.jasyncio.SslOptions;
import io.jasyncio.Transport;
import io.jasyncio.internal.handwritten.HandWrittenFrame;
import io.jasyncio.internal.handwritten.LambdaCoroutine;
import io.jasyncio.internal.net.SocketStreams;
import java.nio.ByteBuffer;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The outgoing side of a connection. {@link #write} never blocks: what the socket does not take
 * at once is buffered; {@link #drain()} is where a writer waits while more than the high-water
 * mark (64 KiB by default) is buffered, until the buffer is back under the low-water mark
 * (16 KiB). A writer that awaits {@code drain()} after its writes therefore never holds more
 * than about the high-water mark in memory, however slow the peer.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.StreamWriter}.
 */
public final class StreamWriter {
    private final StreamTransport transport;

    StreamWriter(StreamTransport transport) {
        this.transport = transport;
    }

    /**
     * Writes {@code data}, or buffers what the socket does not take at once. Writing to a
     * lost connection (or one closed with nothing left to flush) is silently dropped, as in
     * asyncio.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #writeEof()}
     * @apiNote Mirrors {@code StreamWriter.write(data)}.
     */
    public void write(byte[] data) {
        transport.write(ByteBuffer.wrap(data));
    }

    /**
     * Writes each buffer of {@code data} in order.
     *
     * @param data the chunks
     * @throws IllegalStateException after {@link #writeEof()}
     * @apiNote Mirrors {@code StreamWriter.writelines(data)}.
     */
    public void writelines(Iterable<byte[]> data) {
        for (byte[] b : data) {
            write(b);
        }
    }

    /**
     * Closes the write side after the buffered bytes are sent (a TCP half-close); the peer
     * reads end of stream and may go on writing to us.
     *
     * @throws UnsupportedOperationException over TLS, which has no half-close (see
     *     {@link #canWriteEof()})
     * @apiNote Mirrors {@code StreamWriter.write_eof()}.
     */
    public void writeEof() {
        transport.writeEof();
    }

    /**
     * Tells whether {@link #writeEof()} is supported: for plain TCP and Unix sockets, not over
     * TLS.
     *
     * @return false over TLS
     * @apiNote Mirrors {@code StreamWriter.can_write_eof()}.
     */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /**
     * A coroutine that waits until it is appropriate to write again: at once if the buffer is
     * under the high-water mark, else once it has been flushed down to the low-water mark.
     * Cancelling it leaves the buffered bytes and the connection as they are.
     *
     * @return the coroutine; it throws the connection's error if the connection failed, or
     *     {@link java.net.SocketException} "Connection lost" if it is closed
     * @apiNote Mirrors {@code StreamWriter.drain()}.
     */
    public Coroutine<Void> drain() {
        return new Drain(transport);
    }

    /** {@code drain()}: one object per call, as it is made after every write of a loop. */
    private static final class Drain extends HandWrittenFrame<Void> {
        private final StreamTransport transport;
        private Future<?> waitingOn;

        Drain(StreamTransport transport) {
            super("StreamWriter.drain");
            this.transport = transport;
        }

        @Override
        protected Object body(Object value, Throwable error) throws Throwable {
            if (error != null) {
                transport.forgetDrainer(waitingOn);
                throw error;
            }
            Object r = transport.drainStep();
            if (r == null) {
                return null;
            }
            waitingOn = (Future<?>) r;
            return awaitNext(waitingOn);
        }
    }

    /**
     * A coroutine that upgrades this plain connection to TLS (STARTTLS): bytes already written
     * go out in the clear, then the handshake runs, as the server side if a
     * {@link Server} accepted this connection and as the client otherwise (checking the host
     * given to {@link Streams#openConnection(String, int)}, or the options' server host name).
     * The switch happens when this method is called (the returned coroutine only waits for the
     * handshake), so call it at the point of the protocol where the peer starts its own
     * handshake, before the loop can read any of it as plain data.
     *
     * @param ssl the TLS options
     * @return a coroutine that completes once the handshake is done; it throws as
     *     {@link Streams#openConnection(String, int, SslOptions)} does, and the connection is
     *     aborted then
     * @throws IllegalStateException if the connection already uses TLS or is closing
     * @throws IllegalArgumentException for a Unix socket client that checks host names without
     *     a server host name
     * @apiNote Mirrors {@code StreamWriter.start_tls(sslcontext, server_hostname=...,
     *     ssl_handshake_timeout=...)} of Python 3.11.
     */
    public Coroutine<Void> startTls(SslOptions ssl) {
        Objects.requireNonNull(ssl, "ssl");
        if (!(this.transport instanceof StreamReaderProtocol)) {
            throw new UnsupportedOperationException("startTls needs a socket stream, not " + this.transport);
        }
        return SocketStreams.startTls(((StreamReaderProtocol) this.transport).transport, ssl, "StreamWriter.startTls");
    }

    /**
     * A coroutine that upgrades this plain connection to TLS with {@code context} and the
     * default options.
     *
     * @param context the TLS context
     * @return a coroutine that completes once the handshake is done
     * @throws IllegalStateException if the connection already uses TLS or is closing
     * @apiNote Mirrors {@code StreamWriter.start_tls(sslcontext)}.
     * @see #startTls(SslOptions)
     */
    public Coroutine<Void> startTls(SSLContext context) {
        return startTls(SslOptions.of(context));
    }

    /**
     * Sets the flow-control marks of {@link #drain()}.
     *
     * @param high the buffered size past which {@code drain()} waits
     * @param low the buffered size under which waiting drains resume
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     * @apiNote Mirrors {@code transport.set_write_buffer_limits(high, low)}.
     */
    public void setWriteBufferLimits(int high, int low) {
        transport.setWriteBufferLimits(high, low);
    }

    /**
     * How many bytes wait to be sent.
     *
     * @return the buffered size
     * @apiNote Mirrors {@code transport.get_write_buffer_size()}.
     */
    public long writeBufferSize() {
        return transport.writeBufferSize();
    }

    /**
     * Closes the connection once the buffered bytes are sent; reading stops at once. Closing
     * twice does nothing.
     *
     * @apiNote Mirrors {@code StreamWriter.close()}.
     */
    public void close() {
        transport.close();
    }

    /**
     * Tells whether the connection is closing or closed.
     *
     * @return true after {@link #close()} or a failure
     * @apiNote Mirrors {@code StreamWriter.is_closing()}.
     */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * A coroutine that completes once the connection is closed and its socket released.
     *
     * @return the coroutine
     * @apiNote Mirrors {@code StreamWriter.wait_closed()}; asyncio also re-raises the
     *     connection's error there, jasyncio leaves that to reads and {@link #drain()}.
     */
    public Coroutine<Void> waitClosed() {
        boolean[] started = new boolean[1];
        return new LambdaCoroutine<>("StreamWriter.waitClosed", (v, e) -> {
            if (e != null) {
                throw e;
            }
            if (!started[0]) {
                started[0] = true;
                return transport.closed();
            }
            return null;
        });
    }

    /**
     * Transport information by name: {@code "peername"} and {@code "sockname"} (a
     * {@link java.net.SocketAddress}), {@code "socket"} (the {@link java.nio.channels.SocketChannel});
     * over TLS also {@code "sslcontext"} (the {@link javax.net.ssl.SSLContext}),
     * {@code "ssl_object"} (the {@link javax.net.ssl.SSLEngine}), {@code "cipher"} (the cipher
     * suite's name) and {@code "peercert"} (the peer's {@link java.security.cert.Certificate},
     * null if it sent none); the last two are null until the handshake is done.
     *
     * @param name the key
     * @return the value, or null if unknown or unavailable
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code StreamWriter.get_extra_info(name, default=None)}.
     */
    public Object getExtraInfo(String name) {
        Objects.requireNonNull(name, "name");
        return transport.extraInfo(name);
    }

    /**
     * The transport under this stream, for what the stream does not offer itself: reading
     * paused by hand ({@link io.jasyncio.Transport#pauseReading}), the write buffer's size and
     * limits, extra information. Writing or closing through it is the same as through this
     * writer. Over a socket the transport stays the same after {@link #startTls}, which
     * upgrades it in place; upgrade a stream with {@link #startTls}, not with
     * {@link io.jasyncio.EventLoop#startTls}, which refuses a stream's transport.
     *
     * @return the socket transport of a TCP or Unix socket stream
     * @throws UnsupportedOperationException for a child process's stdin, which has a
     *     {@link io.jasyncio.WriteTransport} of a pipe rather than a socket transport
     * @apiNote Mirrors {@code StreamWriter.transport}.
     */
    public Transport transport() {
        if (transport instanceof StreamReaderProtocol protocol) {
            return protocol.transport;
        }
        throw new UnsupportedOperationException(
                "StreamWriter.transport: " + this + " is a child process's stdin, which has no socket transport");
    }

    /**
     * The reader of the same connection.
     *
     * @return the reader, or null for a write-only stream (a child process's stdin)
     */
    public StreamReader reader() {
        return transport.reader();
    }

    @Override
    public String toString() {
        return "<StreamWriter " + transport + (isClosing() ? " closing" : "") + ">";
    }
}
