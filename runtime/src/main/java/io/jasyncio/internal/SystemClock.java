package io.jasyncio.internal;

/**
 * Real monotonic time, from {@link System#nanoTime()}; the clock of every loop that is not under
 * test.
 */
public final class SystemClock implements Clock {
    /** The one instance: the clock has no state. */
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {}

    /**
     * Reads {@link System#nanoTime()}, which is monotonic, unlike the wall clock.
     *
     * @return the current time in nanoseconds
     */
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Real time moves by itself.
     *
     * @return false
     */
    @Override
    public String toString() {
        return "SystemClock";
    }
}
