package io.jasyncio.internal;

/** Rethrows exceptions as they are, checked or not, as Python does. */
public final class Throwables {
    private Throwables() {}

    /**
     * Throws {@code t} without wrapping it, even if it is a checked exception: the result of a
     * future or a coroutine is the original exception, with its original type and stack.
     *
     * @param t the exception
     * @return never returns; declared so callers can write {@code throw sneaky(t)}
     */
    public static RuntimeException sneaky(Throwable t) {
        throw Throwables.<RuntimeException>doThrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X doThrow(Throwable t) throws X {
        throw (X) t;
    }
}
