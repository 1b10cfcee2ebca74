package io.jasyncio.junit;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime's timing behaviour, written as real {@code @Async} coroutines and run on the
 * extension's virtual clock: every sleep below returns at once in real time, and the loop time
 * it leaves is exact.
 */
@AsyncioTest
class VirtualTimeTest {

    @Async
    static Coroutine<String> fetch(String what, double seconds) {
        await(sleep(seconds));
        return done(what);
    }

    @Async
    static Coroutine<List<Object>> fetchAll() {
        return done(await(gather(fetch("a", 1), fetch("b", 1), fetch("c", 1))));
    }

    @Test
    void gatheredSleepsOverlapSoThreeOneSecondFetchesTakeOneSecond(TestLoop loop) {
        List<Object> results = loop.run(fetchAll());

        assertEquals(List.of("a", "b", "c"), results);
        assertEquals(1.0, loop.time());
    }

    @Async
    static Coroutine<String> fetchWithTimeout() {
        try {
            return done(await(waitFor(fetch("slow", 3600), 5)));
        } catch (TimeoutError e) {
            return done("gave up at " + io.jasyncio.Asyncio.getRunningLoop().time());
        }
    }

    @Test
    void waitForGivesUpAtItsTimeoutInLoopTime(TestLoop loop) {
        assertEquals("gave up at 5.0", loop.run(fetchWithTimeout()));
    }

    @Async
    static Coroutine<Void> tick(List<Double> ticks, int n) {
        for (int i = 0; i < n; i++) {
            await(sleep(1));
            ticks.add(io.jasyncio.Asyncio.getRunningLoop().time());
        }
        return done();
    }

    @Async
    static Coroutine<Task<Void>> startTicking(List<Double> ticks) {
        return done(createTask(tick(ticks, 3)));
    }

    @Test
    void advanceRunsEachTimerAtItsOwnDeadlineAndStopsAtTheTarget(TestLoop loop) {
        List<Double> ticks = new ArrayList<>();
        Task<Void> ticker = loop.run(startTicking(ticks));

        loop.advance(2.5);
        assertEquals(List.of(1.0, 2.0), ticks);
        assertEquals(2.5, loop.time());
        assertFalse(ticker.done());

        loop.advance(0.5);
        assertEquals(List.of(1.0, 2.0, 3.0), ticks);
        assertTrue(ticker.done());
    }

    @Async
    static Coroutine<Void> sleepThenRecord(List<String> log) {
        try {
            await(sleep(10));
            log.add("woke");
        } finally {
            log.add("finally");
        }
        return done();
    }

    @Async
    static Coroutine<Void> cancelAfterOneSecond(List<String> log) {
        Task<Void> sleeper = createTask(sleepThenRecord(log));
        await(sleep(1));
        sleeper.cancel();
        try {
            await(sleeper);
        } catch (io.jasyncio.CancelledError expected) {
            log.add("cancelled at " + io.jasyncio.Asyncio.getRunningLoop().time());
        }
        return done();
    }

    @Test
    void cancellingASleepingTaskRunsItsFinallyAtOnce(TestLoop loop) {
        List<String> log = new ArrayList<>();
        loop.run(cancelAfterOneSecond(log));
        assertEquals(List.of("finally", "cancelled at 1.0"), log);
    }

    @Async
    static Coroutine<Void> failAfter(double seconds) {
        await(sleep(seconds));
        throw new IllegalStateException(
                "failed at " + io.jasyncio.Asyncio.getRunningLoop().time());
    }

    @Test
    void aCoroutineExceptionReachesTheTestAsItIs(TestLoop loop) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.run(failAfter(2)));
        assertEquals("failed at 2.0", e.getMessage());
    }
}
