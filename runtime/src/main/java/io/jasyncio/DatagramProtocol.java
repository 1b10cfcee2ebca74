package io.jasyncio;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * What a datagram endpoint calls back, always on its loop's thread, in this order:
 * {@link #connectionMade} once, then any number of {@link #datagramReceived} and
 * {@link #errorReceived}, then {@link #connectionLost} once after the transport is closed.
 * Every method does nothing by default.
 *
 * <p>An exception thrown by a callback goes to the loop's exception handler; the endpoint stays
 * open.
 *
 * @apiNote Mirrors {@code asyncio.DatagramProtocol}, with {@code pause_writing} and
 *     {@code resume_writing} of {@code asyncio.BaseProtocol}.
 */
public interface DatagramProtocol {

    /**
     * Called once the socket is bound (and connected, for an endpoint with a remote address),
     * before the coroutine that created the endpoint returns.
     *
     * @param transport the endpoint's transport
     * @apiNote Mirrors {@code BaseProtocol.connection_made(transport)}.
     */
    default void connectionMade(DatagramTransport transport) {}

    /**
     * Called for each datagram received.
     *
     * @param data the datagram's payload, a fresh array the protocol may keep
     * @param addr the sender's address
     * @apiNote Mirrors {@code DatagramProtocol.datagram_received(data, addr)}.
     */
    default void datagramReceived(byte[] data, SocketAddress addr) {}

    /**
     * Called when a send or a receive fails; the endpoint stays open. On a connected endpoint,
     * an ICMP "port unreachable" answer to an earlier datagram arrives here as a
     * {@link java.net.PortUnreachableException}.
     *
     * @param error the error
     * @apiNote Mirrors {@code DatagramProtocol.error_received(exc)}, where the same event is a
     *     {@code ConnectionRefusedError}.
     */
    default void errorReceived(IOException error) {}

    /**
     * Called once when the endpoint is closed, after its buffered datagrams were sent (for
     * {@link DatagramTransport#close()}) or dropped (for {@link DatagramTransport#abort()}).
     * The socket is closed right after this returns.
     *
     * @param error null for a normal close, else the error that ended the endpoint
     * @apiNote Mirrors {@code BaseProtocol.connection_lost(exc)}.
     */
    default void connectionLost(Throwable error) {}

    /**
     * Called when the transport's send buffer goes over its high-water mark.
     *
     * @apiNote Mirrors {@code BaseProtocol.pause_writing()}.
     */
    default void pauseWriting() {}

    /**
     * Called when the transport's send buffer is back under its low-water mark after
     * {@link #pauseWriting()}.
     *
     * @apiNote Mirrors {@code BaseProtocol.resume_writing()}.
     */
    default void resumeWriting() {}
}
