package io.jasyncio;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * A {@link Queue} that returns the most recently put item first, like a stack.
 *
 * @param <T> the type of the items
 * @apiNote Mirrors {@code asyncio.LifoQueue}.
 */
public final class LifoQueue<T> extends Queue<T> {
    /**
     * Creates a LIFO queue holding at most {@code maxsize} items.
     *
     * @param maxsize the capacity, or zero or less for none
     * @apiNote Mirrors {@code asyncio.LifoQueue(maxsize)}.
     */
    public LifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }

    /**
     * Creates an unbounded LIFO queue.
     *
     * @apiNote Mirrors {@code asyncio.LifoQueue()}.
     */
    public LifoQueue() {
        this(0);
    }
}
