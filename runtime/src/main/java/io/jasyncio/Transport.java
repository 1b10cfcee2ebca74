package io.jasyncio;

import java.nio.ByteBuffer;

/**
 * A bidirectional stream connection (TCP, a Unix domain socket, or either over TLS) on its
 * loop's selector, driving a {@link BaseProtocol}.
 *
 * <p>Writing never blocks: {@link #write} sends what the socket takes at once and buffers the
 * rest, which the transport flushes as the socket becomes writable. When the buffer goes over
 * the high-water mark (64 KiB by default) the protocol hears
 * {@link BaseProtocol#pauseWriting()}; once it is flushed down to the low-water mark (16 KiB)
 * {@link BaseProtocol#resumeWriting()}.
 *
 * <p>Closing: {@link #close()} stops reading at once and closes the socket after the buffered
 * bytes are sent; {@link #abort()} drops them. Either way the protocol's
 * {@link BaseProtocol#connectionLost} runs exactly once, on a later loop iteration.
 *
 * <p>Made by {@link EventLoop#createConnection} and by the servers of
 * {@link EventLoop#createServer}. Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.Transport} as implemented by asyncio's
 *     {@code _SelectorSocketTransport} (and, over TLS, {@code _SSLProtocolTransport}).
 */
public interface Transport {

    /**
     * The water marks of the write buffer.
     *
     * @param low the size at or under which a paused protocol hears {@code resumeWriting}
     * @param high the size over which the protocol hears {@code pauseWriting}
     * @apiNote Mirrors the {@code (low, high)} tuple of
     *     {@code WriteTransport.get_write_buffer_limits()}.
     */
    record WriteBufferLimits(int low, int high) {}

    /**
     * Sends {@code data}, buffering what the socket does not take at once; the array is not
     * kept. Writing to a transport whose connection is lost (or about to be, after a
     * {@link #close()} with nothing left to flush) is silently dropped, as in asyncio.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #writeEof()}
     * @apiNote Mirrors {@code WriteTransport.write(data)}.
     */
    void write(byte[] data);

    /**
     * Sends the bytes from {@code data}'s position to its limit and advances its position to
     * the limit; what the socket does not take at once is copied into the write buffer, so the
     * caller may reuse {@code data} as soon as this returns.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #writeEof()}
     * @apiNote Mirrors {@code WriteTransport.write(data)} for a {@code memoryview}.
     */
    void write(ByteBuffer data);

    /**
     * Writes each array of {@code data} in order.
     *
     * @param data the chunks
     * @throws IllegalStateException after {@link #writeEof()}
     * @apiNote Mirrors {@code WriteTransport.writelines(list_of_data)}.
     */
    default void writelines(Iterable<byte[]> data) {
        for (byte[] b : data) {
            write(b);
        }
    }

    /**
     * Closes the writing side once the buffered bytes are sent (a TCP half-close): the peer
     * reads end of stream and may go on sending. Does nothing if already done or closing.
     *
     * @throws UnsupportedOperationException over TLS, which has no half-close (see
     *     {@link #canWriteEof()})
     * @apiNote Mirrors {@code WriteTransport.write_eof()}.
     */
    void writeEof();

    /**
     * Tells whether {@link #writeEof()} is supported.
     *
     * @return true for plain TCP and Unix sockets, false over TLS
     * @apiNote Mirrors {@code WriteTransport.can_write_eof()}.
     */
    boolean canWriteEof();

    /**
     * Closes the connection: reading stops at once, the buffered bytes are sent, then the
     * protocol hears {@link BaseProtocol#connectionLost} with null and the socket is closed.
     * Closing twice does nothing.
     *
     * @apiNote Mirrors {@code BaseTransport.close()}.
     */
    void close();

    /**
     * Closes the connection at once, dropping the buffered bytes; the protocol hears
     * {@link BaseProtocol#connectionLost} with null on a later iteration.
     *
     * @apiNote Mirrors {@code WriteTransport.abort()}.
     */
    void abort();

