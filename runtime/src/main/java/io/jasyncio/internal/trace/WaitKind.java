package io.jasyncio.internal.trace;

/** The states of a task in a trace; each is one colour of the timeline. */
enum WaitKind {
    /** Running a step. */
    RUNNING("running", "#2e7d32"),
    /** In the ready queue: created, woken or yielded, waiting for its turn. */
    READY("ready", "#c8c8c8"),
    /** In {@code sleep}. */
    SLEEP("sleep", "#64b5f6"),
    /** Awaiting another task. */
    TASK("task", "#9575cd"),
    /** Awaiting a {@code gather}. */
    GATHER("gather", "#ba68c8"),
    /** Awaiting a lock, semaphore, condition or barrier. */
    LOCK("lock", "#ff8a65"),
    /** Awaiting an {@code Event}. */
    EVENT("event", "#f06292"),
    /** Awaiting a queue. */
    QUEUE("queue", "#ffd54f"),
    /** Awaiting socket or stream I/O. */
    IO("I/O", "#4db6ac"),
    /** Awaiting any other future. */
    FUTURE("future", "#a1887f");

    final String label;
    final String colour;

    WaitKind(String label, String colour) {
        this.label = label;
        this.colour = colour;
    }
}
