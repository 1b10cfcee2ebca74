/**
 * Network transports on the loop's selector, built on {@link io.jasyncio.EventLoop}'s public
 * API: the stream socket transport ({@code SocketTransport}, TCP or Unix, plain or over TLS with
 * {@code TlsLayer}, asyncio's {@code _SelectorSocketTransport} and {@code SSLProtocol}), the
 * connect and bind code ({@code Sockets}), the listening server ({@code SocketServer}) and
 * datagram endpoints ({@code Datagrams}, {@code SelectorDatagramTransport}). The loop's
 * {@code createConnection}, {@code createServer}, {@code startTls} and
 * {@code createDatagramEndpoint} delegate here; the streams package uses {@link
 * io.jasyncio.internal.net.SocketStreams} and nothing else.
 *
 * <p>Not exported by the module.
 */
package io.jasyncio.internal.net;
