package io.jasyncio.internal;

/**
 * A real-time clock as far as the loop can tell ({@code isVirtual()} is false), moved by hand:
 * it lets a test see the timeouts the loop computes for a real clock.
 */
final class ManualClock implements Clock {
    private long now;

    ManualClock(long start) {
        this.now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    void advanceBy(long nanos) {
        now += nanos;
    }
}
