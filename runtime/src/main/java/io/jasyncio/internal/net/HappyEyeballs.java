package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connecting to several addresses in staggered parallel attempts (RFC 8305): attempt i+1 starts
 * when attempt i fails or {@code delay} after attempt i started, whichever comes first; the
 * first to connect wins and the others are cancelled (their sockets closed). Built on futures
 * and callbacks of the loop rather than a coroutine per attempt.
 *
 * @apiNote Mirrors asyncio's {@code staggered.staggered_race} as
 *     {@code BaseEventLoop.create_connection} uses it, with {@code _connect_sock} as each attempt
 *     and {@code _interleave_addrinfos} for the order.
 */
final class HappyEyeballs {
    private final EventLoop loop;
    private final List<? extends SocketAddress> addresses;
    private final double delay;
    private final InetSocketAddress local;
    /** The winning channel; cancelling it cancels the race. */
    final Future<SocketChannel> winner;

    private final List<Attempt> running = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private int next;
    private TimerHandle timer;

    private record Attempt(int index, SocketChannel channel, Task<Void> task) {}

    private HappyEyeballs(
            EventLoop loop, List<? extends SocketAddress> addresses, double delay, InetSocketAddress local) {
        this.loop = loop;
        this.addresses = addresses;
        this.delay = delay;
        this.local = local;
        this.winner = loop.createFuture();
        winner.addDoneCallback(f -> {
            if (f.cancelled()) {
                stop();
            }
        });
    }

    /**
     * Starts the race on {@code loop}, the running loop.
     *
     * @param addresses the addresses, in the order to try them (at least one)
     * @param delay seconds between two starts
     * @param local the local address to bind each socket to, or null
     * @return a future with the connected channel, or failing with asyncio's combination of
     *     the attempts' errors ({@link Sockets#combine})
     */
    static Future<SocketChannel> race(
            EventLoop loop, List<? extends SocketAddress> addresses, double delay, InetSocketAddress local) {
        HappyEyeballs race = new HappyEyeballs(loop, addresses, delay, local);
        race.startNext();
        return race.winner;
    }

    /**
     * asyncio's {@code _interleave_addrinfos}: the addresses grouped by family in order of first
     * appearance, {@code firstFamilyCount - 1} of the first family first, then one of each
     * family in turn.
     */
    static List<InetSocketAddress> interleave(List<InetSocketAddress> addresses, int firstFamilyCount) {
        Map<Boolean, List<InetSocketAddress>> byFamily = new LinkedHashMap<>();
        for (InetSocketAddress a : addresses) {
            byFamily.computeIfAbsent(a.getAddress() instanceof Inet6Address, k -> new ArrayList<>())
                    .add(a);
        }
        List<List<InetSocketAddress>> lists = new ArrayList<>();
        for (List<InetSocketAddress> l : byFamily.values()) {
            lists.add(new ArrayList<>(l));
        }
        List<InetSocketAddress> out = new ArrayList<>();
        if (firstFamilyCount > 1 && !lists.isEmpty()) {
            List<InetSocketAddress> first = lists.get(0);
            int n = Math.min(firstFamilyCount - 1, first.size());
            out.addAll(first.subList(0, n));
            first.subList(0, n).clear();
        }
        for (int i = 0; ; i++) {
            boolean any = false;
            for (List<InetSocketAddress> l : lists) {
                if (i < l.size()) {
                    out.add(l.get(i));
                    any = true;
                }
            }
            if (!any) {
                return out;
            }
        }
    }

    private void startNext() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (winner.done() || next >= addresses.size()) {
            finishIfLost();
            return;
        }
        int index = next++;
        SocketAddress address = addresses.get(index);
        SocketChannel channel = null;
        Task<Void> task;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (local != null) {
                Sockets.bindLocal(channel, local, address);
            }
            task = loop.createTask(loop.sockConnect(channel, address));
        } catch (IOException | RuntimeException e) {
            Sockets.closeQuietly(channel);
            errors.add(e);
            startNext(); // a failed attempt lets the next one start at once
            return;
        }
        Attempt attempt = new Attempt(index, channel, task);
        running.add(attempt);
        task.addDoneCallback(f -> attemptDone(attempt));
        if (next < addresses.size()) {
            timer = loop.callLater(delay, this::startNext);
        }
    }

    private void attemptDone(Attempt attempt) {
        running.remove(attempt);
        Task<Void> task = attempt.task();
        if (winner.done() || task.cancelled()) {
            Sockets.closeQuietly(attempt.channel());
            return;
        }
        Throwable e = task.exception();
        if (e == null) {
            winner.setResult(attempt.channel());
            stop();
            return;
        }
        Sockets.closeQuietly(attempt.channel());
        errors.add(e);
        if (next == attempt.index() + 1) {
            startNext(); // the attempt waiting on this one starts now, not after its delay
        } else {
            finishIfLost();
        }
    }

    /** Fails the race once every address was tried and no attempt is still running. */
    private void finishIfLost() {
        if (!winner.done() && next >= addresses.size() && running.isEmpty()) {
            winner.setException(Sockets.combine(errors));
        }
    }

    /** Cancels the timer and the attempts still running; each closes its socket when done. */
    private void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        for (Attempt a : List.copyOf(running)) {
            a.task().cancel();
        }
    }
}
