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
    /**
     * False only while the key set is known to be empty: recomputed after every select (which
     * flushes cancelled keys, so the answer is then exact) and set by {@link #nioSelector()},
     * the only way to register a channel. Asking the key set in every iteration instead was 5%
     * of a {@code sleep(0)} switch (W1), where no select runs at all.
     */
    private boolean mayHaveKeys;

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
        } finally {
            mayHaveKeys = !selector.keys().isEmpty();
        }
    }

    private void dispatch(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment instanceof IoRegistry.IoKey io) {
            // A channel registered through addReader/addWriter: its reader and writer run as two
            // ready entries, as asyncio's _process_events adds two handles.
            io.dispatch(key.readyOps(), ready);
        } else if (attachment instanceof Runnable r) {
            ready.accept(r);
        }
    }

    /**
     * Tells whether a channel may be registered, from a flag rather than the key set: the loop
     * asks in every iteration. A cancelled key counts until the next select, which then runs and
     * deregisters it; a channel registered since the last select counts because registering
     * needs {@link #nioSelector()}.
     *
     * @return true if the selector may have keys
     */
    @Override
    public boolean hasChannels() {
        return mayHaveKeys;
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
     * The NIO selector, for registering channels with a {@link Runnable} attachment. Fetch it
     * afresh for each registration (as {@link IoRegistry} does): fetching it is what tells the
     * loop to poll again until a select finds the key set empty.
     *
     * @return the selector
     */
    @Override
    public Selector nioSelector() {
        mayHaveKeys = true;
        return selector;
    }
}
