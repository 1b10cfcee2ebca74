package io.jasyncio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The future {@link Asyncio#gather} returns: done when every child is done, with their results
 * in argument order. Built only on the public API of {@link Future} and {@link EventLoop}.
 */
final class GatheringFuture extends Future<List<Object>> {
    private final List<Future<?>> children;
    private boolean cancelRequested;

    private GatheringFuture(EventLoop loop, List<Future<?>> children) {
        super(loop);
        this.children = children;
    }

    /** Cancelling the gather cancels every unfinished child; it is done when they are. */
    @Override
    public boolean cancel(String message) {
        if (done()) {
            return false;
        }
        boolean any = false;
        for (Future<?> child : children) {
            if (child.cancel(message)) {
                any = true;
            }
        }
        if (any) {
            // The last child to finish turns the gather into a cancellation.
            cancelRequested = true;
        }
        return any;
    }

    static Future<List<Object>> gather(EventLoop running, boolean returnExceptions, Awaitable<?>... aws) {
        if (aws.length == 0) {
            Future<List<Object>> outer = running().createFuture();
            outer.setResult(new ArrayList<>());
            return outer;
        }
        // asyncio maps each distinct argument to its future (arg_to_fut) so that an argument
        // given twice is one child. An identity map over a million coroutines was 42% of W2's
        // CPU, so coroutines skip it: wrapping one that is already claimed fails, and only then
        // is it looked for among the earlier arguments. Futures are their own child, so only they
        // go through the map, created on the first one.
        Map<Awaitable<?>, Future<?>> futureArgs = null;
        List<Future<?>> children = new ArrayList<>(aws.length);
        List<Future<?>> distinct = new ArrayList<>(aws.length);
        List<Future<?>> alreadyDone = new ArrayList<>();
        EventLoop loop = null;
        for (int i = 0; i < aws.length; i++) {
            Awaitable<?> aw = aws[i];
            Future<?> f;
            boolean seen = false;
            if (aw instanceof Future) {
                if (futureArgs == null) {
                    futureArgs = new IdentityHashMap<>();
                }
                f = futureArgs.get(aw);
                if (f != null) {
                    seen = true;
                } else {
                    f = Asyncio.ensureFuture(aw, loop != null ? loop : running);
                    futureArgs.put(aw, f);
                }
            } else {
                try {
                    f = Asyncio.ensureFuture(aw, loop != null ? loop : running);
                } catch (IllegalStateException alreadyClaimed) {
                    int earlier = indexOf(aws, aw, i);
                    if (earlier < 0) {
                        throw alreadyClaimed;
                    }
                    f = children.get(earlier);
                    seen = true;
                }
            }
            if (!seen) {
                if (loop == null) {
                    loop = f.getLoop();
                }
                distinct.add(f);
                if (f.done()) {
                    alreadyDone.add(f);
                }
            }
            children.add(f);
        }
        GatheringFuture outer = new GatheringFuture(loop, children);
        int[] finished = {0};
        int distinctCount = distinct.size();
        Consumer<Future<?>> onChildDone = new ChildDone(outer, child -> {
            finished[0]++;
            if (outer.done()) {
                if (!child.cancelled()) {
                    // A later failure is nobody's to retrieve: mark it, as gather's
                    // _done_callback does, so it is not reported as never retrieved.
                    child.exception();
                }
                return;
            }
            if (!returnExceptions) {
                if (child.cancelled()) {
                    outer.setException(new CancelledError(child.cancelMessage()));
                    return;
                }
                Throwable e = child.exception();
                if (e != null) {
                    outer.setException(e);
                    return;
                }
            }
            if (finished[0] == distinctCount) {
                Object[] results = new Object[children.size()];
                for (int i = 0; i < results.length; i++) {
                    Future<?> c = children.get(i);
                    if (c.cancelled()) {
                        results[i] = new CancelledError(c.cancelMessage() == null ? "" : c.cancelMessage());
                    } else {
                        Throwable e = c.exception();
                        results[i] = e != null ? e : c.result();
                    }
                }
                if (outer.cancelRequested) {
                    outer.setException(new CancelledError(child.cancelMessage()));
                } else {
                    outer.setResult(Arrays.asList(results));
                }
            }
        });
        for (Future<?> f : distinct) {
            if (!f.done()) {
                addCallback(f, onChildDone);
            }
        }
        for (Future<?> f : alreadyDone) {
            onChildDone.accept(f);
        }
        return outer;
    }

    /**
     * The children's done callback (one per gather); as an {@link AwaiterLink} it shows the
     * gather awaiting each child, for call graphs.
     */
    private static final class ChildDone implements Consumer<Future<?>>, AwaiterLink {
        private final Future<?> outer;
        private final Consumer<Future<?>> body;

        ChildDone(Future<?> outer, Consumer<Future<?>> body) {
            this.outer = outer;
            this.body = body;
        }

        @Override
        public void accept(Future<?> child) {
            body.accept(child);
        }

        @Override
        public Future<?> awaiter() {
            return outer;
        }
    }

    /** Where {@code aw} first occurs before {@code end}, by identity, or -1. */
    private static int indexOf(Awaitable<?>[] aws, Awaitable<?> aw, int end) {
        for (int j = 0; j < end; j++) {
            if (aws[j] == aw) {
                return j;
            }
        }
        return -1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addCallback(Future<?> f, Consumer<Future<?>> fn) {
        ((Future) f).addDoneCallback(fn);
    }

    private static EventLoop running() {
        return Asyncio.getRunningLoop();
    }
}
