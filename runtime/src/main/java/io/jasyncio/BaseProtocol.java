package io.jasyncio;

/**
 * What every stream protocol hears from its {@link Transport}, always on the loop's thread:
 * {@link #connectionMade} once, then the data callbacks of {@link Protocol} or
 * {@link BufferedProtocol}, then {@link #connectionLost} once, on a later loop iteration than
 * the {@code close()}, {@code abort()} or failure that ended the connection.
 * {@link #pauseWriting()} and {@link #resumeWriting()} come in pairs, whenever the transport's
 * write buffer crosses its water marks. Every method does nothing by default.
 *
 * <p>Implement {@link Protocol} (the transport hands over each chunk read) or
 * {@link BufferedProtocol} (the transport reads into the protocol's own buffer), not this
 * interface directly: a transport needs one of the two to deliver what it reads.
 *
 * @apiNote Mirrors {@code asyncio.BaseProtocol}.
 */
public interface BaseProtocol {

    /**
     * Called once when the connection is set up (for TLS: once the handshake is done), on a
     * loop iteration after the socket connected or was accepted and before the coroutine that
     * created the connection resumes. An exception thrown here goes to the loop's exception
     * handler; the connection stays open, as in asyncio.
     *
     * @param transport the connection's transport, to write to and close
     * @apiNote Mirrors {@code BaseProtocol.connection_made(transport)}.
     */
    default void connectionMade(Transport transport) {}

    /**
     * Called once when the connection is closed: after {@link Transport#close()} has flushed
     * the buffered bytes, after {@link Transport#abort()}, after the peer's end of stream when
     * the protocol did not keep the connection half-open, or after an error. The socket is
     * closed right after this returns. Not called if {@link #connectionMade} never was (a TLS
     * handshake that failed).
     *
     * @param error null for a regular close or end of stream, else the error that ended the
     *     connection
     * @apiNote Mirrors {@code BaseProtocol.connection_lost(exc)}.
     */
    default void connectionLost(Throwable error) {}

    /**
     * Called when the transport's write buffer goes over its high-water mark; the protocol
     * should stop writing until {@link #resumeWriting()}. An exception thrown here goes to the
     * loop's exception handler and the connection stays open.
     *
     * @apiNote Mirrors {@code BaseProtocol.pause_writing()}.
     */
    default void pauseWriting() {}

    /**
     * Called when the transport's write buffer is back at or under its low-water mark after
     * {@link #pauseWriting()}.
     *
     * @apiNote Mirrors {@code BaseProtocol.resume_writing()}.
     */
    default void resumeWriting() {}
}
