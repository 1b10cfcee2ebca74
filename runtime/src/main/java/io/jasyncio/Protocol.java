package io.jasyncio;

import java.nio.ByteBuffer;

/**
 * A stream protocol that the transport hands each chunk it reads: {@link #connectionMade}, any
 * number of {@link #dataReceived}, at most one {@link #eofReceived}, then
 * {@link #connectionLost}.
 *
 * <pre>{@code
 * // Python: class Echo(asyncio.Protocol):
 * //             def connection_made(self, transport): self.transport = transport
 * //             def data_received(self, data): self.transport.write(data)
 * class Echo implements Protocol {
 *     Transport transport;
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(ByteBuffer data) { transport.write(data); }
 * }
 * }</pre>
 *
 * <p>An exception thrown by {@link #dataReceived} or {@link #eofReceived} goes to the loop's
 * exception handler (with the transport and the protocol in the context) and aborts the
 * connection: {@link #connectionLost} follows with that exception.
 *
 * @apiNote Mirrors {@code asyncio.Protocol}. asyncio passes each chunk as a new {@code bytes}
 *     object; here {@link #dataReceived} gets a {@link ByteBuffer} the transport lends for the
 *     duration of the call, so reading costs no allocation per chunk.
 */
public interface Protocol extends BaseProtocol {

    /**
     * Called with each chunk read, in order.
     *
     * @param data the bytes, from its position to its limit. The buffer is the transport's,
     *     shared with the other connections of the loop thread and reused once this returns:
     *     consume or copy the bytes during the call and keep no reference to it. Moving its
     *     position or writing into it is harmless. {@link Transport#write(ByteBuffer)} may be
     *     given it (the transport copies what it cannot send at once).
     * @apiNote Mirrors {@code Protocol.data_received(data)}.
     */
    default void dataReceived(ByteBuffer data) {}

    /**
     * Called once when the peer closes its writing side (a TCP half-close, or for TLS its
     * close_notify).
     *
     * @return true to keep the connection open for writing (the transport stops reading and
     *     the protocol closes it when done); false, the default, to have the transport close
     *     itself. Over TLS the connection is closed whatever this returns, as in asyncio.
     * @apiNote Mirrors {@code Protocol.eof_received()}, whose falsy default also closes.
     */
    default boolean eofReceived() {
        return false;
    }
}
