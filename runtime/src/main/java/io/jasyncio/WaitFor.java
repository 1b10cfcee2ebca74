package io.jasyncio;

import java.util.function.Consumer;

/**
 * The coroutine {@link Asyncio#waitFor} returns, written by hand as a {@link Coroutine}. It mirrors
 * Python 3.12's {@code tasks.wait_for}:
 *
 * <pre>{@code
 * async def wait_for(fut, timeout):
 *     if timeout is not None and timeout <= 0:
 *         fut = ensure_future(fut)
 *         if fut.done():
 *             return fut.result()
 *         await _cancel_and_wait(fut)          # cancel, then wait until it is done
 *         try:
 *             return fut.result()
 *         except CancelledError as exc:
 *             raise TimeoutError from exc
 *     async with timeouts.timeout(timeout):
 *         return await fut
 * }</pre>
 *
 * <pre>
 *   label 0 ─┬─ timeout &gt; 0 or none ──▶ await Timeout.Scope(aw) ──▶ label 2: return / throw
 *            └─ timeout &lt;= 0 ──▶ cancel fut, await waiter ──▶ label 1: fut.result() or
 *                                                                       TimeoutError
 * </pre>
 *
 * @param <T> the result type
 */
final class WaitFor<T> extends Coroutine<T> {
    private final Awaitable<T> aw;
    private final Double timeout;
    private int label;
    private Future<T> fut;
    private Consumer<Future<T>> release;

    WaitFor(Awaitable<T> aw, Double timeout) {
        if (aw == null) {
            throw new NullPointerException("aw");
        }
        this.aw = aw;
        this.timeout = timeout;
    }

    @Override
    protected Object invoke(Object value, Throwable error) {
        switch (label) {
            case 0: {
                EventLoop loop = Asyncio.getRunningLoop();
                if (timeout != null && timeout <= 0) {
                    fut = Asyncio.ensureFuture(aw, loop);
                    if (fut.done()) {
                        label = 3;
                        return fut.result();
                    }
                    // _cancel_and_wait(fut)
                    Future<Void> waiter = loop.createFuture();
                    release = f -> {
                        if (!waiter.done()) {
                            waiter.setResult(null);
                        }
                    };
                    fut.addDoneCallback(release);
                    fut.cancel();
                    label = 1;
                    return await(waiter);
                }
                Timeout t = new Timeout(timeout == null || timeout.isInfinite() ? null : loop.time() + timeout);
                label = 2;
                return await(new Timeout.Scope<T>(t, x -> aw));
            }
            case 1: {
                // The finally of _cancel_and_wait, then the result or TimeoutError.
                fut.removeDoneCallback(release);
                label = 3;
                if (error != null) {
                    throw Sneaky.sneaky(error);
                }
                try {
                    return fut.result();
                } catch (CancelledError e) {
                    throw new TimeoutError(e);
                }
            }
            case 2:
                label = 3;
                if (error != null) {
                    throw Sneaky.sneaky(error);
                }
                return value;
            default:
                throw new IllegalStateException("bad label " + label);
        }
    }

    /** Awaits {@code a}: returns its value at once, or {@code SUSPENDED}; the next label runs on resume. */
    private Object await(Awaitable<?> a) {
        Object r;
        try {
            r = awaitIn(a, this);
        } catch (Throwable t) {
            return invoke(null, t);
        }
        return r == SUSPENDED ? SUSPENDED : invoke(r, null);
    }

    @Override
    public String getName() {
        return "wait_for";
    }

    @Override
    protected String sourceFile() {
        return "WaitFor.java";
    }

    @Override
    protected int currentLine() {
        return -1;
    }
}
