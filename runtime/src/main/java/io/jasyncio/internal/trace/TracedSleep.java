package io.jasyncio.internal.trace;

/**
 * What a trace asks of the coroutine of a sleep, which the loop implements: a task suspended in
 * one is described as "sleep 2 s", its time left.
 */
public interface TracedSleep {
    /**
     * Seconds the sleep waits: the delay asked for until it starts, then the time left until its
     * deadline, then zero.
     *
     * @return seconds, never negative except for a negative delay not yet started
     */
    double delay();
}