    /**
     * Tells whether the transport is closing or closed.
     *
     * @return true after {@link #close()}, {@link #abort()} or a failure
     * @apiNote Mirrors {@code BaseTransport.is_closing()}.
     */
    boolean isClosing();

    /**
     * Transport information by name: {@code "peername"} and {@code "sockname"} (a
     * {@link java.net.SocketAddress}), {@code "socket"} (the
     * {@link java.nio.channels.SocketChannel}); over TLS also {@code "sslcontext"},
     * {@code "ssl_object"} (the {@link javax.net.ssl.SSLEngine}), {@code "cipher"} and
     * {@code "peercert"}.
     *
     * @param name the key
     * @return the value, or null if unknown or unavailable
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code BaseTransport.get_extra_info(name)}.
     */
    Object getExtraInfo(String name);

    /**
     * Transport information by name, or {@code defaultValue} where there is none.
     *
     * @param name the key
     * @param defaultValue what to return for an unknown or unavailable key
     * @return the value, or {@code defaultValue}
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code BaseTransport.get_extra_info(name, default)}.
     */
    default Object getExtraInfo(String name, Object defaultValue) {
        Object v = getExtraInfo(name);
        return v != null ? v : defaultValue;
    }

    /**
     * Stops reading from the socket until {@link #resumeReading()}: the protocol receives no
     * data meanwhile, and the peer's writes block once the kernel's buffers are full. Does
     * nothing if already paused or closing.
     *
     * @apiNote Mirrors {@code ReadTransport.pause_reading()}.
     */
    void pauseReading();

    /**
     * Reads from the socket again after {@link #pauseReading()}. Does nothing if not paused or
     * closing.
     *
     * @apiNote Mirrors {@code ReadTransport.resume_reading()}.
     */
    void resumeReading();

    /**
     * Tells whether the transport is reading.
     *
     * @return false while paused or once closing
     * @apiNote Mirrors {@code ReadTransport.is_reading()}.
     */
    boolean isReading();

    /**
     * Sets the water marks of the write buffer, then pauses the protocol at once if the buffer
     * is already over the new high-water mark.
     *
     * @param high the size over which the protocol hears {@code pauseWriting}
     * @param low the size at or under which it hears {@code resumeWriting}
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     * @apiNote Mirrors {@code WriteTransport.set_write_buffer_limits(high, low)}.
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * Sets the high-water mark, with the low-water mark at a quarter of it.
     *
     * @param high the size over which the protocol hears {@code pauseWriting}
     * @throws IllegalArgumentException if {@code high} is negative
     * @apiNote Mirrors {@code WriteTransport.set_write_buffer_limits(high)}.
     */
    default void setWriteBufferLimits(int high) {
        setWriteBufferLimits(high, high / 4);
    }

    /**
     * The water marks of the write buffer.
     *
     * @return the low and high marks
     * @apiNote Mirrors {@code WriteTransport.get_write_buffer_limits()}.
     */
    WriteBufferLimits getWriteBufferLimits();

    /**
     * How many bytes wait in the write buffer.
     *
     * @return the buffered size
     * @apiNote Mirrors {@code WriteTransport.get_write_buffer_size()}.
     */
    long getWriteBufferSize();

    /**
     * The protocol the transport drives.
     *
     * @return the protocol
     * @apiNote Mirrors {@code BaseTransport.get_protocol()}.
     */
    BaseProtocol getProtocol();

    /**
     * Switches to another protocol: from the next callback on, {@code protocol} hears what the
     * old one would have (it is not told {@code connectionMade}).
     *
     * @param protocol a {@link Protocol} or a {@link BufferedProtocol}
     * @throws IllegalArgumentException if it is neither
     * @throws NullPointerException if {@code protocol} is null
     * @apiNote Mirrors {@code BaseTransport.set_protocol(protocol)}.
     */
    void setProtocol(BaseProtocol protocol);
}
