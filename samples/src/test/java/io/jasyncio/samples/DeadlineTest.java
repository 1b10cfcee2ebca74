package io.jasyncio.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Runner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol servers' lazily re-armed deadline, on a virtual clock (so times are exact). */
class DeadlineTest {
    /** Runs {@code script} on a virtual-time loop until it is done, giving the expiry times. */
    private static List<Double> expiries(
            double granularity, java.util.function.BiConsumer<EventLoop, Deadline> script) {
        List<Double> fired = new ArrayList<>();
        try (Runner runner = Runner.virtualTime()) {
            EventLoop loop = runner.getLoop();
            Deadline deadline = new Deadline(loop, granularity, () -> fired.add(loop.time()));
            Future<Void> end = loop.createFuture();
            loop.callSoon(() -> script.accept(loop, deadline));
            loop.callLater(1000, () -> end.setResult(null));
            loop.runUntilComplete(end);
        }
        return fired;
    }

    @Test
    void expiresExactlyAtTheLastDeadlineSetHoweverOftenItMoved() {
        List<Double> fired = expiries(2, (loop, d) -> {
            d.in(5);
            for (int t = 1; t <= 30; t++) {
                loop.callLater(t * 0.5, () -> d.in(5)); // moved later every half second until 15
            }
        });
        assertEquals(List.of(20.0), fired);
    }

    @Test
    void aDeadlineMovedEarlierThanItsTimerStillExpiresOnTime() {
        List<Double> fired = expiries(10, (loop, d) -> {
            d.in(10);
            loop.callLater(1, () -> d.in(2));
        });
        assertEquals(List.of(3.0), fired);
    }

    @Test
    void aCancelledDeadlineNeverExpiresAndCanBeSetAgain() {
        List<Double> fired = expiries(1, (loop, d) -> {
            d.in(3);
            loop.callLater(2, d::cancel);
            loop.callLater(10, () -> d.in(4));
        });
        assertEquals(List.of(14.0), fired);
    }
}
