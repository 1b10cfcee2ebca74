package io.jasyncio;

/**
 * What {@link EventLoop#subprocessExec} and {@link EventLoop#subprocessShell} return: the
 * transport and the protocol of a new child process.
 *
 * @param transport the transport: pipes, pid, return code, signals, close
 * @param protocol the protocol the factory made, already told {@code connectionMade}
 * @param <P> the protocol's type
 * @apiNote Mirrors the {@code (transport, protocol)} tuple of {@code loop.subprocess_exec} and
 *     {@code loop.subprocess_shell}.
 */
public record SubprocessEndpoint<P extends SubprocessProtocol>(SubprocessTransport transport, P protocol) {}
