package io.jasyncio.internal.net;

import io.jasyncio.DatagramEndpoint;
import io.jasyncio.DatagramOptions;
import io.jasyncio.DatagramProtocol;
import io.jasyncio.DatagramTransport;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link EventLoop#createDatagramEndpoint}'s work, on the loop's public API only: resolve the
 * addresses off the loop thread, open, configure, bind and connect a non-blocking
 * {@link DatagramChannel}, then hand it to a {@link SelectorDatagramTransport}.
 */
public final class Datagrams {
    private Datagrams() {}

    /**
     * Opens a datagram endpoint on {@code loop}.
     *
     * @param loop the loop
     * @param protocolFactory makes the protocol, called once the socket is bound
     * @param localAddr where to bind, or null
     * @param remoteAddr the peer to connect to, or null
     * @param options the socket options
     * @param <P> the protocol's type
     * @return a future of {@code loop} with the transport and the protocol
     * @throws IllegalArgumentException if both addresses are null, or one is not an
     *     {@link InetSocketAddress}
     * @throws NullPointerException if {@code protocolFactory} or {@code options} is null
     * @apiNote What {@code EventLoop.createDatagramEndpoint} does.
     */
    public static <P extends DatagramProtocol> Future<DatagramEndpoint<P>> create(
            EventLoop loop,
            Supplier<? extends P> protocolFactory,
            SocketAddress localAddr,
            SocketAddress remoteAddr,
            DatagramOptions options) {
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(options, "options");
        if (localAddr == null && remoteAddr == null) {
            throw new IllegalArgumentException("EventLoop.createDatagramEndpoint: give a local address, "
                    + "a remote address or both (asyncio: \"unexpected address family\")");
        }
        checkInet(localAddr, "localAddr");
        checkInet(remoteAddr, "remoteAddr");
        Future<DatagramEndpoint<P>> result = loop.createFuture();
        Future<List<InetSocketAddress>> local = resolve(loop, (InetSocketAddress) localAddr);
        Future<List<InetSocketAddress>> remote = resolve(loop, (InetSocketAddress) remoteAddr);
        Runnable open = () -> {
            if (result.done()) {
                return; // cancelled while resolving
            }
            try {
                InetSocketAddress l = pick(local, (InetSocketAddress) localAddr, null);
                InetSocketAddress r = pick(remote, (InetSocketAddress) remoteAddr, l);
                open(loop, protocolFactory, l, r, options, result);
            } catch (Throwable t) {
                result.setException(t);
            }
        };
        int[] pending = {(local != null ? 1 : 0) + (remote != null ? 1 : 0)};
        if (pending[0] == 0) {
            open.run();
        } else {
            Consumer<Future<List<InetSocketAddress>>> done = f -> {
                if (--pending[0] == 0) {
                    open.run();
                }
            };
            if (local != null) {
                local.addDoneCallback(done);
            }
            if (remote != null) {
                remote.addDoneCallback(done);
            }
        }
        return result;
    }

    private static void checkInet(SocketAddress a, String what) {
        if (a != null && !(a instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("EventLoop.createDatagramEndpoint: " + what
                    + " must be an InetSocketAddress (DatagramChannel speaks UDP only), not " + a);
        }
    }

    /** Null when {@code a} needs no look-up. */
    private static Future<List<InetSocketAddress>> resolve(EventLoop loop, InetSocketAddress a) {
        return a != null && a.isUnresolved() ? loop.getaddrinfo(a.getHostString(), a.getPort()) : null;
    }

    /** The address to use: as given, or the first resolved one of the local side's family. */
    private static InetSocketAddress pick(
            Future<List<InetSocketAddress>> resolved, InetSocketAddress given, InetSocketAddress local)
            throws Throwable {
        if (resolved == null) {
            return given;
        }
        if (resolved.exception() != null) {
            throw resolved.exception();
        }
        List<InetSocketAddress> all = resolved.result();
        if (local != null && !local.isUnresolved()) {
            for (InetSocketAddress a : all) {
                if ((a.getAddress() instanceof Inet4Address) == (local.getAddress() instanceof Inet4Address)) {
                    return a;
                }
            }
        }
        if (all.isEmpty()) {
            throw new UnknownHostException(given.getHostString());
        }
        return all.get(0);
    }

    private static <P extends DatagramProtocol> void open(
            EventLoop loop,
            Supplier<? extends P> factory,
            InetSocketAddress local,
            InetSocketAddress remote,
            DatagramOptions options,
            Future<DatagramEndpoint<P>> result)
            throws IOException {
        InetSocketAddress any = local != null ? local : remote;
        ProtocolFamily family =
                any.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        DatagramChannel ch = DatagramChannel.open(family);
        P protocol;
        try {
            ch.configureBlocking(false);
            if (options.reusePort()) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (options.allowBroadcast()) {
                ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (local != null) {
                ch.bind(local);
            }
            if (remote != null) {
                ch.connect(remote);
            }
            protocol = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
        } catch (Throwable t) {
            ch.close();
            throw t;
        }
        DatagramTransport transport = new SelectorDatagramTransport(loop, ch, protocol, remote);
        DatagramEndpoint<P> endpoint = new DatagramEndpoint<>(transport, protocol);
        // Queued after the transport's connectionMade, so the creator resumes after it (asyncio).
        loop.callSoon(() -> {
            if (result.cancelled()) {
                transport.close();
            } else {
                result.setResult(endpoint);
            }
        });
    }
}
