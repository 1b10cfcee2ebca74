package io.jasyncio;

import java.nio.ByteBuffer;

/**
 * The writing side of a transport. Writing never blocks: what the channel does not take at once
 * waits in the transport's write buffer, which it flushes as the channel becomes writable. When
 * the buffer goes over the high-water mark the protocol hears {@code pauseWriting()}; once it
 * is flushed down to the low-water mark, {@code resumeWriting()}.
 *
 * @apiNote Mirrors {@code asyncio.WriteTransport}.
 */
public interface WriteTransport extends BaseTransport {

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
     * Sends {@code data}, buffering what the channel does not take at once; the array is not
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
     * the limit; what the channel does not take at once is copied into the write buffer, so the
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
     * Closes the writing side once the buffered bytes are sent: the peer reads end of stream
     * (for a socket, a TCP half-close, and the peer may go on sending). Does nothing if already
     * done or closing.
     *
     * @throws UnsupportedOperationException where there is no half-close, such as over TLS (see
     *     {@link #canWriteEof()})
     * @apiNote Mirrors {@code WriteTransport.write_eof()}.
     */
    void writeEof();

    /**
     * Tells whether {@link #writeEof()} is supported.
     *
     * @return true for plain sockets and pipes, false over TLS
     * @apiNote Mirrors {@code WriteTransport.can_write_eof()}.
     */
    boolean canWriteEof();

    /**
     * Closes the transport at once, dropping the buffered bytes; the protocol hears that the
     * connection is lost on a later iteration.
     *
     * @apiNote Mirrors {@code WriteTransport.abort()}.
     */
    void abort();

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
}
