package io.jasyncio.internal;

import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link IoSelector} with no I/O: it records the timeouts the loop asks for and, instead of
 * sleeping, either runs a scripted action (standing for whatever would have woken the loop) or
 * advances a {@link ManualClock} by the timeout. A loop that would block with nothing scripted,
 * or that spins, fails the test instead of hanging it.
 */
final class FakeSelector implements IoSelector {
    final List<Long> timeouts = new ArrayList<>();
    final AtomicInteger wakeups = new AtomicInteger();
    boolean record = true;
    boolean closed;
    /** Runs, once, in place of the next select that would wait. */
    Runnable duringSleep;
    /** Advanced by the timeout of a select that waits for a timer; null to forbid such waits. */
    ManualClock clock;

    private int selects;

    @Override
    public int select(long timeoutNanos) {
        if (++selects > 1_000_000) {
            throw new AssertionError("the loop spins: a million selects");
        }
        if (record) {
            timeouts.add(timeoutNanos);
        }
        if (timeoutNanos == 0) {
            return 0;
        }
        Runnable action = duringSleep;
        if (action != null) {
            duringSleep = null;
            action.run();
            return 0;
        }
        if (timeoutNanos > 0 && clock != null) {
            clock.advanceBy(timeoutNanos);
            return 0;
        }
        throw new AssertionError("the loop would sleep for real (timeout " + timeoutNanos + " ns)");
    }

    @Override
    public void wakeup() {
        wakeups.incrementAndGet();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public Selector nioSelector() {
        return null;
    }
}
