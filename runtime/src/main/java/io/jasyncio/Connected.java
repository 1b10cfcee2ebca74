package io.jasyncio;

/**
 * What {@link EventLoop#createConnection} returns: the transport of the new connection and the
 * protocol the factory made for it.
 *
 * @param transport the transport, to write to and close
 * @param protocol the protocol, already told {@code connectionMade}
 * @param <P> the protocol's type
 * @apiNote Mirrors the {@code (transport, protocol)} tuple of {@code loop.create_connection}.
 */
public record Connected<P extends BaseProtocol>(Transport transport, P protocol) {}
