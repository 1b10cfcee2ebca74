package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Future}'s states and its done callbacks. The loop is not running unless a test runs
 * it, which is how "never inline" is observed: nothing a future does may run before
 * {@link SelectorEventLoop#step()}.
 */
class FutureTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> order = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    // ---------------------------------------------------------------------------------------
    // States

    @Test
    void aNewFutureIsPendingAndHasNoResultYet() {
        Future<Integer> f = loop.createFuture();
        assertFalse(f.done());
        assertFalse(f.cancelled());
        assertSame(loop, f.getLoop());
        assertThrows(InvalidStateError.class, f::result);
        assertThrows(InvalidStateError.class, f::exception);
    }

    @Test
    void setResultMakesItDoneWithThatResult() {
        Future<Integer> f = loop.createFuture();
        f.setResult(42);
        assertTrue(f.done());
        assertFalse(f.cancelled());
        assertEquals(42, f.result());
        assertNull(f.exception());
    }

    /**
     * <pre>
     * f = loop.create_future(); f.set_result(1)
     * f.set_result(2)              # InvalidStateError('invalid state')
     * f.set_exception(ValueError()) # InvalidStateError('invalid state')
     * f.cancel(), f.result()       # False, 1
     * </pre>
     */
    @Test
    void completingADoneFutureIsAnInvalidStateError() {
        Future<Integer> f = loop.createFuture();
        f.setResult(1);
        assertThrows(InvalidStateError.class, () -> f.setResult(2));
        assertThrows(InvalidStateError.class, () -> f.setException(new IllegalStateException()));
        assertFalse(f.cancel());
        assertFalse(f.cancelled());
        assertEquals(1, f.result());

        Future<Integer> c = loop.createFuture();
        assertTrue(c.cancel());
        assertThrows(InvalidStateError.class, () -> c.setResult(2));
        assertThrows(InvalidStateError.class, () -> c.setException(new IOException()));
        assertTrue(c.cancelled());
    }

    @Test
    void resultRethrowsTheVeryExceptionObjectCheckedOrNot() {
        IOException checked = new IOException("disk");
        Future<Integer> f = loop.createFuture();
        f.setException(checked);
        assertTrue(f.done());
        assertFalse(f.cancelled());
        assertSame(checked, assertThrows(IOException.class, f::result));
        assertSame(checked, f.exception());

        IllegalArgumentException unchecked = new IllegalArgumentException("arg");
        Future<Integer> g = loop.createFuture();
        g.setException(unchecked);
        assertSame(unchecked, assertThrows(IllegalArgumentException.class, g::result));

        StackOverflowError error = new StackOverflowError("deep");
        Future<Integer> h = loop.createFuture();
        h.setException(error);
        assertSame(error, assertThrows(StackOverflowError.class, h::result));
    }

    /**
     * <pre>
     * f = loop.create_future()
     * f.cancel('why')   # True
     * f.result()        # raises CancelledError('why')
     * f.exception()     # raises CancelledError('why')
     * f.cancel()        # False
     * </pre>
     */
    @Test
    void aCancelledFutureRaisesCancelledErrorWithItsMessage() {
        Future<Integer> f = loop.createFuture();
        assertTrue(f.cancel("why"));
        assertTrue(f.done());
        assertTrue(f.cancelled());
        assertEquals("why", assertThrows(CancelledError.class, f::result).getMessage());
        assertEquals("why", assertThrows(CancelledError.class, f::exception).getMessage());
        assertFalse(f.cancel());
        assertFalse(f.cancel("again"));
    }

    @Test
    void cancelReturnsFalseOnceDone() {
        Future<Integer> withResult = loop.createFuture();
        withResult.setResult(1);
        assertFalse(withResult.cancel());
        assertFalse(withResult.cancelled());

        Future<Integer> withError = loop.createFuture();
        IOException e = new IOException();
        withError.setException(e);
        assertFalse(withError.cancel("msg"));
        assertFalse(withError.cancelled());
        assertSame(e, withError.exception());
    }

    /**
     * <pre>
     * g = loop.create_future()
     * g.set_exception(StopIteration(1))   # TypeError: StopIteration interacts badly with
     * g.done()                            # generators and cannot be raised into a Future; False
     * </pre>
     */
    @Test
    void setExceptionRefusesStopIterationAndLeavesTheFuturePending() {
        Future<Integer> f = loop.createFuture();
        assertThrows(IllegalArgumentException.class, () -> f.setException(new StopIteration(1)));
        assertFalse(f.done());
        f.setResult(3);
        assertEquals(3, f.result());
    }

    // ---------------------------------------------------------------------------------------
    // Done callbacks

    /**
     * The same program under Python 3.11:
     * <pre>
     * loop = asyncio.new_event_loop()
     * order = []
     * f = loop.create_future()
     * f.add_done_callback(lambda fut: order.append('a'))
     * f.add_done_callback(lambda fut: order.append('b'))
     * loop.call_soon(lambda: order.append('before'))
     * f.set_result(1)
     * loop.call_soon(lambda: order.append('after'))
     * f.add_done_callback(lambda fut: order.append('c (added when done)'))
     * print('inline:', order)         # inline: []
     * loop.call_soon(loop.stop); loop.run_forever()
     * print(order)   # ['before', 'a', 'b', 'after', 'c (added when done)']
     * </pre>
     */
    @Test
    void doneCallbacksRunThroughTheLoopInRegistrationOrder() {
        Future<Integer> f = loop.createFuture();
        List<Future<Integer>> seen = new ArrayList<>();
        f.addDoneCallback(fut -> {
            order.add("a");
            seen.add(fut);
        });
        f.addDoneCallback(fut -> order.add("b"));
        loop.callSoon(() -> order.add("before"));
        f.setResult(1);
        loop.callSoon(() -> order.add("after"));
        f.addDoneCallback(fut -> order.add("c (added when done)"));
        assertEquals(List.of(), order, "no callback may run inline");

        loop.step();
        assertEquals(List.of("before", "a", "b", "after", "c (added when done)"), order);
        assertEquals(List.of(f), seen);
    }

    @Test
    void aCallbackAddedToADoneFutureIsScheduledNotRunInline() {
        Future<Integer> f = loop.createFuture();
        f.setResult(1);
        f.addDoneCallback(fut -> order.add("late"));
        assertEquals(List.of(), order);
        loop.step();
        assertEquals(List.of("late"), order);
        loop.step();
        assertEquals(List.of("late"), order, "a callback runs once");
    }

    /**
     * A failing callback does not keep the next from running: each is its own handle, and the
     * error goes to the exception handler.
     * <pre>
     * loop = asyncio.new_event_loop()
     * order = []; errors = []
     * loop.set_exception_handler(lambda l, ctx: errors.append(repr(ctx['exception'])))
     * f = loop.create_future()
     * def bad(fut): order.append('bad'); raise RuntimeError('boom')
     * f.add_done_callback(bad)
     * f.add_done_callback(lambda fut: order.append('good'))
     * f.set_result(1)
     * loop.call_soon(loop.stop); loop.run_forever()
     * print(order, errors)   # ['bad', 'good'] ["RuntimeError('boom')"]
     * </pre>
     */
    @Test
    void eachDoneCallbackIsItsOwnHandle() {
        List<Throwable> errors = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> errors.add(ctx.exception()));
        RuntimeException boom = new RuntimeException("boom");
        Future<Integer> f = loop.createFuture();
        f.addDoneCallback(fut -> {
            order.add("bad");
            throw boom;
        });
        f.addDoneCallback(fut -> order.add("good"));
        f.setResult(1);
        loop.step();
        assertEquals(List.of("bad", "good"), order);
        assertEquals(List.of(boom), errors);
    }

    /**
     * <pre>
     * def cb(fut): pass
     * g = loop.create_future()
     * g.add_done_callback(cb); g.add_done_callback(lambda x: None); g.add_done_callback(cb)
     * print(g.remove_done_callback(cb), g.remove_done_callback(cb))   # 2 0
     * </pre>
     */
    @Test
    void removeDoneCallbackRemovesEveryRegistrationAndCountsThem() {
        Future<Integer> f = loop.createFuture();
        Consumer<Future<Integer>> cb = fut -> order.add("removed one ran");
        f.addDoneCallback(cb);
        f.addDoneCallback(fut -> order.add("other"));
        f.addDoneCallback(cb);
        assertEquals(2, f.removeDoneCallback(cb));
        assertEquals(0, f.removeDoneCallback(cb));

        Future<Integer> single = loop.createFuture();
        single.addDoneCallback(cb);
        assertEquals(1, single.removeDoneCallback(cb));
        assertEquals(0, single.removeDoneCallback(cb));

        f.setResult(1);
        single.setResult(1);
        loop.step();
        assertEquals(List.of("other"), order);
    }

    /**
     * <pre>
     * f = loop.create_future()
     * f.add_done_callback(lambda fut: order.append(('a', fut.cancelled())))
     * f.add_done_callback(lambda fut: order.append(('b', fut.cancelled())))
     * loop.call_soon(lambda: order.append('before'))
     * f.cancel('why')                                 # True
     * loop.call_soon(lambda: order.append('after'))
     * print('inline:', order)                         # inline: []
     * loop.call_soon(loop.stop); loop.run_forever()
     * print(order)   # ['before', ('a', True), ('b', True), 'after']
     * </pre>
     */
    @Test
    void cancellingSchedulesTheDoneCallbacks() {
        Future<Integer> f = loop.createFuture();
        f.addDoneCallback(fut -> order.add("a cancelled=" + fut.cancelled()));
        f.addDoneCallback(fut -> order.add("b cancelled=" + fut.cancelled()));
        loop.callSoon(() -> order.add("before"));
        assertTrue(f.cancel("why"));
        loop.callSoon(() -> order.add("after"));
        assertEquals(List.of(), order);
        loop.step();
        assertEquals(List.of("before", "a cancelled=true", "b cancelled=true", "after"), order);
    }

    @Test
    void setExceptionSchedulesTheDoneCallbacks() {
        Future<Integer> f = loop.createFuture();
        IOException e = new IOException();
        f.addDoneCallback(fut -> order.add("exception is e: " + (fut.exception() == e)));
        f.setException(e);
        assertEquals(List.of(), order);
        loop.step();
        assertEquals(List.of("exception is e: true"), order);
    }
}
