package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;

/**
 * What the two pipe transports of a {@link Subprocess} share. A pipe of {@link Process} is a
 * blocking stream, not a selectable channel, so each has one daemon thread, its pump, that blocks
 * on it and exchanges chunks with the loop through {@link EventLoop#callSoonThreadsafe}; the loop
 * thread alone touches the reader, the writer and this state.
 */
abstract class PipeTransport extends StreamTransport {
    final EventLoop loop;
    final Future<Void> closed;
    private final Object pipe;
    private final String name;
    boolean closing;

    PipeTransport(EventLoop loop, Object pipe, String name) {
        this.loop = loop;
        this.pipe = pipe;
        this.name = name;
        this.closed = loop.createFuture();
    }

    /** Starts the pump; the subclass calls it last in its constructor, once its state exists. */
    final void startPump() {
        Thread pump = new Thread(this::pump, name);
        pump.setDaemon(true);
        pump.start();
    }

    /** The pump thread's body: block on the pipe until it ends or the loop goes away. */
    abstract void pump();

    /** Hands {@code r} to the loop; false once the loop is closed (then nobody is listening). */
    final boolean post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
            return true;
        } catch (IllegalStateException loopClosed) {
            loopClosed();
            return false;
        }
    }

    /** Told, on the pump thread, that the loop is closed. */
    void loopClosed() {
    }

    @Override
    final EventLoop loop() {
        return loop;
    }

    @Override
    final boolean isClosing() {
        return closing;
    }

    @Override
    final Future<Void> closed() {
        return closed;
    }

    @Override
    final Object extraInfo(String key) {
        return "pipe".equals(key) ? pipe : null;
    }

    @Override
    public final String toString() {
        return name;
    }
}
