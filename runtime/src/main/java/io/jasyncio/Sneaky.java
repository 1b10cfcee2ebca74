package io.jasyncio;

/**
 * Rethrows any throwable as it is, checked or not, as Python does: a future's result, and what
 * a hand-written coroutine of this package was resumed with. (The internal packages, which this
 * one does not use, have their own.)
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
