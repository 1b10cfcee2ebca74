package io.jasyncio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * The readers and writers of one loop: which callback runs when a channel becomes readable or
 * writable.
 *
 * <h2>Data structures</h2>
 * One {@link SelectionKey} per channel, registered on the loop's own selector, whose attachment
 * is an {@link IoKey} holding the reader and the writer callback (asyncio keeps the same pair in
 * the key's {@code data}). The key's interest set is the union of what the two callbacks want:
 * {@code OP_READ} (or {@code OP_ACCEPT} for a server channel) for the reader, {@code OP_WRITE}
 * (or {@code OP_CONNECT} while a connect is pending) for the writer.
 *
 * <p>Removing the last callback leaves the key registered with an empty interest set instead of
 * cancelling it: NIO refuses to register a channel again until a select has flushed its
 * cancelled key, and streams add and remove their reader on every flow-control pause. Closing
 * the channel cancels the key; its file descriptor is released at the next select.
 *
 * @apiNote Plays the role of the reader/writer half of asyncio's
 *     {@code selector_events.BaseSelectorEventLoop} ({@code _add_reader}, {@code _remove_reader},
 *     {@code _process_events}).
 */
final class IoRegistry {
    private final IoSelector selector;

    IoRegistry(IoSelector selector) {
        this.selector = selector;
    }

    void addReader(SelectableChannel ch, Runnable callback) {
        IoKey k = keyOf(ch, true);
        k.reader = callback;
        k.update();
    }

    void addWriter(SelectableChannel ch, Runnable callback) {
        IoKey k = keyOf(ch, true);
        k.writer = callback;
        k.update();
    }

    boolean removeReader(SelectableChannel ch) {
        IoKey k = keyOf(ch, false);
        if (k == null || k.reader == null) {
            return false;
        }
        k.reader = null;
        k.update();
        return true;
    }

    boolean removeWriter(SelectableChannel ch) {
        IoKey k = keyOf(ch, false);
        if (k == null || k.writer == null) {
            return false;
        }
        k.writer = null;
        k.update();
        return true;
    }

    private IoKey keyOf(SelectableChannel ch, boolean create) {
        if (ch == null) {
            throw new NullPointerException("channel");
        }
        Selector nio = selector.nioSelector();
        if (nio == null) {
            throw new UnsupportedOperationException("this loop's selector does no real I/O");
        }
        SelectionKey key = ch.keyFor(nio);
        if (key != null && key.isValid()) {
            return (IoKey) key.attachment();
        }
        if (!create) {
            return null;
        }
        if (ch.isBlocking()) {
            throw new IllegalArgumentException("the channel must be in non-blocking mode: " + ch);
        }
        IoKey k = new IoKey();
        try {
            k.key = ch.register(nio, 0, k);
        } catch (ClosedChannelException e) {
            throw new UncheckedIOException("the channel is closed: " + ch, e);
        }
        return k;
    }

    /**
     * The attachment of a registered key: the reader and writer callbacks.
     * {@link NioSelector} calls {@link #dispatch} for each selected key.
     */
    static final class IoKey {
        SelectionKey key;
        Runnable reader;
        Runnable writer;
        /**
         * What the ready queue receives: it looks the callback up when it runs, so a reader
         * removed after the select but before its turn does not run (asyncio cancels the
         * queued handle for the same reason). Allocated once per channel.
         */
        private final Runnable readEvent = () -> {
            Runnable r = reader;
            if (r != null) {
                r.run();
            }
        };

        private final Runnable writeEvent = () -> {
            Runnable w = writer;
            if (w != null) {
                w.run();
            }
        };

        void update() {
            SelectableChannel ch = key.channel();
            int ops = 0;
            if (reader != null) {
                ops |= ch.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
            }
            if (writer != null) {
                boolean connecting = ch instanceof SocketChannel socket && socket.isConnectionPending();
                ops |= connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
            }
            try {
                key.interestOps(ops);
            } catch (CancelledKeyException e) {
                if (ops != 0) {
                    throw new UncheckedIOException(new IOException("the channel is closed: " + ch));
                }
            }
        }

        /** Queues the reader and then the writer if their events are ready, as two entries. */
        void dispatch(int readyOps, Consumer<Runnable> ready) {
            if (reader != null && (readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
                ready.accept(readEvent);
            }
            if (writer != null && (readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
                ready.accept(writeEvent);
            }
        }
    }
}
