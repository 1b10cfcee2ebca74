package io.jasyncio.internal;

import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The loop's socket coroutines ({@code sockRecv}, {@code sockSendall}, {@code sockConnect},
 * {@code sockAccept}) and name resolution. Each tries its non-blocking system call first; only
 * when it would block does it register a reader or writer whose callback completes a future, and
 * wait (asyncio's {@code sock_recv} and friends, in {@code selector_events.py}).
 */
final class SockOps {
    private SockOps() {}

    private static void requireNonBlocking(SelectableChannel ch) {
        if (ch.isBlocking()) {
            throw new IllegalArgumentException("the socket must be non-blocking: " + ch);
        }
    }

    static Coroutine<Integer> recvInto(SelectorEventLoop loop, SocketChannel ch, ByteBuffer buf) {
        requireNonBlocking(ch);
        // asyncio's sock_recv_into returns 0 at end of stream, where read() gives -1.
        return receive("EventLoop.sockRecvInto", loop, ch, buf, n -> Math.max(n, 0));
    }

    static Coroutine<ByteBuffer> recv(SelectorEventLoop loop, SocketChannel ch, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        requireNonBlocking(ch);
        ByteBuffer buf = ByteBuffer.allocate(n);
        return receive("EventLoop.sockRecv", loop, ch, buf, r -> buf.flip());
    }

    /** One read into {@code buf} once there is something to read (or the buffer is full). */
    private static <T> Coroutine<T> receive(
            String name, SelectorEventLoop loop, SocketChannel ch, ByteBuffer buf, IntFunction<T> result) {
        return new IoFrame<>(name, loop) {
            @Override
            Object attempt() throws IOException {
                int n = ch.read(buf);
                if (n != 0 || !buf.hasRemaining()) {
                    return result.apply(n);
                }
                return whenReadable(ch);
            }
        };
    }

    static Coroutine<Void> sendall(SelectorEventLoop loop, SocketChannel ch, ByteBuffer data) {
        requireNonBlocking(ch);
        return new IoFrame<>("EventLoop.sockSendall", loop) {
            @Override
            Object attempt() throws IOException {
                while (data.hasRemaining()) {
                    if (ch.write(data) == 0) {
                        return whenWritable(ch);
                    }
                }
                return null;
            }
        };
    }

    static Coroutine<Void> connect(SelectorEventLoop loop, SocketChannel ch, SocketAddress address) {
        requireNonBlocking(ch);
        return new IoFrame<>("EventLoop.sockConnect", loop) {
            private int state; // 0: resolve if needed, 1: connect, 2: wait for finishConnect
            private SocketAddress target = address;
            private Future<List<InetSocketAddress>> resolving;

            @Override
            Object attempt() throws IOException {
                if (state == 0) {
                    state = 1;
                    if (target instanceof InetSocketAddress a && ((InetSocketAddress) target).isUnresolved()) {
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
                return whenWritable(ch);
            }
        };
    }

    static Coroutine<SocketChannel> accept(SelectorEventLoop loop, ServerSocketChannel ch) {
        requireNonBlocking(ch);
        return new IoFrame<>("EventLoop.sockAccept", loop) {
            @Override
            Object attempt() throws IOException {
                SocketChannel conn = ch.accept();
                if (conn != null) {
                    conn.configureBlocking(false);
                    return conn;
                }
                return whenReadable(ch);
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
