package io.jasyncio;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A loop's async generators that started iterating and have not finished: asyncio's
 * {@code _asyncgens} with its {@code firstiter} and {@code finalizer} hooks.
 *
 * <p>The user's handle is tracked weakly, through a {@link Cleaner}; the generator itself is
 * kept through a second handle, so that when the user's handle becomes unreachable the
 * generator can still be closed in a task on its loop (the finaliser hook), and at
 * {@link #shutdown()} every unfinished one is closed.
 */
final class AsyncGeneratorRegistry {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final Runnable UNTRACKED = () -> {};

    private final EventLoop loop;
    /** Unfinished generators in the order they started; touched by the cleaner thread too. */
    private final Set<Entry> live = new LinkedHashSet<>();

    private boolean shutdownCalled;

    AsyncGeneratorRegistry(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * The firstiter hook: called by an async generator's first step. Remembers the generator on
     * the running loop, if any.
     *
     * @param handle the user's handle, tracked weakly
     * @param view a second handle on the same generator, kept strongly until it finishes
     * @return what the generator runs when it finishes, to be forgotten
     */
    static Runnable firstIter(Object handle, AsyncGenerator<?, ?> view) {
        EventLoop loop = EventLoop.runningLoop();
        if (loop == null) {
            return UNTRACKED;
        }
        return loop.asyncgens.track(handle, view);
    }

    private Runnable track(Object handle, AsyncGenerator<?, ?> view) {
        if (shutdownCalled) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "asynchronous generator " + view + " was scheduled after loop.shutdownAsyncgens() call");
        }
        Entry e = new Entry(view);
        synchronized (this) {
            live.add(e);
        }
        e.cleanable = CleanerHolder.CLEANER.register(handle, e);
        return e.cleanable::clean;
    }

    /**
     * The number of unfinished async generators tracked.
     *
     * @return the count
     */
    synchronized int size() {
        return live.size();
    }

    /**
     * A coroutine that closes every unfinished async generator of the loop, concurrently, and
     * reports to the loop's exception handler each that raised an {@link Exception} doing so.
     *
     * @return the coroutine
     */
    Coroutine<Void> shutdown() {
        return new Shutdown();
    }

    /** One tracked generator; its {@link #run()} is the finaliser hook. */
    private final class Entry implements Runnable {
        final AsyncGenerator<?, ?> view;
        Cleaner.Cleanable cleanable;

        Entry(AsyncGenerator<?, ?> view) {
            this.view = view;
        }

        /** The user's handle became unreachable, or the generator finished (clean()). */
        @Override
        public void run() {
            synchronized (AsyncGeneratorRegistry.this) {
                if (!live.remove(this)) {
                    return;
                }
            }
            if (view.isDone() || loop.isClosed()) {
                return;
            }
            try {
                loop.callSoonThreadsafe(() -> {
                    if (!view.isDone() && !loop.isClosed()) {
                        loop.createTask(view.aclose());
                    }
                });
            } catch (RuntimeException closedMeanwhile) {
                // The loop closed between the check and the call: nothing left to close on.
            }
        }
    }

    /** asyncio's {@code shutdown_asyncgens}, written by hand as the agent would generate it. */
    private final class Shutdown extends Coroutine<Void> {
        private int label;
        private List<AsyncGenerator<?, ?>> closing;

        @Override
        @SuppressWarnings("unchecked")
        protected Object invoke(Object value, Throwable error) {
            if (label == 0) {
                label = 1;
                shutdownCalled = true;
                closing = new ArrayList<>();
                List<Entry> entries;
                synchronized (AsyncGeneratorRegistry.this) {
                    entries = new ArrayList<>(live);
                    live.clear();
                }
                for (Entry e : entries) {
                    e.cleanable.clean();
                    if (!e.view.isDone()) {
                        closing.add(e.view);
                    }
                }
                if (closing.isEmpty()) {
                    return null;
                }
                Coroutine<?>[] acloses = new Coroutine<?>[closing.size()];
                for (int i = 0; i < acloses.length; i++) {
                    acloses[i] = closing.get(i).aclose();
                }
                Future<List<Object>> all = Asyncio.gather(true, acloses);
                if (!all.done()) {
                    suspendOn(all);
                    return SUSPENDED;
                }
                value = all.result();
            }
            if (error != null) {
                throw Sneaky.sneaky(error);
            }
            List<Object> results = (List<Object>) value;
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof Exception) {
                    loop.callExceptionHandler(new ErrorContext(
                            "an error occurred during closing of asynchronous" + " generator " + closing.get(i),
                            (Exception) results.get(i),
                            null,
                            null));
                }
            }
            return null;
        }

        @Override
        public String getName() {
            return "shutdownAsyncgens";
        }

        @Override
        protected String sourceFile() {
            return "AsyncGeneratorRegistry.java";
        }

        @Override
        protected int currentLine() {
            return -1;
        }
    }

    /** One cleaner thread for all loops, started with the first async generator. */
    private static final class CleanerHolder {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "jasyncio-asyncgen-finalizer");
            t.setDaemon(true);
            return t;
        });
    }
}
