package io.jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The machinery of {@link Asyncio#asCompleted}, mirroring Python 3.12's
 * {@code tasks.as_completed}: every input is wrapped in a future, whose done callback puts it
 * on a queue (the timeout puts one null marker per unfinished future instead); each of the
 * returned coroutines takes the next entry of that queue and gives its result, or raises
 * {@link TimeoutError} for a marker.
 *
 * <p>The queue is a small FIFO of entries plus a FIFO of waiting getters, with
 * {@code asyncio.Queue}'s rules: a get on a non-empty queue does not suspend; a put wakes the
 * first waiting getter.
 *
 * @param <T> the results' type
 */
final class AsCompleted<T> {
    private final Set<Future<T>> todo = new LinkedHashSet<>();
    private final ArrayDeque<Object> done = new ArrayDeque<>();
    private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
    private final EventLoop loop;
    private TimerHandle timeoutHandle;
    private final Consumer<Future<T>> onCompletion = this::onCompletion;
    private static final Object TIMED_OUT = new Object();

    private AsCompleted(EventLoop loop) {
        this.loop = loop;
    }

    @SuppressWarnings("unchecked")
    static <T> List<Coroutine<T>> start(Collection<? extends Awaitable<? extends T>> fs, Double timeout) {
        EventLoop loop = Asyncio.getRunningLoop();
        AsCompleted<T> ac = new AsCompleted<>(loop);
        Set<Awaitable<?>> distinct = new LinkedHashSet<>(fs);
        for (Awaitable<?> aw : distinct) {
            ac.todo.add(Asyncio.ensureFuture((Awaitable<T>) aw, loop));
        }
        for (Future<T> f : ac.todo) {
            f.addDoneCallback(ac.onCompletion);
        }
        if (!ac.todo.isEmpty() && timeout != null && !timeout.isInfinite()) {
            ac.timeoutHandle = loop.callLater(timeout, ac::onTimeout);
        }
        List<Coroutine<T>> out = new ArrayList<>(ac.todo.size());
        for (int i = 0; i < ac.todo.size(); i++) {
            out.add(ac.new NextDone());
        }
        return Collections.unmodifiableList(out);
    }

    private void onTimeout() {
        for (Future<T> f : todo) {
            f.removeDoneCallback(onCompletion);
            put(TIMED_OUT);
        }
        todo.clear();
    }

    private void onCompletion(Future<T> f) {
        if (todo.isEmpty()) {
            return; // onTimeout() was here first
        }
        todo.remove(f);
        put(f);
        if (todo.isEmpty() && timeoutHandle != null) {
            timeoutHandle.cancel();
        }
    }

    /** {@code Queue.put_nowait}: append, and wake the first getter still waiting. */
    private void put(Object entry) {
        done.add(entry);
        while (!getters.isEmpty()) {
            Future<Void> g = getters.poll();
            if (!g.done()) {
                g.setResult(null);
                break;
            }
        }
    }

    /**
     * {@code _wait_for_one}: {@code f = await done.get(); if f is None: raise TimeoutError;
     * return f.result()}.
     *
     * <pre>
     *   label 0 ──queue empty: await getter──▶ label 1 ──(queue still empty: wait again)
     *     │ queue has an entry                    │
     *     └──────────▶ take it: result / TimeoutError
     * </pre>
     */
    private final class NextDone extends Coroutine<T> {
        private Future<Void> getter;

        @Override
        @SuppressWarnings("unchecked")
        protected Object invoke(Object value, Throwable error) {
            if (error != null) {
                // Queue.get's cancellation: drop our getter; if woken already, pass the wake-up on.
                Future<Void> g = getter;
                getter = null;
                g.cancel();
                getters.remove(g);
                if (!done.isEmpty() && !g.cancelled()) {
                    put0();
                }
                throw Sneaky.sneaky(error);
            }
            while (done.isEmpty()) {
                getter = loop.createFuture();
                getters.add(getter);
                Object r = awaitIn(getter, this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            getter = null;
            Object entry = done.poll();
            if (entry == TIMED_OUT) {
                throw new TimeoutError();
            }
            return ((Future<T>) entry).result();
        }

        private void put0() {
            while (!getters.isEmpty()) {
                Future<Void> g = getters.poll();
                if (!g.done()) {
                    g.setResult(null);
                    break;
                }
            }
        }

        @Override
        public String getName() {
            return "as_completed._wait_for_one";
        }

        @Override
        protected String sourceFile() {
            return "AsCompleted.java";
        }

        @Override
        protected int currentLine() {
            return -1;
        }
    }
}
