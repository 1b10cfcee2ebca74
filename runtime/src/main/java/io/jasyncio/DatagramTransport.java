package io.jasyncio;

import java.net.SocketAddress;

/**
 * The transport of a datagram endpoint (UDP), made by {@link EventLoop#createDatagramEndpoint}:
 * a non-blocking socket watched by its loop's own selector, never a thread.
 *
 * <p>Each incoming datagram reaches {@link DatagramProtocol#datagramReceived}. {@link #sendto}
 * first tries the socket; a datagram the kernel does not take waits, with its address, in a
 * FIFO that the transport empties when the socket is writable again. Past the high-water mark
 * (64 KiB) the protocol is told {@link DatagramProtocol#pauseWriting()}; under the low-water
 * mark (16 KiB) {@link DatagramProtocol#resumeWriting()}.
 *
 * <p>Closing: {@link #close()} stops receiving at once and, once the buffered datagrams are
 * sent, calls {@link DatagramProtocol#connectionLost} with null on a later iteration and closes
 * the socket. {@link #abort()} drops the buffered datagrams. Either way {@code connectionLost}
 * runs once.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.DatagramTransport}.
 */
public interface DatagramTransport extends BaseTransport {
    /**
     * Sends {@code data} to the connected peer. The datagram goes out at once if the kernel takes
     * it, else it is buffered and sent when the socket is writable; it is never split. An empty
     * array sends nothing. A send error goes to {@link DatagramProtocol#errorReceived}. Sending
     * on a closed transport is silently dropped.
     *
     * @param data the datagram
     * @throws NullPointerException if {@code data} is null
     * @throws IllegalStateException if the endpoint has no remote address
     * @apiNote Mirrors {@code DatagramTransport.sendto(data)}.
     */
    void sendto(byte[] data);

    /**
     * Sends {@code data} to {@code addr}, or to the connected peer when {@code addr} is null.
     * The datagram goes out at once if the kernel takes it, else it is buffered and sent when
     * the socket is writable. An empty array sends nothing. A send error goes to
     * {@link DatagramProtocol#errorReceived}. Sending on a closed transport is silently
     * dropped (asyncio drops it on a connected endpoint and reports a bad socket on an
     * unconnected one).
     *
     * @param data the datagram
     * @param addr where to send it; null or the peer's address on a connected endpoint
     * @throws NullPointerException if {@code data} is null
     * @throws IllegalArgumentException if {@code addr} is not the peer of a connected endpoint
     * @throws IllegalStateException if {@code addr} is null and the endpoint is not connected
     * @apiNote Mirrors {@code DatagramTransport.sendto(data, addr=None)}, whose
     *     {@code ValueError} is an {@link IllegalArgumentException} here.
     */
    void sendto(byte[] data, SocketAddress addr);

    /**
     * How many bytes of datagrams wait to be sent.
     *
     * @return the buffered size
     * @apiNote Mirrors {@code transport.get_write_buffer_size()}.
     */
    long getWriteBufferSize();

    /**
     * Closes the endpoint: stops receiving at once; once the buffered datagrams are sent,
     * {@link DatagramProtocol#connectionLost} runs with null on a later iteration and the socket
     * is closed. Closing twice does nothing.
     *
     * @apiNote Mirrors {@code BaseTransport.close()}.
     */
    @Override
    void close();

    /**
     * Closes the endpoint at once, dropping the buffered datagrams;
     * {@link DatagramProtocol#connectionLost} runs with null on a later iteration.
     *
     * @apiNote Mirrors {@code DatagramTransport.abort()}.
     */
    void abort();

    /**
     * The protocol this transport calls back.
     *
     * @return the protocol
     * @apiNote Mirrors {@code BaseTransport.get_protocol()}.
     */
    DatagramProtocol getProtocol();

    /**
     * Transport information by name: {@code "sockname"} (the bound
     * {@link java.net.SocketAddress}), {@code "peername"} (the connected peer, null if none),
     * {@code "socket"} (the {@link java.nio.channels.DatagramChannel}).
     *
     * @param name the key
     * @return the value, or null if unknown or unavailable (a closed socket has no name)
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code BaseTransport.get_extra_info(name, default=None)}.
     */
    @Override
    Object getExtraInfo(String name);
}
