package io.jasyncio;

import java.nio.ByteBuffer;

/**
 * A stream protocol that owns its receive buffer: the transport asks it for a buffer with
 * {@link #getBuffer}, reads from the socket straight into it, and says how many bytes it put
 * there with {@link #bufferUpdated}. Nothing is copied between the socket and the protocol's
 * buffer, and nothing is allocated per read.
 *
 * <p>The order is {@link #connectionMade}, then any number of {@code getBuffer} /
 * {@code bufferUpdated} pairs, at most one {@link #eofReceived}, then {@link #connectionLost}.
 * An exception thrown by {@code getBuffer}, {@code bufferUpdated} or {@code eofReceived} goes to
 * the loop's exception handler and aborts the connection.
 *
 * <p>Over TLS the transport decrypts into a buffer of its own and copies the plain bytes into
 * the protocol's buffers, asking for as many as it needs.
 *
 * @apiNote Mirrors {@code asyncio.BufferedProtocol}.
 */
public interface BufferedProtocol extends BaseProtocol {

    /**
     * Called before each read: the buffer to read into.
     *
     * @param sizeHint the size the transport would like, or -1 if it has no preference; the
     *     buffer may be smaller or larger, but must have room
     * @return a buffer whose remaining space (position to limit) receives the bytes; the
     *     transport advances its position past what it writes
     * @apiNote Mirrors {@code BufferedProtocol.get_buffer(sizehint)}. asyncio fails the
     *     connection on an empty buffer, and so does a transport here.
     */
    ByteBuffer getBuffer(int sizeHint);

    /**
     * Called after a read put {@code nbytes} bytes into the buffer {@link #getBuffer} returned,
     * just before its position.
     *
     * @param nbytes how many bytes were written, at least 1
     * @apiNote Mirrors {@code BufferedProtocol.buffer_updated(nbytes)}.
     */
    void bufferUpdated(int nbytes);

    /**
     * Called once when the peer closes its writing side.
     *
     * @return true to keep the connection open for writing; false, the default, to have the
     *     transport close itself (always the case over TLS)
     * @apiNote Mirrors {@code BufferedProtocol.eof_received()}.
     */
    default boolean eofReceived() {
        return false;
    }
}
