package io.jasyncio.abi;

import io.jasyncio.Coroutine;
import io.jasyncio.Generator;
import io.jasyncio.StopIteration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Base class of every generator state machine. A generator runs on the same engine as a
 * coroutine: {@code Yield.value(v)} suspends the frame, as an await of a pending future does,
 * but hands {@code v} to whoever called {@link #send}; {@code Yield.from(sub)} runs {@code sub}
 * inline as an awaited coroutine would, so values sent and exceptions thrown in reach the
 * innermost generator, and its return value ripples back up (PEP 380).
 *
 * @param <Y> the yield type
 * @param <S> the send type
 * @param <R> the return type
 */
public abstract class GeneratorFrame<Y, S, R> extends Frame<R> implements Generator<Y, S, R> {
    /** The value this frame yielded at its current suspension. */
    Object yielded;

    /** Generated subclasses call this from their constructor. */
    protected GeneratorFrame() {}

    @Override
    public Y next() {
        return send(null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Y send(Object value) {
        if (isDone()) {
            // An exhausted generator stays exhausted, as in Python.
            throw new StopIteration(null);
        }
        return (Y) super.send(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Y throwInto(Throwable error) {
        if (isDone() && error != null) {
            throw Intrinsics.sneaky(error);
        }
        return (Y) super.throwInto(error);
    }

    @Override
    protected Object suspendedValue() {
        Coroutine<?> leaf = this;
        for (Coroutine<?> c = this; c != null; c = c.awaitedCoroutine()) {
            leaf = c;
        }
        return leaf instanceof GeneratorFrame<?, ?, ?> g ? g.yielded : null;
    }

    @Override
    protected Throwable leaving(Throwable t) {
        if (t instanceof StopIteration) {
            IllegalStateException e = new IllegalStateException("generator raised StopIteration");
            e.initCause(t);
            return e;
        }
        return t;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R close() {
        return (R) super.close();
    }

    /**
     * The generator this one delegates to with {@code Yield.from}, while it does.
     *
     * @return the sub-generator, or null
     * @apiNote Mirrors {@code gi_yieldfrom}.
     */
    @Override
    public Generator<?, ?, ?> getYieldFrom() {
        return getAwait() instanceof Generator<?, ?, ?> g ? g : null;
    }

    @Override
    protected String kind() {
        return "generator";
    }

    @Override
    public Iterator<Y> iterator() {
        return new Iterator<>() {
            private Y next;
            private boolean ready;
            private boolean finished;

            @Override
            public boolean hasNext() {
                if (!ready && !finished) {
                    try {
                        next = GeneratorFrame.this.next();
                        ready = true;
                    } catch (StopIteration end) {
                        finished = true;
                    }
                }
                return ready;
            }

            @Override
            public Y next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("generator " + getName() + "() is exhausted");
                }
                ready = false;
                Y y = next;
                next = null;
                return y;
            }
        };
    }

    @Override
    public Stream<Y> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    @Override
    public String toString() {
        String where = isDone() ? "done" : isRunning() ? "running" : "suspended";
        return "<generator " + getName() + "() " + where + " at " + location() + ">";
    }
}
