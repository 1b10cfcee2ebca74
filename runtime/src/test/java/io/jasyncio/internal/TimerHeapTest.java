package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerHeapTest {
    private static final Comparator<TimerHandle> ORDER =
            Comparator.comparingLong(TimerHandle::deadlineNanos).thenComparingLong(TimerHandle::sequence);
    private static final Runnable NOTHING = () -> {};

    private long sequence;

    /** A timer outside any loop: the heap never calls back into it. */
    private TimerHandle timer(long deadline) {
        return new TimerHandle(null, deadline, sequence++, NOTHING);
    }

    private static List<TimerHandle> drain(TimerHeap heap) {
        List<TimerHandle> out = new ArrayList<>();
        for (TimerHandle t; (t = (TimerHandle) heap.poll()) != null; ) {
            out.add(t);
        }
        return out;
    }

    @Test
    void pollReturnsTimersInDeadlineOrder() {
        TimerHeap heap = new TimerHeap();
        TimerHandle t30 = timer(30);
        TimerHandle t10 = timer(10);
        TimerHandle t20 = timer(20);
        TimerHandle tNegative = timer(-5);
        heap.add(t30);
        heap.add(t10);
        heap.add(t20);
        heap.add(tNegative);

        assertSame(tNegative, heap.peek());
        assertEquals(List.of(tNegative, t10, t20, t30), drain(heap));
        assertTrue(heap.isEmpty());
        assertNull(heap.peek());
    }

    @Test
    void equalDeadlinesComeOutInSchedulingOrder() {
        TimerHeap heap = new TimerHeap();
        List<TimerHandle> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            TimerHandle t = timer(7);
            expected.add(t);
            heap.add(t);
        }
        assertEquals(expected, drain(heap));
    }

    @Test
    void removingFromTheMiddleKeepsTheHeapValid() {
        TimerHeap heap = new TimerHeap();
        List<TimerHandle> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // Deadlines out of order, so removal has to sift both ways.
            TimerHandle t = timer((i * 37L) % 100);
            all.add(t);
            heap.add(t);
        }
        List<TimerHandle> removed = new ArrayList<>();
        for (int i = 3; i < all.size(); i += 7) {
            TimerHandle t = all.get(i);
            assertTrue(heap.remove(t));
            assertEquals(-1, t.heapIndex);
            removed.add(t);
        }
        assertEquals(100 - removed.size(), heap.size());

        List<TimerHandle> expected = new ArrayList<>(all);
        expected.removeAll(removed);
        expected.sort(ORDER);
        assertEquals(expected, drain(heap));
    }

    /** An entry that is not a {@link TimerHandle}, as a sleeping coroutine's frame is. */
    private static final class Other implements TimerHeap.Entry {
        int index = -1;
        final long sequence;

        Other(long sequence) {
            this.sequence = sequence;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public int heapIndex() {
            return index;
        }

        @Override
        public void heapIndex(int i) {
            index = i;
        }

        @Override
        public void run() {}
    }

    /**
     * Timers and other entries (sleeps) share one order: deadline, then the sequence they were
     * given, whatever their kind, and removal works on both.
     */
    @Test
    void entriesOfEveryKindShareTheDeadlineAndFifoOrder() {
        TimerHeap heap = new TimerHeap();
        List<TimerHeap.Entry> expected = new ArrayList<>();
        Other removed = null;
        for (int i = 0; i < 30; i++) {
            if (i % 2 == 0) {
                TimerHandle t = timer(5);
                heap.add(t);
                expected.add(t);
            } else {
                Other o = new Other(sequence++);
                heap.add(o, 5);
                expected.add(o);
                if (i == 13) {
                    removed = o;
                }
            }
        }
        Other early = new Other(sequence++);
        heap.add(early, 4);
        expected.add(0, early);
        assertEquals(4, heap.firstDeadline());
        assertTrue(heap.remove(removed));
        assertEquals(-1, removed.heapIndex());
        expected.remove(removed);
        List<TimerHeap.Entry> out = new ArrayList<>();
        for (TimerHeap.Entry e; (e = heap.poll()) != null; ) {
            assertEquals(-1, e.heapIndex());
            out.add(e);
        }
        assertEquals(expected, out);
        assertEquals(Long.MAX_VALUE, heap.firstDeadline());
    }

    @Test
    void removingATimerNotInTheHeapReturnsFalse() {
        TimerHeap heap = new TimerHeap();
        TimerHandle in = timer(1);
        TimerHandle out = timer(2);
        heap.add(in);
        assertFalse(heap.remove(out));
        assertSame(in, heap.poll());
        assertFalse(heap.remove(in)); // already polled
    }

    @Test
    void aTimerCannotBeInTheHeapTwice() {
        TimerHeap heap = new TimerHeap();
        TimerHandle t = timer(1);
        heap.add(t);
        assertThrows(IllegalArgumentException.class, () -> heap.add(t));
    }

    @Test
    void clearEmptiesTheHeapAndForgetsEveryIndex() {
        TimerHeap heap = new TimerHeap();
        List<TimerHandle> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TimerHandle t = timer(i);
            all.add(t);
            heap.add(t);
        }
        heap.clear();
        assertTrue(heap.isEmpty());
        for (TimerHandle t : all) {
            assertEquals(-1, t.heapIndex);
        }
        heap.add(all.get(5)); // reusable after clear
        assertSame(all.get(5), heap.poll());
    }

    @Test
    void randomOperationsAgreeWithASortedList() {
        Random random = new Random(20261125);
        TimerHeap heap = new TimerHeap();
        List<TimerHandle> model = new ArrayList<>();
        for (int op = 0; op < 20_000; op++) {
            int choice = random.nextInt(10);
            if (choice < 5 || model.isEmpty()) {
                // Few distinct deadlines, so ties (and their FIFO order) are frequent.
                TimerHandle t = timer(random.nextInt(64));
                heap.add(t);
                model.add(t);
            } else if (choice < 8) {
                model.sort(ORDER);
                assertSame(model.remove(0), heap.poll());
            } else {
                TimerHandle victim = model.remove(random.nextInt(model.size()));
                assertTrue(heap.remove(victim));
            }
            assertEquals(model.size(), heap.size());
            if (!model.isEmpty()) {
                assertSame(model.stream().min(ORDER).orElseThrow(), heap.peek());
            }
        }
        model.sort(ORDER);
        assertEquals(model, drain(heap));
    }
}
