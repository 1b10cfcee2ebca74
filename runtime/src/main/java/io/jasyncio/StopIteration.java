package io.jasyncio;

/**
 * Signals that a coroutine driven by hand with {@link Coroutine#send(Object)} returned; it
 * carries the return value.
 *
 * @apiNote Mirrors {@code StopIteration}, whose {@code value} attribute holds a coroutine's
 *     return value.
 */
public class StopIteration extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The returned value; transient because coroutine results need not be serializable. */
    private final transient Object value;

    /**
     * Creates the signal.
     *
     * @param value the value the coroutine returned
     */
    public StopIteration(Object value) {
        super(null, null, false, false);
        this.value = value;
    }

    /**
     * The value the coroutine returned.
     *
     * @return the return value, possibly null
     * @apiNote Mirrors {@code StopIteration.value}.
     */
    public Object value() {
        return value;
    }

    @Override
    public String getMessage() {
        return String.valueOf(value);
    }
}
