/**
 * Streams: high-level, coroutine-based TCP, TLS and Unix socket connections, on the loop's own
 * selector.
 *
 * <p>{@link io.jasyncio.streams.Streams#openConnection(String, int)} connects and returns a
 * {@link io.jasyncio.streams.StreamReader} and a {@link io.jasyncio.streams.StreamWriter};
 * {@link io.jasyncio.streams.Streams#startServer} listens and runs a handler coroutine per
 * client. No thread is created per connection: every socket is a non-blocking channel watched
 * by the loop through {@link io.jasyncio.EventLoop#addReader} and
 * {@link io.jasyncio.EventLoop#addWriter}. Flow control works both ways: a reader whose buffer
 * passes twice its limit stops reading from the socket, and {@link
 * io.jasyncio.streams.StreamWriter#drain()} holds a writer back while more than the high-water
 * mark is buffered.
 *
 * <p>The same API runs over TLS ({@link io.jasyncio.SslOptions}, through
 * {@link javax.net.ssl.SSLEngine}; {@link io.jasyncio.streams.StreamWriter#startTls} upgrades a
 * plain connection) and over Unix domain sockets
 * ({@link io.jasyncio.streams.Streams#openUnixConnection(java.nio.file.Path)},
 * {@link io.jasyncio.streams.Streams#startUnixServer(ClientConnected, java.nio.file.Path)}).
 *
 * <p>Streams are a protocol over the same socket transport that
 * {@link io.jasyncio.EventLoop#createConnection} and {@link io.jasyncio.EventLoop#createServer}
 * hand to an application's {@link io.jasyncio.Protocol}: the same code does the connecting and
 * listening for both, and a {@link io.jasyncio.Server} serves either kind. Child processes as
 * streams ({@link io.jasyncio.streams.Subprocess}) sit on {@link
 * io.jasyncio.EventLoop#subprocessExec} and its pipe transports, as in asyncio.
 *
 * <p>Like everything on a loop, these objects are not thread-safe: use them from the loop
 * thread.
 *
 * @apiNote Mirrors Python's {@code asyncio.streams} page ({@code open_connection},
 *     {@code start_server}, {@code StreamReader}, {@code StreamWriter}), over a transport that
 *     mirrors asyncio's {@code _SelectorSocketTransport}, with asyncio's
 *     {@code StreamReaderProtocol} between them.
 */
package io.jasyncio.streams;
