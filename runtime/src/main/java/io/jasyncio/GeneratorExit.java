package io.jasyncio;

/**
 * Raised inside a generator at its pending yield by {@link Generator#close()}, so that its
 * {@code finally} blocks run. Like {@link CancelledError} it extends {@link Error}, so that
 * {@code catch (Exception e)} does not swallow it.
 *
 * @apiNote Mirrors {@code GeneratorExit}, a {@code BaseException}.
 */
public class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the signal. */
    public GeneratorExit() {
        super(null, null, false, false);
    }
}
