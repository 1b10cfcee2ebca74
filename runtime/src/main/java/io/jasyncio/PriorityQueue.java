package io.jasyncio;

import java.util.Comparator;

/**
 * A {@link Queue} that returns the smallest item first: by natural order, or by a comparator.
 * Items that compare equal come out in no particular order, as with Python's {@code heapq}.
 *
 * @param <T> the type of the items
 * @apiNote Mirrors {@code asyncio.PriorityQueue}; Python entries are usually tuples
 *     {@code (priority, data)}, here a record with a comparator does the same.
 */
public final class PriorityQueue<T> extends Queue<T> {
    /**
     * Creates a priority queue by natural order.
     *
     * @param maxsize the capacity, or zero or less for none
     * @apiNote Mirrors {@code asyncio.PriorityQueue(maxsize)}; putting an item that is not
     *     {@link Comparable} throws {@link ClassCastException}, as Python raises
     *     {@code TypeError}.
     */
    public PriorityQueue(int maxsize) {
        super(maxsize, new java.util.PriorityQueue<>());
    }

    /**
     * Creates an unbounded priority queue by natural order.
     *
     * @apiNote Mirrors {@code asyncio.PriorityQueue()}.
     */
    public PriorityQueue() {
        this(0);
    }

    /**
     * Creates a priority queue ordered by {@code comparator}.
     *
     * @param maxsize the capacity, or zero or less for none
     * @param comparator the order; the smallest item comes out first
     * @apiNote Mirrors {@code asyncio.PriorityQueue(maxsize)} holding {@code (key, item)}
     *     tuples.
     */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, new java.util.PriorityQueue<>(comparator));
    }
}
