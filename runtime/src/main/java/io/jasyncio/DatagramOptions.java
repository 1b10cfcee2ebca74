package io.jasyncio;

/**
 * The socket options of {@link EventLoop#createDatagramEndpoint(java.util.function.Supplier,
 * java.net.SocketAddress, java.net.SocketAddress, DatagramOptions)}.
 *
 * @param reusePort set {@code SO_REUSEPORT}, so several endpoints may bind the same address and
 *     port (the kernel spreads incoming datagrams among them); fails the endpoint with
 *     {@link UnsupportedOperationException} where the platform lacks the option
 * @param allowBroadcast set {@code SO_BROADCAST}, so the endpoint may send to a broadcast
 *     address
 * @apiNote Mirrors the {@code reuse_port} and {@code allow_broadcast} keyword arguments of
 *     {@code loop.create_datagram_endpoint}. asyncio refuses {@code reuse_address} for UDP since
 *     Python 3.8 (another process could steal the datagrams), so it is not offered here.
 */
public record DatagramOptions(boolean reusePort, boolean allowBroadcast) {

    /** No option set. */
    public static final DatagramOptions DEFAULTS = new DatagramOptions(false, false);

    /**
     * A copy with {@code SO_REUSEPORT} set or not.
     *
     * @param on whether to set it
     * @return the new options
     */
    public DatagramOptions withReusePort(boolean on) {
        return new DatagramOptions(on, allowBroadcast);
    }

    /**
     * A copy with {@code SO_BROADCAST} set or not.
     *
     * @param on whether to set it
     * @return the new options
     */
    public DatagramOptions withAllowBroadcast(boolean on) {
        return new DatagramOptions(reusePort, on);
    }
}
