package io.jasyncio.internal.net;

import io.jasyncio.DatagramProtocol;
import io.jasyncio.DatagramTransport;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The transport of a datagram endpoint: a non-blocking {@link DatagramChannel} watched by its
 * loop's own selector, never a thread.
 *
 * <h2>Data structures</h2>
 * <ul>
 *   <li>Incoming: the reader callback receives one datagram per readiness event into a 64 KiB
 *       buffer shared by every transport of the thread (the loop thread; a UDP payload is at
 *       most 65,507 bytes over IPv4) and hands a copy to
 *       {@link DatagramProtocol#datagramReceived}.</li>
 *   <li>Outgoing: {@link #sendto} first tries the socket; a datagram the kernel does not take
 *       (its send buffer is full) waits, with its address, in a FIFO that the writer callback
 *       empties when the socket is writable again. Past the high-water mark (64 KiB) the
 *       protocol is told {@link DatagramProtocol#pauseWriting()}; under the low-water mark
 *       (16 KiB) {@link DatagramProtocol#resumeWriting()}.</li>
 * </ul>
 *
 * <h2>Closing</h2>
 * {@link #close()} stops receiving at once and, once the buffered datagrams are sent, calls
 * {@link DatagramProtocol#connectionLost} with null on a later iteration and closes the socket.
 * {@link #abort()} drops the buffered datagrams. Either way {@code connectionLost} runs once.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors asyncio's {@code _SelectorDatagramTransport}.
 */
final class SelectorDatagramTransport implements DatagramTransport {
    private static final int HIGH_WATER = 64 * 1024;
    private static final int LOW_WATER = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> RECEIVE_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(64 * 1024));

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final DatagramProtocol protocol;
    /** The connected peer, or null: then every {@code sendto} names its destination. */
    private final SocketAddress peer;

    private final ArrayDeque<Object[]> buffer = new ArrayDeque<>();
    private long bufferSize;
    private boolean protocolPaused;
    private boolean closing;
    /** Set once {@code connectionLost} is queued or running; later closes and sends do nothing. */
    private boolean lostQueued;

    private boolean lost;

    SelectorDatagramTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol, SocketAddress peer) {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.peer = peer;
        // asyncio's order: the protocol hears connectionMade before the first datagram, and
        // before the creator's await returns (the caller queues that after these two).
        loop.callSoon(() -> protocol.connectionMade(this));
        loop.callSoon(() -> {
            if (!closing) {
                loop.addReader(channel, this::onReadable);
            }
        });
    }

    private void onReadable() {
        if (lost) {
            return;
        }
        ByteBuffer buf = RECEIVE_BUFFER.get();
        buf.clear();
        SocketAddress from;
        try {
            from = channel.receive(buf);
        } catch (IOException e) {
            protocol.errorReceived(e);
            return;
        }
        if (from == null) {
            return; // spurious wake-up: nothing to receive after all
        }
        byte[] data = new byte[buf.position()];
        buf.flip().get(data);
        protocol.datagramReceived(data, from);
    }

    @Override
    public void sendto(byte[] data) {
        sendto(data, null);
    }

    @Override
    public void sendto(byte[] data, SocketAddress addr) {
        Objects.requireNonNull(data, "data");
        if (data.length == 0) {
            return;
        }
        if (peer != null) {
            if (addr != null && !addr.equals(peer)) {
                throw new IllegalArgumentException(
                        "DatagramTransport.sendto: invalid address " + addr + ": must be null or " + peer);
            }
            addr = peer;
        } else if (addr == null) {
            throw new IllegalStateException(
                    "DatagramTransport.sendto: the endpoint has no remote " + "address, so each datagram needs one");
        }
        if (lostQueued) {
            return;
        }
        if (buffer.isEmpty()) {
            try {
                if (send(data, addr)) {
                    return;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
            loop.addWriter(channel, this::onWritable);
        }
        buffer.add(new Object[] {data.clone(), addr});
        bufferSize += data.length;
        if (!protocolPaused && bufferSize > HIGH_WATER) {
            protocolPaused = true;
            protocol.pauseWriting();
        }
    }

    /** True if the kernel took the datagram, false if its buffer is full. */
    private boolean send(byte[] data, SocketAddress addr) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        if (peer != null) {
            return channel.write(b) > 0;
        }
        return channel.send(b, addr) > 0;
    }

    private void onWritable() {
        while (!buffer.isEmpty()) {
            Object[] head = buffer.poll();
            byte[] data = (byte[]) head[0];
            bufferSize -= data.length;
            try {
                if (!send(data, (SocketAddress) head[1])) {
                    buffer.addFirst(head);
                    bufferSize += data.length;
                    break;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
        }
        if (protocolPaused && bufferSize <= LOW_WATER) {
            protocolPaused = false;
            protocol.resumeWriting();
        }
        if (buffer.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                lostQueued = true;
                connectionLost(null);
            }
        }
    }

    @Override
    public long getWriteBufferSize() {
        return bufferSize;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        loop.removeReader(channel);
        if (buffer.isEmpty()) {
            loop.removeWriter(channel);
            lostQueued = true;
            loop.callSoon(() -> connectionLost(null));
        }
    }

    @Override
    public void abort() {
        if (lostQueued) {
            return;
        }
        buffer.clear();
        bufferSize = 0;
        if (channel.isOpen()) {
            loop.removeWriter(channel);
            loop.removeReader(channel);
        }
        closing = true;
        lostQueued = true;
        loop.callSoon(() -> connectionLost(null));
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public DatagramProtocol getProtocol() {
        return protocol;
    }

    @Override
    public Object getExtraInfo(String name) {
        Objects.requireNonNull(name, "name");
        switch (name) {
            case "sockname":
                try {
                    return channel.getLocalAddress();
                } catch (IOException closed) {
                    return null;
                }
            case "peername":
                return peer;
            case "socket":
                return channel;
            default:
                return null;
        }
    }

    private void connectionLost(Throwable error) {
        if (lost) {
            return;
        }
        lost = true;
        try {
            protocol.connectionLost(error);
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing is left to tell the protocol: it has just heard connectionLost.
            }
        }
    }

    @Override
    public String toString() {
        return "<DatagramTransport " + getExtraInfo("sockname") + (peer != null ? " -> " + peer : "")
                + (lost ? " closed" : closing ? " closing" : "") + ">";
    }
}
