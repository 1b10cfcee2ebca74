package io.jasyncio;

import java.util.List;

/**
 * Several exceptions raised together, such as the failures of the tasks of a {@link TaskGroup}.
 * Each one is also added as a {@linkplain #getSuppressed() suppressed} exception, so that a
 * printed stack trace shows them all.
 *
 * @apiNote Mirrors Python's {@code ExceptionGroup} / {@code BaseExceptionGroup}. Java has no
 *     {@code except*}: catch the group and inspect {@link #exceptions()}. {@link #getMessage()}
 *     reads as Python's {@code str(eg)}, e.g. {@code "unhandled errors in a TaskGroup (2
 *     sub-exceptions)"}; {@link #message()} is Python's {@code eg.message}.
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the group is about, without the count: Python's {@code eg.message}. */
    private final String message;

    /** The exceptions, in the order they were collected; never empty. */
    private final List<Throwable> exceptions;

    /**
     * Creates a group.
     *
     * @param message what the group is about, without the count
     * @param exceptions the exceptions, in the order they were collected; not empty
     * @throws IllegalArgumentException if {@code exceptions} is empty
     * @throws NullPointerException if {@code exceptions} or one of them is null
     */
    @SuppressWarnings("this-escape") // addSuppressed is final and only records the exceptions
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(
                message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")",
                null,
                true,
                true);
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("second argument (exceptions) must be a non-empty sequence");
        }
        this.message = message;
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /**
     * The message given at creation, without the count.
     *
     * @return the message
     * @apiNote Mirrors {@code eg.message}.
     */
    public String message() {
        return message;
    }

    /**
     * The exceptions of the group, in the order they were collected.
     *
     * @return an unmodifiable list
     * @apiNote Mirrors {@code eg.exceptions}.
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
