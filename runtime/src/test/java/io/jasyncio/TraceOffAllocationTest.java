package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.abi.Frame;
import io.jasyncio.internal.SelectorEventLoop;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Tracing costs nothing when it is off: a million task switches (W1's shape, a bare yield per
 * step) allocate nothing on the loop thread, while the same run traced does allocate, which
 * shows the measurement can see it. Counted with the JVM's per-thread allocation counter.
 */
class TraceOffAllocationTest {

    /** Yields {@code n} times, allocating nothing: the shape of {@code await sleep(0)} in a loop. */
    private static final class Yielder extends Frame<Void> {
        private int n;

        Yielder(int n) {
            this.n = n;
        }

        @Override
        protected Object invoke(Object value, Throwable error) {
            if (n-- > 0) {
                suspendOn(YIELD);
                return SUSPENDED;
            }
            return null;
        }

        @Override
        public String getName() {
            return "yielder";
        }

        @Override
        protected String sourceFile() {
            return null;
        }

        @Override
        protected int currentLine() {
            return -1;
        }
    }

    private static long allocatedDuring(SelectorEventLoop loop, int steps) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Task<Void> task = loop.createTask(new Yielder(steps), "yielder");
        long before = mx.getCurrentThreadAllocatedBytes();
        loop.runUntilComplete(task);
        return mx.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void anUntracedLoopAllocatesNothingPerTaskSwitch() {
        SelectorEventLoop loop = TestLoops.virtual();
        allocatedDuring(loop, 200_000); // warm-up
        int steps = 1_000_000;
        long untraced = allocatedDuring(loop, steps);
        // A few hundred bytes are fixed costs of runUntilComplete (its done callback); a byte
        // per step would be a million.
        assertTrue(untraced < 10_000, "untraced: " + untraced + " bytes for " + steps + " steps");

        Trace trace = Trace.start(loop);
        long traced = allocatedDuring(loop, steps);
        trace.close();
        assertTrue(traced > steps, "traced: " + traced + " bytes; the counter sees allocation");
        loop.close();
    }
}
