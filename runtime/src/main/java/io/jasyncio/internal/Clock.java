package io.jasyncio.internal;

/**
 * The event loop's source of time, in nanoseconds.
 *
 * <p>The loop never calls {@link System#nanoTime()} itself: it reads this seam, so that a test or
 * a simulation can swap in another (the loop adapts an {@link io.jasyncio.VirtualClock} to this,
 * and lets sleeps end as soon as nothing else is ready). Only differences between two readings mean anything.
 *
 * @apiNote Plays the role of asyncio's {@code loop.time()} (which reads {@code time.monotonic()})
 *     and of Netty's {@code Ticker}.
 */
public interface Clock {
    /**
     * The current time. Any thread may call this.
     *
     * @return nanoseconds since an arbitrary origin fixed for the clock's lifetime
     */
    long nanoTime();
}
