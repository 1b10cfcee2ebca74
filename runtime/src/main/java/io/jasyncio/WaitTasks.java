package io.jasyncio;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The coroutine {@link Asyncio#waitTasks} returns, written by hand as a {@link Coroutine}. It mirrors
 * {@code tasks._wait}:
 *
 * <pre>{@code
 * waiter = loop.create_future()
 * timeout_handle = loop.call_later(timeout, _release_waiter, waiter)  # if timeout is not None
 * counter = len(fs)
 * def _on_completion(f):
 *     counter -= 1
 *     if counter <= 0 or return_when == FIRST_COMPLETED or (return_when == FIRST_EXCEPTION
 *             and not f.cancelled() and f.exception() is not None):
 *         timeout_handle.cancel(); waiter.set_result(None) unless done
 * for f in fs: f.add_done_callback(_on_completion)
 * try: await waiter
 * finally: timeout_handle.cancel(); for f in fs: f.remove_done_callback(_on_completion)
 * return done, pending
 * }</pre>
 *
 * <pre>
 *   label 0: register callbacks, timer; await waiter ──▶ label 1: clean up, split done/pending
 * </pre>
 * Even futures already done are reported through their (scheduled) callbacks, so {@code wait}
 * always goes through the loop at least once, as in Python.
 */
final class WaitTasks extends Coroutine<DoneAndPending> {
    private final Set<Future<?>> fs;
    private final Double timeout;
    private final ReturnWhen returnWhen;
    private int label;
    private TimerHandle timeoutHandle;
    private Consumer<Future<?>> onCompletion;
    private final Set<Future<?>> seenDone = new LinkedHashSet<>();

    WaitTasks(Collection<? extends Future<?>> fs, Double timeout, ReturnWhen returnWhen) {
        if (fs == null || returnWhen == null) {
            throw new NullPointerException(fs == null ? "fs" : "returnWhen");
        }
        Set<Future<?>> set = Collections.newSetFromMap(new IdentityHashMap<>());
        this.fs = new LinkedHashSet<>();
        for (Future<?> f : fs) {
            if (f == null) {
                throw new NullPointerException("a future in fs");
            }
            if (set.add(f)) {
                this.fs.add(f);
            }
        }
        if (this.fs.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
        }
        this.timeout = timeout;
        this.returnWhen = returnWhen;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes", "fallthrough"})
    protected Object invoke(Object value, Throwable error) {
        switch (label) {
            case 0: {
                EventLoop loop = Asyncio.getRunningLoop();
                Future<Void> waiter = loop.createFuture();
                if (timeout != null && !timeout.isInfinite()) {
                    timeoutHandle = loop.callLater(timeout, () -> release(waiter));
                }
                int[] counter = {fs.size()};
                onCompletion = f -> {
                    counter[0]--;
                    seenDone.add(f);
                    if (counter[0] <= 0
                            || returnWhen == ReturnWhen.FIRST_COMPLETED
                            || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)) {
                        if (timeoutHandle != null) {
                            timeoutHandle.cancel();
                        }
                        release(waiter);
                    }
                };
                for (Future<?> f : fs) {
                    ((Future) f).addDoneCallback(onCompletion);
                }
                label = 1;
                try {
                    value = awaitIn(waiter, this);
                    if (value == SUSPENDED) {
                        return SUSPENDED;
                    }
                } catch (Throwable t) {
                    error = t;
                }
            }
            // fall through
            case 1: {
                label = 2;
                // finally:
                if (timeoutHandle != null) {
                    timeoutHandle.cancel();
                }
                for (Future<?> f : fs) {
                    ((Future) f).removeDoneCallback(onCompletion);
                }
                if (error != null) {
                    throw Sneaky.sneaky(error);
                }
                Set<Future<?>> done = new LinkedHashSet<>(seenDone);
                Set<Future<?>> pending = new LinkedHashSet<>();
                for (Future<?> f : fs) {
                    if (f.done()) {
                        done.add(f);
                    } else {
                        pending.add(f);
                    }
                }
                return new DoneAndPending(Collections.unmodifiableSet(done), Collections.unmodifiableSet(pending));
            }
            default:
                throw new IllegalStateException("bad label " + label);
        }
    }

    private static void release(Future<Void> waiter) {
        if (!waiter.done()) {
            waiter.setResult(null);
        }
    }

    @Override
    public String getName() {
        return "wait";
    }

    @Override
    protected String sourceFile() {
        return "WaitTasks.java";
    }

    @Override
    protected int currentLine() {
        return -1;
    }
}
