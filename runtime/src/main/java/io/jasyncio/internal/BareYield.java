package io.jasyncio.internal;

import io.jasyncio.abi.Frame;

/**
 * The coroutine {@code sleep(0)} returns: a bare yield, asyncio's {@code __sleep0()}, giving up
 * control for exactly one loop iteration.
 *
 * <p>It holds nothing but {@link Frame}'s own fields (32 bytes), and awaiting it does not run it
 * as a frame: {@link io.jasyncio.abi.Intrinsics#await} recognises it, marks it done and suspends
 * the awaiter itself on {@link Frame#YIELD}, so the task resumes the awaiter directly. The frame
 * then never escapes the awaiting method, and once the JIT has inlined {@code sleep} and
 * {@code await} into it, escape analysis removes the allocation: W1's {@code await(sleep(0))}
 * allocates nothing. Anything else (a task wrapping it, {@code send}, a generator's
 * {@code Yield.from}) runs it as the two-step frame below.
 *
 * @param <T> the result type; the result is always null
 */
public final class BareYield<T> extends Frame<T> {
    private boolean yielded;

    /** Creates the coroutine; it yields once it is first resumed. */
    public BareYield() {}

    @Override
    protected Object invoke(Object value, Throwable error) {
        if (!yielded) {
            yielded = true;
            suspendOn(YIELD);
            return SUSPENDED;
        }
        if (error != null) {
            throw Throwables.sneaky(error);
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
