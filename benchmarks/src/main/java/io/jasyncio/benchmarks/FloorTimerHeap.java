package io.jasyncio.benchmarks;

import java.util.Arrays;

/**
 * The timer heap of the plain-Java floors (W2, W4): a binary min-heap by (deadline, sequence)
 * kept in parallel primitive arrays, so that sifting compares longs without following a pointer
 * per comparison. A heap of {@code Comparable} timer objects ({@code java.util.PriorityQueue})
 * costs about twice as much on W4's million random deadlines, mostly in cache misses, and would
 * not be a floor.
 */
final class FloorTimerHeap {
    private long[] deadlines = new long[16];
    private long[] sequences = new long[16];
    private Runnable[] callbacks = new Runnable[16];
    private int size;
    private long nextSequence;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest deadline; only when not empty. */
    long firstDeadline() {
        return deadlines[0];
    }

    void add(long deadline, Runnable callback) {
        if (size == deadlines.length) {
            int n = size * 2;
            deadlines = Arrays.copyOf(deadlines, n);
            sequences = Arrays.copyOf(sequences, n);
            callbacks = Arrays.copyOf(callbacks, n);
        }
        long sequence = nextSequence++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(deadline, sequence, deadlines[parent], sequences[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        deadlines[i] = deadline;
        sequences[i] = sequence;
        callbacks[i] = callback;
    }

    /** Removes and returns the earliest callback; only when not empty. */
    Runnable poll() {
        Runnable first = callbacks[0];
        int last = --size;
        long d = deadlines[last];
        long s = sequences[last];
        Runnable c = callbacks[last];
        callbacks[last] = null;
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && less(deadlines[right], sequences[right], deadlines[child], sequences[child])) {
                child = right;
            }
            if (!less(deadlines[child], sequences[child], d, s)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (last > 0) {
            deadlines[i] = d;
            sequences[i] = s;
            callbacks[i] = c;
        }
        return first;
    }

    private static boolean less(long d1, long s1, long d2, long s2) {
        return d1 < d2 || (d1 == d2 && s1 < s2);
    }

    private void move(int from, int to) {
        deadlines[to] = deadlines[from];
        sequences[to] = sequences[from];
        callbacks[to] = callbacks[from];
    }
}
