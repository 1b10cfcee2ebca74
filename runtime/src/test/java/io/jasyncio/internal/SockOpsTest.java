package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** The loop's socket coroutines at the edges asyncio defines (end of stream). */
class SockOpsTest {
    // Python 3.11: after the peer closes, `await loop.sock_recv_into(sock, buf)` returns 0 and
    // `await loop.sock_recv(sock, 100)` returns b''.
    @Test
    void sockRecvIntoAndSockRecvReturnNothingAtEndOfStream() throws IOException {
        SelectorEventLoop loop = new SelectorEventLoop();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                    SocketChannel server = listener.accept()) {
                server.configureBlocking(false);
                client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                client.close();
                ByteBuffer buf = ByteBuffer.allocate(10);
                assertEquals(3, loop.runUntilComplete(loop.sockRecvInto(server, buf)));
                assertEquals(0, loop.runUntilComplete(loop.sockRecvInto(server, buf)));
                assertEquals(
                        0, loop.runUntilComplete(loop.sockRecv(server, 100)).remaining());
            }
        } finally {
            loop.close();
        }
    }
}
