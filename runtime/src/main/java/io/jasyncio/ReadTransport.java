package io.jasyncio;

/**
 * The reading side of a transport: incoming data reaches the protocol until reading is paused.
 *
 * @apiNote Mirrors {@code asyncio.ReadTransport}.
 */
public interface ReadTransport extends BaseTransport {
    /**
     * Stops reading until {@link #resumeReading()}: the protocol receives no data meanwhile, and
     * the peer's writes block once the buffers between are full. Does nothing if already paused
     * or closing.
     *
     * @apiNote Mirrors {@code ReadTransport.pause_reading()}.
     */
    void pauseReading();

    /**
     * Reads again after {@link #pauseReading()}. Does nothing if not paused or closing.
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
}
