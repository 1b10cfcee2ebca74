package io.jasyncio.internal.net;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Transport;
import io.jasyncio.internal.handwritten.LambdaCoroutine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * What {@link EventLoop#sockSendfile} and {@link EventLoop#sendfile} do: a file sent with
 * {@link FileChannel#transferTo} (the kernel's {@code sendfile} on Linux) straight to the
 * loop's non-blocking socket, waiting for the socket to be writable whenever it takes nothing;
 * over TLS (which must encrypt every byte) asyncio's fallback: chunks read from the file and
 * written to the transport, each waited for.
 *
 * @apiNote Mirrors asyncio's {@code BaseSelectorEventLoop._sock_sendfile_native},
 *     {@code BaseEventLoop.sendfile}, {@code _sendfile_native} and {@code _sendfile_fallback}.
 */
public final class Sendfile {
    /** asyncio's fallback chunk is 16 KiB; a larger one costs fewer loop iterations. */
    private static final int FALLBACK_CHUNK = 64 * 1024;

    private static final long MAX_BLOCK = 1L << 30;

    private Sendfile() {}

    /**
     * What {@link EventLoop#sockSendfile} does, on {@code loop}.
     *
     * @param loop the loop
     * @param sock a connected non-blocking socket
     * @param file the file
     * @param offset where to start in the file
     * @param count how many bytes to send, or -1 for all up to the end of the file
     * @return a coroutine whose result is the number of bytes sent; the file's position is
     *     then {@code offset} plus that number
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the socket is blocking, {@code offset} is negative or
     *     {@code count} is neither positive nor -1
     */
    public static Coroutine<Long> sockSendfile(
            EventLoop loop, SocketChannel sock, FileChannel file, long offset, long count) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(sock, "sock");
        Objects.requireNonNull(file, "file");
        if (sock.isBlocking()) {
            throw new IllegalArgumentException("the socket must be non-blocking");
        }
        checkParams(offset, count);
        return new LambdaCoroutine<>("EventLoop.sockSendfile", new Native(loop, sock, file, offset, count));
    }

    /**
     * What {@link EventLoop#sendfile} does, on {@code loop}.
     *
     * @param loop the loop
     * @param transport a socket transport of {@code loop}
     * @param file the file
     * @param offset where to start in the file
     * @param count how many bytes to send, or -1 for all up to the end of the file
     * @param fallback whether a TLS transport may send by reading and writing
     * @return a coroutine whose result is the number of bytes sent
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code offset} or {@code count} is out of range
     * @throws IllegalStateException if the transport is closing, is not a socket transport
     *     of this loop, or is TLS and {@code fallback} is false
     */
    public static Coroutine<Long> sendfile(
            EventLoop loop, Transport transport, FileChannel file, long offset, long count, boolean fallback) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(file, "file");
        checkParams(offset, count);
        if (!(transport instanceof SocketTransport) || ((SocketTransport) transport).loop != loop) {
            throw new IllegalStateException("sendfile is not supported for transport " + transport);
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("Transport is closing");
        }
        SocketTransport t = (SocketTransport) transport;
        if (t.tls != null && !fallback) {
            throw new IllegalStateException(
                    "fallback is disabled and native sendfile is not supported for transport " + transport);
        }
        boolean resumeReading = transport.isReading();
        transport.pauseReading();
        if (t.tls == null) {
            t.sendfileInProgress = true; // writes are refused while the buffer drains, as asyncio's
        }
        int[] state = new int[1];
        long[] sent = new long[1];
        ByteBuffer chunk = t.tls == null ? null : ByteBuffer.allocate(FALLBACK_CHUNK);
        return new LambdaCoroutine<>("EventLoop.sendfile", (v, e) -> {
            try {
                if (e != null) {
                    throw e;
                }
                if (t.tls == null) {
                    switch (state[0]++) {
                        case 0:
                            return t.whenFlushed();
                        case 1:
                            return new LambdaCoroutine<Long>(
                                    "EventLoop.sockSendfile", new Native(loop, t.channel, file, offset, count));
                        default:
                            finish(t, resumeReading);
                            return v;
                    }
                }
                // The fallback: the last chunk was written and flushed (or none yet).
                long want = count < 0 ? FALLBACK_CHUNK : Math.min(FALLBACK_CHUNK, count - sent[0]);
                int n = 0;
                if (want > 0) {
                    chunk.clear().limit((int) want);
                    n = file.read(chunk, offset + sent[0]);
                }
                if (n <= 0) {
                    finish(t, resumeReading);
                    if (sent[0] > 0) {
                        file.position(offset + sent[0]);
                    }
                    return sent[0];
                }
                sent[0] += n;
                t.write(chunk.flip());
                return t.whenFlushed();
            } catch (Throwable failure) {
                finish(t, resumeReading);
                if (t.tls != null && sent[0] > 0) {
                    file.position(offset + sent[0]);
                }
                throw failure;
            }
        });
    }

    private static void finish(SocketTransport t, boolean resumeReading) {
        t.sendfileInProgress = false;
        if (resumeReading && !t.isClosing()) {
            t.resumeReading();
        }
    }

    /** asyncio's {@code _check_sendfile_params}. */
    private static void checkParams(long offset, long count) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be a non-negative integer (got " + offset + ")");
        }
        if (count == 0 || count < -1) {
            throw new IllegalArgumentException("count must be a positive integer (got " + count + ")");
        }
    }

    /** {@code transferTo} until done, waiting for writability whenever the socket is full. */
    private static final class Native implements LambdaCoroutine.Step {
        private final EventLoop loop;
        private final SocketChannel sock;
        private final FileChannel file;
        private final long offset;
        private final long count;
        private long sent;
        private Future<Void> writable;

        Native(EventLoop loop, SocketChannel sock, FileChannel file, long offset, long count) {
            this.loop = loop;
            this.sock = sock;
            this.file = file;
            this.offset = offset;
            this.count = count;
        }

        @Override
        public Object step(Object v, Throwable e) throws Throwable {
            if (writable != null) {
                writable = null;
                loop.removeWriter(sock);
            }
            try {
                if (e != null) {
                    throw e;
                }
                while (true) {
                    long left = count < 0 ? MAX_BLOCK : Math.min(MAX_BLOCK, count - sent);
                    if (left == 0) {
                        return done();
                    }
                    long n = file.transferTo(offset + sent, left, sock);
                    if (n > 0) {
                        sent += n;
                        continue;
                    }
                    if (offset + sent >= file.size()) {
                        return done(); // the end of the file
                    }
                    Future<Void> f = loop.createFuture();
                    writable = f;
                    loop.addWriter(sock, () -> {
                        if (!f.done()) {
                            f.setResult(null);
                        }
                    });
                    return f;
                }
            } catch (Throwable failure) {
                if (sent > 0) {
                    positionQuietly();
                }
                throw failure;
            }
        }

        private Long done() throws IOException {
            if (sent > 0) {
                file.position(offset + sent);
            }
            return sent;
        }

        private void positionQuietly() {
            try {
                file.position(offset + sent);
            } catch (IOException ignored) {
                // The send's own error is the one to report.
            }
        }
    }
}
