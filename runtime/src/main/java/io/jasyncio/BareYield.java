package io.jasyncio;

/**
 * The coroutine {@code sleep(0)} returns: a bare yield, asyncio's {@code __sleep0()}, giving up
 * control for exactly one loop iteration.
 *
 * <p>It holds nothing but the engine's own fields (32 bytes), and awaiting it does not run it as
 * a coroutine: {@link Coroutine.Engine#await} recognises it, marks it done and suspends the
 * awaiter itself on the bare-yield marker, so the task resumes the awaiter directly. The object
 * then never escapes the awaiting method, and once the JIT has inlined {@code sleep} and
 * {@code await} into it, escape analysis removes the allocation: W1's {@code await(sleep(0))}
 * allocates nothing. Anything else (a task wrapping it, {@code send}, a generator's
 * {@code Yield.from}) runs it as the two-step coroutine below.
 *
 * @param <T> the result type; the result is always null
 */
final class BareYield<T> extends Coroutine<T> {
    private boolean yielded;

    /** Creates the coroutine; it yields once it is first resumed. */
    BareYield() {}

    @Override
    protected Object invoke(Object value, Throwable error) {
        if (!yielded) {
            yielded = true;
            suspendOn(YIELD);
            return SUSPENDED;
        }
        if (error != null) {
            throw Sneaky.sneaky(error);
        }
        return null;
    }

    @Override
    public String getName() {
        return "sleep";
    }

    @Override
    protected String sourceFile() {
        return "Sleep.java";
    }

    @Override
    protected int currentLine() {
        return -1;
    }
}
