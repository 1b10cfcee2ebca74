package io.jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A fixed group of event loops, one thread each, for a server that uses more than one core.
 * Each loop is an ordinary single-threaded loop with asyncio's semantics; what runs on one loop
 * never runs on another, so coroutines on the same loop share state without locks, and
 * coroutines on different loops share nothing but what they pass through thread-safe objects.
 *
 * <pre>{@code
 * try (EventLoopGroup group = new EventLoopGroup(Runtime.getRuntime().availableProcessors())) {
 *     List<Server> servers = group.createServer(Echo::new, "0.0.0.0", 8888, ServerOptions.DEFAULTS).join();
 *     group.submit(0, work()).join();
 * }
 * }</pre>
 *
 * <p><b>Spreading connections.</b> {@link #createServer} and {@link #serveOnEach} give every
 * loop its own listening socket on the same port with {@code SO_REUSEPORT}: the kernel (Linux
 * 3.9 and later) hashes each incoming connection to one of the listeners, and the loop that
 * owns it accepts it and serves it to the end. No loop accepts for another and no socket
 * crosses threads, so accepting scales with the loops. (One acceptor loop handing sockets
 * round-robin to the others would pay a cross-thread queue and a selector wake-up per
 * connection, on one thread.) The price: the kernel spreads by hash, not by load, and a
 * connection waiting in the backlog of a listener that closes is reset.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. The loops' threads are not
 * daemons: close the group (or let {@code try}-with-resources do it) to let the JVM exit.
 *
 * @apiNote asyncio has no such type: one process per core, each with its own loop and a
 *     {@code reuse_port=True} server, is Python's way. This mirrors Netty's
 *     {@code EventLoopGroup}: {@link #next()}, {@link #submit}, {@link #shutdownGracefully}.
 */
public final class EventLoopGroup implements AutoCloseable {
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final EventLoop[] loops;
    private final Thread[] threads;
    private final Future<Void>[] stops;
    /** Per loop, the servers the group started there; each list is used on its loop only. */
    private final List<List<Server>> servers = new ArrayList<>();

    private final AtomicInteger next = new AtomicInteger();
    private final Throwable[] failures;
    private volatile boolean closing;

    /**
     * Starts {@code nLoops} threads, each running a new event loop until the group is closed.
     *
     * @param nLoops how many loops, usually {@link Runtime#availableProcessors()}
     * @throws IllegalArgumentException if {@code nLoops} is not positive
     */
    public EventLoopGroup(int nLoops) {
        if (nLoops <= 0) {
            throw new IllegalArgumentException("EventLoopGroup: nLoops must be positive, got " + nLoops);
        }
        loops = new EventLoop[nLoops];
        threads = new Thread[nLoops];
        @SuppressWarnings("unchecked")
        Future<Void>[] made = (Future<Void>[]) new Future<?>[nLoops];
        stops = made;
        failures = new Throwable[nLoops];
        CountDownLatch started = new CountDownLatch(nLoops);
        int group = GROUPS.incrementAndGet();
        for (int i = 0; i < nLoops; i++) {
            servers.add(new ArrayList<>());
            int index = i;
            threads[i] = new Thread(() -> runLoop(index, started), "jasyncio-group-" + group + "-loop-" + i);
            threads[i].start();
        }
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("EventLoopGroup: interrupted while starting its loops", e);
        }
    }

    /**
     * A group with one loop per processor the JVM may use.
     *
     * @return the group
     */
    public static EventLoopGroup perCore() {
        return new EventLoopGroup(Runtime.getRuntime().availableProcessors());
    }

    /** The body of loop {@code i}'s thread: a runner's loop, run until told to stop. */
    private void runLoop(int i, CountDownLatch started) {
        Runner runner = new Runner();
        boolean counted = false;
        try {
            EventLoop loop = runner.getLoop();
            Future<Void> stop = loop.createFuture();
            loops[i] = loop;
            stops[i] = stop;
            counted = true;
            started.countDown();
            loop.runUntilComplete(stop);
        } catch (Throwable t) {
            failures[i] = t;
        } finally {
            if (!counted) {
                started.countDown(); // the loop could not be made: let the constructor go on
            }
            try {
                runner.close();
            } catch (Throwable t) {
                if (failures[i] == null) {
                    failures[i] = t;
                }
            }
        }
    }

    /**
     * How many loops the group has.
     *
     * @return the count
     */
    public int size() {
        return loops.length;
    }

    /**
     * Loop {@code index}; call its methods from its own thread only, except the thread-safe
     * ones ({@link EventLoop#callSoonThreadsafe}, {@link Asyncio#runCoroutineThreadsafe}).
     *
     * @param index from 0 to {@code size() - 1}
     * @return the loop
     * @throws IndexOutOfBoundsException if there is no such loop
     */
    public EventLoop loop(int index) {
        return loops[Objects.checkIndex(index, loops.length)];
    }

    /**
     * The next loop in turn, round-robin, for spreading work.
     *
     * @return a loop of the group
     * @apiNote Mirrors Netty's {@code EventLoopGroup.next()}.
     */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /**
     * Runs {@code callback} on loop {@code index}'s thread, on its next iteration.
     *
     * @param index the loop
     * @param callback what to run
     * @throws IndexOutOfBoundsException if there is no such loop
     * @throws IllegalStateException if the group is closed
     * @apiNote Mirrors {@code loop.call_soon_threadsafe(callback)}.
     */
    public void execute(int index, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkOpen("execute");
        loop(index).callSoonThreadsafe(callback);
    }

    /**
     * Runs {@code coro} as a task of loop {@code index}.
     *
     * @param index the loop
     * @param coro the coroutine
     * @param <T> its result type
     * @return a stage that completes with the task's result or exception; cancelling it
     *     cancels the task
     * @throws IndexOutOfBoundsException if there is no such loop
     * @throws IllegalStateException if the group is closed
     * @apiNote Mirrors {@code asyncio.run_coroutine_threadsafe(coro, loop)}.
     */
    public <T> CompletableFuture<T> submit(int index, Coroutine<T> coro) {
        Objects.requireNonNull(coro, "coro");
        checkOpen("submit");
        return Asyncio.runCoroutineThreadsafe(coro, loop(index));
    }

    /**
     * Runs {@code coro} as a task of the {@link #next()} loop.
     *
     * @param coro the coroutine
     * @param <T> its result type
     * @return a stage that completes with the task's result or exception
     * @throws IllegalStateException if the group is closed
     */
    public <T> CompletableFuture<T> submit(Coroutine<T> coro) {
        Objects.requireNonNull(coro, "coro");
        checkOpen("submit");
        return Asyncio.runCoroutineThreadsafe(coro, next());
    }

    /**
     * Starts one server on each loop, listening on the same port with {@code SO_REUSEPORT}:
     * {@code listen} is called on each loop's thread with the port to bind, first on loop 0
     * with {@code port}, then on the others with the port loop 0's server bound (so port 0
     * works). It must start a server with {@link ServerOptions#withReusePort} true, such as
     * {@code p -> Streams.startServer(handler, host, p, options.withReusePort(true), limit)}.
     * If one fails, those already started are closed. The group closes the servers when it is
     * closed.
     *
     * @param port the port; 0 lets loop 0's server pick one
     * @param listen starts a server on the running loop, given the port
     * @return a stage with the servers, in loop order; each belongs to its loop (close one
     *     with {@code execute(i, servers.get(i)::close)}); it fails as {@code listen} fails,
     *     with {@link IllegalArgumentException} where the platform lacks {@code SO_REUSEPORT}
     * @throws IllegalStateException if the group is closed
     */
    public CompletableFuture<List<Server>> serveOnEach(int port, IntFunction<? extends Awaitable<Server>> listen) {
        Objects.requireNonNull(listen, "listen");
        checkOpen("serveOnEach");
        List<Server> started = new ArrayList<>();
        CompletableFuture<Server> chain = onLoop(0, () -> listen.apply(port));
        for (int i = 1; i < loops.length; i++) {
            int index = i;
            chain = chain.thenCompose(previous -> {
                started.add(previous);
                int bound = started.get(0).port();
                return onLoop(index, () -> listen.apply(bound));
            });
        }
        CompletableFuture<List<Server>> all = new CompletableFuture<>();
        chain.whenComplete((last, error) -> {
            if (error == null) {
                started.add(last);
                all.complete(List.copyOf(started));
                return;
            }
            for (Server s : started) {
                s.getLoop().callSoonThreadsafe(s::close);
            }
            all.completeExceptionally(
                    error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                            ? error.getCause()
                            : error);
        });
        return all;
    }

    /**
     * Starts one server on each loop with {@link #serveOnEach}: every loop listens on
     * {@code host:port} with {@code SO_REUSEPORT} and serves the connections the kernel gives
     * its listener with a protocol from {@code protocolFactory}.
     *
     * @param protocolFactory makes each client's protocol; it is called on every loop's thread,
     *     so it must be thread-safe
     * @param host the address to bind; with port 0 it should name one address
     * @param port the port; 0 picks a free one, the same for every loop
     * @param options TLS, backlog (per loop); {@code reusePort} is set whatever it says
     * @return a stage with the servers, in loop order
     * @throws IllegalStateException if the group is closed
     * @apiNote Mirrors {@code loop.create_server(protocol_factory, host, port, reuse_port=True)}
     *     run in each of N processes.
     */
    public CompletableFuture<List<Server>> createServer(
            Supplier<? extends BaseProtocol> protocolFactory, String host, int port, ServerOptions options) {
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(host, "host");
        ServerOptions reusing = options.withReusePort(true);
        return serveOnEach(port, p -> Asyncio.getRunningLoop().createServer(protocolFactory, host, p, reusing));
    }

    /** Starts {@code work} on loop {@code i} and records the server it makes there. */
    private CompletableFuture<Server> onLoop(int i, Supplier<? extends Awaitable<Server>> work) {
        CompletableFuture<Server> cf = new CompletableFuture<>();
        EventLoop loop = loops[i];
        loop.callSoonThreadsafe(() -> {
            Future<Server> f;
            try {
                f = Asyncio.ensureFuture(work.get(), loop);
            } catch (Throwable t) {
                cf.completeExceptionally(t);
                return;
            }
            f.addDoneCallback(done -> {
                if (done.cancelled()) {
                    cf.cancel(false);
                } else if (done.exception() != null) {
                    cf.completeExceptionally(done.exception());
                } else if (closing) {
                    done.result().close();
                    cf.completeExceptionally(new IllegalStateException("EventLoopGroup: closed while starting"));
                } else {
                    servers.get(i).add(done.result());
                    cf.complete(done.result());
                }
            });
        });
        return cf;
    }

    private void checkOpen(String method) {
        if (closing) {
            throw new IllegalStateException("EventLoopGroup." + method + ": the group is closed");
        }
    }

    /**
     * Stops every loop: closes the servers the group started, then each loop's thread does
     * what {@link Runner#close()} does (cancels the remaining tasks and waits for them,
     * finalises async generators, shuts the default executor down, closes the loop). Waits up
     * to {@code timeout} for the threads to end. Calling it again waits again.
     *
     * @param timeout how long to wait for the loops' threads
     * @return true if every loop's thread ended in time
     * @throws IllegalStateException if called from one of the group's loops (it would wait for
     *     itself)
     * @apiNote Mirrors Netty's {@code EventLoopGroup.shutdownGracefully()}, with asyncio's
     *     shutdown ({@code asyncio.Runner.close()}) on each loop instead of a quiet period.
     */
    public boolean shutdownGracefully(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                throw new IllegalStateException(
                        "EventLoopGroup.shutdownGracefully: called from the group's own loop " + t.getName());
            }
        }
        if (!closing) {
            closing = true;
            for (int i = 0; i < loops.length; i++) {
                EventLoop loop = loops[i];
                if (loop == null || loop.isClosed()) {
                    continue;
                }
                List<Server> own = servers.get(i);
                Future<Void> stop = stops[i];
                try {
                    loop.callSoonThreadsafe(() -> {
                        own.forEach(Server::close);
                        if (!stop.done()) {
                            stop.setResult(null);
                        }
                    });
                } catch (IllegalStateException alreadyClosed) {
                    // The loop ended on its own (its thread failed): nothing to stop.
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                while (t.isAlive() && left > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedJoin(t, left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                    left = deadline - System.nanoTime();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops every loop as {@link #shutdownGracefully} does and waits for their threads without
     * a bound; then rethrows what a loop's thread failed with, if one did.
     *
     * @throws IllegalStateException if called from one of the group's loops, or wrapping the
     *     first failure of a loop's thread
     */
    @Override
    public void close() {
        shutdownGracefully(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
        for (Throwable t : failures) {
            if (t != null) {
                throw new IllegalStateException("EventLoopGroup.close: a loop failed", t);
            }
        }
    }

    @Override
    public String toString() {
        return "<EventLoopGroup loops=" + loops.length + (closing ? " closed" : "") + ">";
    }
}
