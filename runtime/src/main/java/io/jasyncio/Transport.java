package io.jasyncio;

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
 * {@link EventLoop#createServer}; the loop's implementation is in its internal packages. Not
 * thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.Transport} as implemented by asyncio's
 *     {@code _SelectorSocketTransport} (and, over TLS, {@code _SSLProtocolTransport}).
 */
public interface Transport extends ReadTransport, WriteTransport {
    /**
     * Closes the connection: reading stops at once, the buffered bytes are sent, then the
     * protocol hears {@link BaseProtocol#connectionLost} with null and the socket is closed.
     * Closing twice does nothing.
     *
     * @apiNote Mirrors {@code BaseTransport.close()}.
     */
    @Override
    void close();

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
    @Override
    Object getExtraInfo(String name);

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
