package io.jasyncio;

import io.jasyncio.internal.IoSelector;
import io.jasyncio.internal.SelectorEventLoop;
import java.nio.channels.Selector;

/**
 * Event loops for tests: on a {@link VirtualClock}, so sleeps take no real time and loop time
 * advances by exactly the slept amounts, and on a selector with no I/O, so a loop that would
 * wait forever (nothing ready, no timer) fails the test instead of hanging it.
 */
final class TestLoops {
    private TestLoops() {}

    /**
     * A new loop on a new virtual clock, reading 0.
     *
     * @return the loop
     */
    static SelectorEventLoop virtual() {
        return virtual(new VirtualClock());
    }

    /**
     * A new loop on the given virtual clock.
     *
     * @param clock the clock
     * @return the loop
     */
    static SelectorEventLoop virtual(VirtualClock clock) {
        return new SelectorEventLoop(clock, new NoIo());
    }

    /**
     * Runs iterations (without waiting for real time) until nothing is ready and no timer is
     * left.
     *
     * @param loop the loop
     * @throws AssertionError if the loop never becomes idle
     */
    static void runUntilIdle(SelectorEventLoop loop) {
        for (int i = 0; i < 100_000; i++) {
            if (loop.step() == -1) {
                return;
            }
        }
        throw new AssertionError("the loop never became idle");
    }

    /** A selector without channels: polls return nothing, a wait forever is a test failure. */
    private static final class NoIo implements IoSelector {
        @Override
        public int select(long timeoutNanos) {
            if (timeoutNanos != 0) {
                throw new AssertionError("the loop would block: nothing is ready and no timer is "
                        + "set (select timeout " + timeoutNanos + " ns)");
            }
            return 0;
        }

        @Override
        public void wakeup() {}

        @Override
        public void close() {}

        @Override
        public Selector nioSelector() {
            return null;
        }
    }
}
