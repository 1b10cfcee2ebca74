package io.jasyncio.internal.net;

import io.jasyncio.Asyncio;
import io.jasyncio.BaseProtocol;
import io.jasyncio.Connected;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Protocol;
import io.jasyncio.Transport;
import io.jasyncio.internal.handwritten.LambdaCoroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What {@link EventLoop#connectReadPipe} and {@link EventLoop#connectWritePipe} do: switch the
 * channel to non-blocking mode, put a selector-driven pipe transport and the factory's protocol
 * on it, and complete once the protocol heard {@code connectionMade}.
 *
 * @apiNote Mirrors {@code BaseEventLoop.connect_read_pipe} and {@code connect_write_pipe}.
 */
public final class Pipes {
    private Pipes() {}

    /**
     * What {@link EventLoop#connectReadPipe} does, on {@code loop}.
     *
     * @param loop the loop
     * @param protocolFactory makes the protocol
     * @param pipe a selectable, readable channel
     * @param <P> the protocol's type
     * @return a task of {@code loop} with the transport and the protocol
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the channel cannot be read or is closed
     * @throws UncheckedIOException if it cannot be made non-blocking
     */
    public static <P extends Protocol> Future<Connected<P>> connectReadPipe(
            EventLoop loop, Supplier<? extends P> protocolFactory, SelectableChannel pipe) {
        check(loop, protocolFactory, pipe, pipe instanceof ReadableByteChannel, "EventLoop.connectReadPipe");
        return loop.createTask(connect(
                "EventLoop.connectReadPipe",
                protocolFactory,
                (protocol, waiter) -> new SelectorReadPipe(Asyncio.getRunningLoop(), pipe, protocol, waiter)));
    }

    /**
     * What {@link EventLoop#connectWritePipe} does, on {@code loop}.
     *
     * @param loop the loop
     * @param protocolFactory makes the protocol
     * @param pipe a selectable, writable channel
     * @param <P> the protocol's type
     * @return a task of {@code loop} with the transport and the protocol
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the channel cannot be written or is closed
     * @throws UncheckedIOException if it cannot be made non-blocking
     */
    public static <P extends BaseProtocol> Future<Connected<P>> connectWritePipe(
            EventLoop loop, Supplier<? extends P> protocolFactory, SelectableChannel pipe) {
        check(loop, protocolFactory, pipe, pipe instanceof WritableByteChannel, "EventLoop.connectWritePipe");
        return loop.createTask(connect(
                "EventLoop.connectWritePipe",
                protocolFactory,
                (protocol, waiter) -> new SelectorWritePipe(Asyncio.getRunningLoop(), pipe, protocol, waiter)));
    }

    private static void check(
            EventLoop loop, Supplier<?> protocolFactory, SelectableChannel pipe, boolean rightKind, String method) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(pipe, "pipe");
        if (!rightKind) {
            throw new IllegalArgumentException(
                    method + ": Pipe transport is for pipes/sockets only (" + pipe + " cannot be used this way)");
        }
        if (!pipe.isOpen()) {
            throw new IllegalArgumentException(method + ": the channel is closed: " + pipe);
        }
        try {
            pipe.configureBlocking(false); // asyncio's os.set_blocking(fd, False)
        } catch (IOException e) {
            throw new UncheckedIOException(method + ": cannot use " + pipe, e);
        }
    }

    /** Makes a transport for the protocol, given a callback that completes the waiter. */
    private interface Maker<P> {
        Transport make(P protocol, Runnable waiter);
    }

    private static <P extends BaseProtocol> LambdaCoroutine<Connected<P>> connect(
            String name, Supplier<? extends P> protocolFactory, Maker<P> maker) {
        Object[] made = new Object[2];
        return new LambdaCoroutine<>(name, (v, e) -> {
            Transport t = (Transport) made[0];
            if (t != null) {
                if (e != null) {
                    t.close();
                    throw e;
                }
                @SuppressWarnings("unchecked")
                P protocol = (P) made[1];
                return new Connected<>(t, protocol);
            }
            if (e != null) {
                throw e;
            }
            P protocol = Objects.requireNonNull(protocolFactory.get(), "the protocol factory returned null");
            Future<Void> waiter = Asyncio.getRunningLoop().createFuture();
            made[0] = maker.make(protocol, () -> {
                if (!waiter.done()) {
                    waiter.setResult(null);
                }
            });
            made[1] = protocol;
            return waiter;
        });
    }
}
