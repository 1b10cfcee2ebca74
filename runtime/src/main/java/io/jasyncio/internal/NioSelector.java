package io.jasyncio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The real {@link IoSelector}: a {@link java.nio.channels.Selector}.
 *
 * <p>A channel's {@link SelectionKey} carries its callback as the key's attachment; when the key
 * is selected, a {@link Runnable} attachment is appended to the loop's ready queue, to run in
 * the same iteration, after the callbacks that were already ready (asyncio's
 * {@code _process_events} adds reader and writer handles to {@code _ready} the same way).
 *
 * <p>Selection goes through {@link Selector#select(Consumer, long)} with a consumer allocated
 * once, so an iteration allocates no iterator over the selected-key set.
 */
public final class NioSelector implements IoSelector {
    private final Selector selector;
    private final Consumer<SelectionKey> dispatch = this::dispatch;
    private Consumer<Runnable> ready = r -> {
        throw new IllegalStateException("selector not bound to a loop");
    };

    /**
     * Opens a new NIO selector.
     *
     * @throws UncheckedIOException if the selector cannot be opened
     */
    public NioSelector() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /**
     * Remembers where ready callbacks go.
     *
     * @param ready the loop's ready-queue appender
     */
    @Override
    public void bind(Consumer<Runnable> ready) {
        this.ready = ready;
    }

    /**
     * Selects, converting the timeout to the milliseconds NIO wants. A positive timeout is rounded
     * up, never down: rounding down would wake the loop just before the timer it waits for is
     * due, and it would then spin with a zero timeout until the deadline passed (asyncio rounds
     * up for the same reason).
     *
     * @param timeoutNanos -1 to wait indefinitely, 0 to poll, or nanoseconds to wait at most
     * @return how many keys were selected
     * @throws UncheckedIOException if the selector fails
     */
    @Override
    public int select(long timeoutNanos) {
        try {
            if (timeoutNanos == 0) {
                return selector.selectNow(dispatch);
            }
            if (timeoutNanos < 0) {
                return selector.select(dispatch);
            }
            // NIO treats a timeout of 0 as "forever", so the rounding must never produce 0.
            long millis = Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
            return selector.select(dispatch, millis);
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
    }

    private void dispatch(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment instanceof IoRegistry.IoKey) {
            // A channel registered through addReader/addWriter: its reader and writer run as two
            // ready entries, as asyncio's _process_events adds two handles.
            ((IoRegistry.IoKey) attachment).dispatch(key.readyOps(), ready);
        } else if (attachment instanceof Runnable) {
            ready.accept((Runnable) attachment);
        }
    }

    /**
     * Tells whether a channel is registered. Reads the key set, which costs no allocation and no
     * system call; a cancelled key stays in it until the next select, which then runs and
     * deregisters it.
     *
     * @return true if the selector has keys
     */
    @Override
    public boolean hasChannels() {
        return !selector.keys().isEmpty();
    }

    /** Wakes the selector; see {@link Selector#wakeup()}. Any thread may call this. */
    @Override
    public void wakeup() {
        selector.wakeup();
    }

    /**
     * Closes the NIO selector, which also cancels every key registered with it.
     *
     * @throws UncheckedIOException if closing fails
     */
    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the selector", e);
        }
    }

    /**
     * The NIO selector, for registering channels with a {@link Runnable} attachment.
     *
     * @return the selector
     */
    @Override
    public Selector nioSelector() {
        return selector;
    }
}
