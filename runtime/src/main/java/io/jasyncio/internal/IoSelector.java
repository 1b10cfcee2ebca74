package io.jasyncio.internal;

import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The seam between the event loop and the operating system's readiness notification: waiting
 * for I/O, being woken from another thread, and releasing the resources.
 *
 * <p>The loop holds one of these and never a {@link Selector} directly, so tests can plug in a
 * fake one that records the timeouts the loop asks for, and the loop's order of operations stays
 * readable in one method. {@link NioSelector} is the real implementation.
 *
 * <h2>Threading</h2>
 * {@link #select(long)}, {@link #close()} and {@link #bind(Consumer)} are called by the loop
 * thread only; {@link #wakeup()} by any thread.
 *
 * @apiNote Plays the role of asyncio's {@code selectors.BaseSelector} as the loop uses it in
 *     {@code _run_once}, and of Netty 4.2's {@code IoHandler}.
 */
public interface IoSelector {

    /**
     * Connects this selector to the loop that owns it: every I/O callback that becomes ready
     * during {@link #select(long)} is handed to {@code ready}, which appends it to the loop's
     * ready queue. The loop calls this once, from its constructor.
     *
     * @param ready where ready I/O callbacks go
     */
    default void bind(Consumer<Runnable> ready) {}

    /**
     * Waits until some registered channel is ready, {@link #wakeup()} is called, or the timeout
     * expires, and queues the callbacks of the ready channels.
     *
     * @param timeoutNanos how long to wait: -1 to wait indefinitely, 0 to poll without waiting
     * @return how many channels were ready
     * @throws java.io.UncheckedIOException if the selector fails
     */
    int select(long timeoutNanos);

    /**
     * Tells whether any channel is registered, that is whether a poll could find anything. When
     * none is, the loop skips its zero-timeout polls: each is a system call, and a busy loop
     * (a task yielding with {@code sleep(0)}, a simulation on virtual time) would otherwise pay
     * one per iteration, a hundred times the cost of the iteration itself.
     *
     * @return true if a channel is registered; true by default, so a selector that cannot tell
     *     is always polled
     */
    default boolean hasChannels() {
        return true;
    }

    /**
     * Makes the current {@link #select(long)} return at once, or the next one if none is in
     * progress. Any thread may call this.
     */
    void wakeup();

    /** Releases the selector. Closing twice does nothing. */
    void close();

    /**
     * The NIO selector behind this seam, for registering channels.
     *
     * @return the selector, or null for a selector that does no real I/O (a test fake)
     */
    Selector nioSelector();
}
