package io.jasyncio;

/**
 * What {@link EventLoop#createDatagramEndpoint} returns: the transport and the protocol of a new
 * datagram endpoint.
 *
 * @param transport the transport, to send and close
 * @param protocol the protocol the factory made, already told {@code connectionMade}
 * @param <P> the protocol's type
 * @apiNote Mirrors the {@code (transport, protocol)} tuple of
 *     {@code loop.create_datagram_endpoint}.
 */
public record DatagramEndpoint<P extends DatagramProtocol>(DatagramTransport transport, P protocol) {}
