package io.jasyncio;

/**
 * Rethrows any throwable as it is, checked or not, as Python does: a future's result, and what
 * a hand-written coroutine of this package was resumed with. ({@code internal.Throwables} does
 * the same below the layering line that these classes must not cross.)
 */
final class Sneaky {
    private Sneaky() {}

    static RuntimeException sneaky(Throwable t) {
        throw Sneaky.<RuntimeException>doThrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X doThrow(Throwable t) throws X {
        throw (X) t;
    }
}
