package io.jasyncio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocked-loop watchdog: one daemon thread per JVM that finds a loop stuck in one callback
 * and samples the loop thread's stack while it is still stuck, so that the report names the line
 * that blocked (asyncio's debug mode names only the duration).
 *
 * <h2>What the loop pays</h2>
 * A watched loop owns a {@link Watch} and writes one number into it: {@code phase}, odd while
 * the loop is not running a callback (waiting in select, or not running at all), and a new even
 * value when each callback starts. That is one opaque store per callback (a plain {@code mov} on
 * x86: no fence, no allocation, no clock read), one more around each select, and one load of
 * {@link Watch#sample} after each callback. Nothing is written when the watchdog is off.
 *
 * <h2>What the watchdog thread does</h2>
 * It wakes every half threshold (the smallest of the watched loops'), reads each loop's phase
 * and remembers it with the time it first saw it. Seeing the same even phase on a later tick
 * means one callback has run for at least a period: it then calls {@link
 * Thread#getStackTrace()} on the loop thread once for that callback, checks that the phase has
 * not moved meanwhile (else the stack may belong to another callback), and publishes a {@link
 * Sample}. The loop, when the callback ends, takes the sample and reports it through its own
 * logger and slow-callback listener, on the loop thread: the watchdog never runs user code.
 */
final class BlockedLoopWatchdog {
    /** The shortest period, so a threshold of 0 does not make the thread spin. */
    private static final long MIN_PERIOD_NANOS = 1_000_000L;

    private static final List<WeakReference<Watch>> WATCHED = new ArrayList<>();
    private static Thread thread;

    private BlockedLoopWatchdog() {}

    /** Starts watching; the thread starts with the first watch. Any thread. */
    static void register(Watch w) {
        synchronized (WATCHED) {
            WATCHED.add(new WeakReference<>(w));
            if (thread == null) {
                thread = new Thread(BlockedLoopWatchdog::run, "jasyncio-watchdog");
                thread.setDaemon(true);
                thread.start();
            }
            WATCHED.notifyAll();
        }
    }

    /** Stops watching. Any thread. */
    static void unregister(Watch w) {
        synchronized (WATCHED) {
            WATCHED.removeIf(r -> r.get() == null || r.get() == w);
        }
    }

    private static void run() {
        List<Watch> now = new ArrayList<>();
        while (true) {
            long period;
            synchronized (WATCHED) {
                now.clear();
                WATCHED.removeIf(r -> r.get() == null);
                period = Long.MAX_VALUE;
                for (WeakReference<Watch> r : WATCHED) {
                    Watch w = r.get();
                    if (w != null) {
                        now.add(w);
                        period = Math.min(period, Math.max(MIN_PERIOD_NANOS, w.thresholdNanos / 2));
                    }
                }
                try {
                    if (now.isEmpty()) {
                        WATCHED.wait();
                        continue;
                    }
                    WATCHED.wait(period / 1_000_000, (int) (period % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            long t = System.nanoTime();
            for (Watch w : now) {
                w.tick(t, period);
            }
        }
    }

    /** What the watchdog saw: the loop thread's stack during one callback. */
    record Sample(long phase, long firstSeenNanos, long periodNanos, StackTraceElement[] stack) {}

    /** One loop's side of the watchdog: written by the loop thread, read by the watchdog. */
    static final class Watch {
        private static final VarHandle PHASE;
        private static final VarHandle SAMPLE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                PHASE = l.findVarHandle(Watch.class, "phase", long.class);
                SAMPLE = l.findVarHandle(Watch.class, "sample", Sample.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Odd: no callback runs. Even: the callback numbered phase / 2 runs. Loop thread writes. */
        private long phase = 1;
        /** The thread running the loop, or null; the one whose stack is sampled. */
        volatile Thread loopThread;
        /** The loop's slow-callback duration. */
        volatile long thresholdNanos;
        /** The last sample, until the loop takes it. */
        private volatile Sample sample;

        // Watchdog thread only.
        private long lastPhase = 1;
        private long firstSeen;
        private long sampledPhase = 1;

        Watch(long thresholdNanos) {
            this.thresholdNanos = thresholdNanos;
        }

        /** Loop thread: a callback starts. */
        void callbackStarted() {
            PHASE.setOpaque(this, (phase | 1) + 1);
        }

        /** Loop thread: no callback runs until the next {@link #callbackStarted()}. */
        void idle() {
            PHASE.setOpaque(this, phase | 1);
        }

        /**
         * Loop thread, after a callback: the sample taken during it, if any.
         *
         * @return the sample, or null
         */
        Sample takeSample() {
            if (sample == null) {
                return null;
            }
            Sample s = (Sample) SAMPLE.getAndSet(this, null);
            return s != null && s.phase == phase ? s : null;
        }

        /** Watchdog thread: one look at the loop. */
        void tick(long now, long period) {
            long p = (long) PHASE.getOpaque(this);
            Thread t = loopThread;
            if ((p & 1) != 0 || t == null) {
                lastPhase = p;
                return;
            }
            if (p != lastPhase) {
                lastPhase = p;
                firstSeen = now;
                return;
            }
            if (p == sampledPhase) {
                return;
            }
            StackTraceElement[] stack = t.getStackTrace();
            if ((long) PHASE.getOpaque(this) != p) {
                return; // the callback ended while the stack was taken: it may be another's
            }
            sampledPhase = p;
            sample = new Sample(p, firstSeen, period, stack);
        }
    }
}
