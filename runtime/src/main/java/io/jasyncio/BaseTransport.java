package io.jasyncio;

/**
 * What every transport offers: closing it and asking about it. A transport is the loop's side
 * of a channel (a socket, a datagram endpoint, a child's pipe or the child itself); the user's
 * side is a protocol it calls back.
 *
 * <p>Not thread-safe: use a transport from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.BaseTransport}.
 */
public interface BaseTransport {
    /**
     * Closes the transport; what it still has to send goes out first where the transport
     * buffers writes, and its protocol hears that the connection is lost on a later iteration.
     * Closing twice does nothing.
     *
     * @apiNote Mirrors {@code BaseTransport.close()}.
     */
    void close();

    /**
     * Tells whether the transport is closing or closed.
     *
     * @return true after {@link #close()}, an abort or a failure
     * @apiNote Mirrors {@code BaseTransport.is_closing()}.
     */
    boolean isClosing();

    /**
     * Transport information by name; each kind of transport documents its keys (such as
     * {@code "peername"}, {@code "sockname"} and {@code "socket"} for sockets).
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
}
