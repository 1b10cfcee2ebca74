package io.jasyncio.internal;

import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop's socket coroutines ({@code sockRecv}, {@code sockSendall}, {@code sockConnect},
 * {@code sockAccept}) and name resolution. Each tries its non-blocking system call first; only
 * when it would block does it register a reader or writer whose callback completes a future, and
 * wait (asyncio's {@code sock_recv} and friends, in {@code selector_events.py}).
 */
final class SockOps {
    private SockOps() {
    }

    /** Wakes {@code f} unless it is already done; the reader/writer callback of a waiting op. */
    private static Runnable waker(Future<Void> f) {
        return () -> {
            if (!f.done()) {
                f.setResult(null);
            }
        };
    }

    private static void requireNonBlocking(java.nio.channels.SelectableChannel ch) {
        if (ch.isBlocking()) {
            throw new IllegalArgumentException("the socket must be non-blocking: " + ch);
        }
    }

    static Coroutine<Integer> recvInto(SelectorEventLoop loop, SocketChannel ch, ByteBuffer buf) {
        requireNonBlocking(ch);
        return new IoFrame<>("EventLoop.sockRecvInto") {
            private boolean registered;

            @Override
            Object attempt() throws IOException {
                int n = ch.read(buf);
                if (n != 0 || !buf.hasRemaining()) {
                    return Math.max(n, 0); // asyncio's sock_recv_into returns 0 at end of stream
                }
                Future<Void> f = loop.createFuture();
                loop.addReader(ch, waker(f));
                registered = true;
                return f;
            }

            @Override
            void cleanup() {
                if (registered && ch.isOpen()) {
                    loop.removeReader(ch);
                }
                registered = false;
            }
        };
    }

    static Coroutine<ByteBuffer> recv(SelectorEventLoop loop, SocketChannel ch, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        ByteBuffer buf = ByteBuffer.allocate(n);
        return new IoFrame<>("EventLoop.sockRecv") {
            private boolean registered;

            @Override
            Object attempt() throws IOException {
                int r = ch.read(buf);
                if (r != 0 || n == 0) {
                    return buf.flip();
                }
                Future<Void> f = loop.createFuture();
                loop.addReader(ch, waker(f));
                registered = true;
                return f;
            }

            @Override
            void cleanup() {
                if (registered && ch.isOpen()) {
                    loop.removeReader(ch);
                }
                registered = false;
            }
        };
    }

    static Coroutine<Void> sendall(SelectorEventLoop loop, SocketChannel ch, ByteBuffer data) {
        requireNonBlocking(ch);
        return new IoFrame<>("EventLoop.sockSendall") {
            private boolean registered;

            @Override
            Object attempt() throws IOException {
                while (data.hasRemaining()) {
                    if (ch.write(data) == 0) {
                        Future<Void> f = loop.createFuture();
                        loop.addWriter(ch, waker(f));
                        registered = true;
                        return f;
                    }
                }
                return null;
            }

            @Override
            void cleanup() {
                if (registered && ch.isOpen()) {
                    loop.removeWriter(ch);
                }
                registered = false;
            }
        };
    }

    static Coroutine<Void> connect(SelectorEventLoop loop, SocketChannel ch, SocketAddress address) {
        requireNonBlocking(ch);
        return new IoFrame<>("EventLoop.sockConnect") {
            private int state; // 0: resolve if needed, 1: connect, 2: wait for finishConnect
            private SocketAddress target = address;
            private Future<List<InetSocketAddress>> resolving;
            private boolean registered;

            @Override
            Object attempt() throws IOException {
                if (state == 0) {
                    state = 1;
                    if (target instanceof InetSocketAddress && ((InetSocketAddress) target).isUnresolved()) {
                        InetSocketAddress a = (InetSocketAddress) target;
                        resolving = loop.runInExecutor(null, () -> resolve(a.getHostString(), a.getPort()));
                        return resolving;
                    }
                }
                if (state == 1) {
                    if (resolving != null) {
                        target = resolving.result().get(0);
                        resolving = null;
                    }
                    state = 2;
                    if (ch.connect(target)) {
                        return null;
                    }
                }
                if (ch.finishConnect()) {
                    return null;
                }
                Future<Void> f = loop.createFuture();
                loop.addWriter(ch, waker(f));
                registered = true;
                return f;
            }

            @Override
            void cleanup() {
                if (registered && ch.isOpen()) {
                    loop.removeWriter(ch);
                }
                registered = false;
            }
        };
    }

    static Coroutine<SocketChannel> accept(SelectorEventLoop loop, ServerSocketChannel ch) {
        requireNonBlocking(ch);
        return new IoFrame<>("EventLoop.sockAccept") {
            private boolean registered;

            @Override
            Object attempt() throws IOException {
                SocketChannel conn = ch.accept();
                if (conn != null) {
                    conn.configureBlocking(false);
                    return conn;
                }
                Future<Void> f = loop.createFuture();
                loop.addReader(ch, waker(f));
                registered = true;
                return f;
            }

            @Override
            void cleanup() {
                if (registered && ch.isOpen()) {
                    loop.removeReader(ch);
                }
                registered = false;
            }
        };
    }

    /**
     * Resolves {@code host} with the blocking resolver; runs on an executor thread, never on the
     * loop.
     */
    static List<InetSocketAddress> resolve(String host, int port) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress a : InetAddress.getAllByName(host)) {
            out.add(new InetSocketAddress(a, port));
        }
        return out;
    }
}
