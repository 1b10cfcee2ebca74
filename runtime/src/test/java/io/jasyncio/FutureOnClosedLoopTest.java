package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A future whose loop is closed: completing it raises "Event loop is closed" exactly when
 * asyncio's does, that is when a callback has to be scheduled, and the future is done all the
 * same. Checked against CPython 3.11:
 *
 * <pre>
 * loop = asyncio.new_event_loop()
 * a = loop.create_future()                       # no callbacks
 * b = loop.create_future(); b.add_done_callback(cb)
 * c = loop.create_future(); c.add_done_callback(cb); c.add_done_callback(cb)
 * d = loop.create_future(); d.add_done_callback(cb)
 * loop.close()
 * a.set_result(1)               # fine; a.done() is True
 * b.set_result(1)               # RuntimeError('Event loop is closed'); b.done() is True
 * b.set_result(2)               # InvalidStateError('invalid state')
 * c.set_exception(ValueError()) # RuntimeError('Event loop is closed'); both callbacks dropped
 * d.cancel()                    # RuntimeError('Event loop is closed'); d.cancelled() is True
 * d.cancel()                    # False
 * a.add_done_callback(cb)       # RuntimeError('Event loop is closed'): a is done
 * loop.create_future().add_done_callback(cb)   # fine: pending
 * </pre>
 */
class FutureOnClosedLoopTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final Consumer<Future<Integer>> callback = f -> {};

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void setResultWithoutCallbacksIsAcceptedOnAClosedLoop() {
        Future<Integer> f = loop.createFuture();
        loop.close();
        f.setResult(1);
        assertTrue(f.done());
        assertEquals(1, f.result());
    }

    @Test
    void setResultWithACallbackRaisesEventLoopIsClosedAndLeavesTheFutureDone() {
        Future<Integer> f = loop.createFuture();
        f.addDoneCallback(callback);
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.setResult(1));
        assertEquals("Event loop is closed", e.getMessage());
        assertTrue(f.done());
        assertEquals(1, f.result());
        assertThrows(InvalidStateError.class, () -> f.setResult(2));
    }

    @Test
    void setExceptionWithCallbacksRaisesAndDropsEveryCallback() {
        Future<Integer> f = loop.createFuture();
        f.addDoneCallback(callback);
        f.addDoneCallback(callback);
        loop.close();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> f.setException(new IllegalArgumentException()));
        assertEquals("Event loop is closed", e.getMessage());
        assertTrue(f.done());
        assertEquals(0, f.removeDoneCallback(callback), "the callbacks were dropped, as asyncio drops them");
        assertTrue(f.exception() instanceof IllegalArgumentException);
    }

    @Test
    void cancelWithACallbackRaisesAndLeavesTheFutureCancelled() {
        Future<Integer> f = loop.createFuture();
        f.addDoneCallback(callback);
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, f::cancel);
        assertEquals("Event loop is closed", e.getMessage());
        assertTrue(f.cancelled());
        assertFalse(f.cancel(), "already cancelled");
    }

    @Test
    void addDoneCallbackRaisesOnADoneFutureOfAClosedLoopButNotOnAPendingOne() {
        Future<Integer> done = loop.createFuture();
        done.setResult(1);
        Future<Integer> pending = loop.createFuture();
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> done.addDoneCallback(callback));
        assertEquals("Event loop is closed", e.getMessage());
        pending.addDoneCallback(callback);
        assertEquals(1, pending.removeDoneCallback(callback));
    }

    @Test
    void completingTheFutureATaskAwaitsRaisesInsteadOfLeavingTheTaskPendingSilently() {
        Future<Integer> f = loop.createFuture();
        Task<Integer> task = loop.createTask(Scripted.<Integer>awaiting("waiter", f));
        loop.step(); // the task now waits for f
        assertFalse(task.done());
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.setResult(5));
        assertEquals("Event loop is closed", e.getMessage());
        assertTrue(f.done());
    }
}
