package io.jasyncio;

import java.util.ArrayDeque;

/**
 * A FIFO queue for coroutines of one loop: {@link #put(Object)} waits while the queue is full,
 * {@link #get()} waits while it is empty, and {@link #join()} waits until every item put has
 * been marked done with {@link #taskDone()}.
 *
 * <p>Blocked getters and putters are woken one at a time, in the order they started waiting; a
 * waiter cancelled after being woken passes the wake-up on, so no item is left unclaimed while
 * a getter waits. Not thread-safe: use it from its loop's thread only.
 *
 * <p>Subclasses choose the order of retrieval by passing their own storage to
 * {@link #Queue(int, java.util.Queue)}: {@link PriorityQueue}, {@link LifoQueue}.
 *
 * @param <T> the type of the items
 * @apiNote Mirrors {@code asyncio.Queue} of Python 3.13, {@code shutdown} included. Python's
 *     {@code _init}/{@code _put}/{@code _get} overrides become the storage constructor argument.
 */
public class Queue<T> {
    private final int maxsize;
    private final java.util.Queue<T> items;
    private final WaiterFrame.Waiters getters = new WaiterFrame.Waiters();
    private final WaiterFrame.Waiters putters = new WaiterFrame.Waiters();
    private final Event finished = new Event();
    private int unfinishedTasks;
    private boolean isShutdown;

    /**
     * Creates a FIFO queue holding at most {@code maxsize} items; zero or less means unbounded.
     *
     * @param maxsize the capacity, or zero or less for none
     * @apiNote Mirrors {@code asyncio.Queue(maxsize)}.
     */
    public Queue(int maxsize) {
        this(maxsize, new ArrayDeque<>());
    }

    /**
     * Creates an unbounded FIFO queue.
     *
     * @apiNote Mirrors {@code asyncio.Queue()}.
     */
    public Queue() {
        this(0);
    }

    /**
     * Creates a queue over the given storage, whose {@code offer} and {@code poll} decide the
     * order of retrieval.
     *
     * @param maxsize the capacity, or zero or less for none
     * @param storage an empty collection, owned by the queue from now on
     * @throws IllegalArgumentException if {@code storage} is not empty
     * @apiNote Stands for overriding {@code Queue._init}, {@code _put} and {@code _get}.
     */
    protected Queue(int maxsize, java.util.Queue<T> storage) {
        if (!storage.isEmpty()) {
            throw new IllegalArgumentException("storage must be empty");
        }
        this.maxsize = maxsize;
        this.items = storage;
        finished.set();
    }

    /**
     * The number of items in the queue.
     *
     * @return the size
     * @apiNote Mirrors {@code Queue.qsize()}.
     */
    public int qsize() {
        return items.size();
    }

    /**
     * The capacity given at creation; zero or less means unbounded.
     *
     * @return the capacity
     * @apiNote Mirrors {@code Queue.maxsize}.
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * Tells whether the queue holds no item.
     *
     * @return true if empty
     * @apiNote Mirrors {@code Queue.empty()}.
     */
    public boolean empty() {
        return items.isEmpty();
    }

    /**
     * Tells whether the queue holds {@link #maxsize()} items; an unbounded queue is never full.
     *
     * @return true if full
     * @apiNote Mirrors {@code Queue.full()}.
     */
    public boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /**
     * Puts an item, waiting while the queue is full.
     *
     * <p>If the calling task is cancelled while waiting, the coroutine throws
     * {@link CancelledError} and the item is not put; if it was cancelled after a slot was freed
     * for it, the next waiting putter is woken instead.
     *
     * @param item the item
     * @return a coroutine that completes with null once the item is in the queue; it throws
     *     {@link QueueShutDown} if the queue is shut down, before or while it waits
     * @apiNote Mirrors {@code async Queue.put(item)}.
     */
    public Coroutine<Void> put(T item) {
        return new WaiterFrame<>("Queue.put", putters) {
            @Override
            Object attempt() {
                if (full()) {
                    if (isShutdown) {
                        throw new QueueShutDown();
                    }
                    return WAIT;
                }
                putNowait(item);
                return null;
            }

            @Override
            Object woken(Future<Object> fut) {
                return RETRY;
            }

            @Override
            void abandoned(Future<Object> fut, Throwable error) {
                fut.cancel();
                if (!full() && !fut.cancelled()) {
                    // Woken by a get, but cannot take the slot: wake the next in line.
                    wakeUpNext(putters);
                }
            }
        };
    }

    /**
     * Puts an item without waiting.
     *
     * @param item the item
     * @throws QueueShutDown if the queue is shut down
     * @throws QueueFull if the queue is full
     * @apiNote Mirrors {@code Queue.put_nowait(item)}.
     */
    public void putNowait(T item) {
        if (isShutdown) {
            throw new QueueShutDown();
        }
        if (full()) {
            throw new QueueFull();
        }
        items.add(item);
        unfinishedTasks++;
        finished.clear();
        wakeUpNext(getters);
    }

    /**
     * Removes and returns an item, waiting while the queue is empty.
     *
     * <p>If the calling task is cancelled while waiting, the coroutine throws
     * {@link CancelledError} and takes nothing; if it was cancelled after an item arrived for
     * it, the next waiting getter is woken instead, so the item is not stranded.
     *
     * @return a coroutine that completes with the item; it throws {@link QueueShutDown} if the
     *     queue is shut down and empty, before or while it waits
     * @apiNote Mirrors {@code async Queue.get()}.
     */
    public Coroutine<T> get() {
        return new WaiterFrame<>("Queue.get", getters) {
            @Override
            Object attempt() {
                if (empty()) {
                    if (isShutdown) {
                        throw new QueueShutDown();
                    }
                    return WAIT;
                }
                return getNowait();
            }

            @Override
            Object woken(Future<Object> fut) {
                return RETRY;
            }

            @Override
            void abandoned(Future<Object> fut, Throwable error) {
                fut.cancel();
                if (!empty() && !fut.cancelled()) {
                    // Woken by a put, but cannot take the item: wake the next in line.
                    wakeUpNext(getters);
                }
            }
        };
    }

    /**
     * Removes and returns an item without waiting.
     *
     * @return the item
     * @throws QueueShutDown if the queue is empty and shut down
     * @throws QueueEmpty if the queue is empty
     * @apiNote Mirrors {@code Queue.get_nowait()}.
     */
    public T getNowait() {
        if (items.isEmpty()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            throw new QueueEmpty();
        }
        T item = items.remove();
        wakeUpNext(putters);
        return item;
    }

    /**
     * Marks one item taken from the queue as processed; when every item put has been marked,
     * {@link #join()} returns.
     *
     * @throws IllegalArgumentException with asyncio's message
     *     {@code "task_done() called too many times"} if there is no unfinished item
     * @apiNote Mirrors {@code Queue.task_done()}; Python raises {@code ValueError}, whose
     *     counterpart is {@code IllegalArgumentException}.
     */
    public void taskDone() {
        if (unfinishedTasks <= 0) {
            throw new IllegalArgumentException("task_done() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /**
     * Waits until every item put has been marked with {@link #taskDone()}; returns at once if
     * none is outstanding.
     *
     * @return a coroutine that completes with null; cancelling it changes nothing in the queue
     * @apiNote Mirrors {@code async Queue.join()}.
     */
    public Coroutine<Void> join() {
        return new WaiterFrame<>("Queue.join", finished.waiters()) {
            @Override
            Object attempt() {
                // Python awaits self._finished.wait(); this waits on the same event's waiters.
                return unfinishedTasks > 0 ? WAIT : null;
            }

            @Override
            Object woken(Future<Object> fut) {
                return null;
            }
        };
    }

    /**
     * Shuts the queue down: every later put raises {@link QueueShutDown}, and so does every get
     * once the queue is empty; blocked putters and getters are woken to find out. With
     * {@code immediate}, the items left are discarded, each counted as done for
     * {@link #join()}, so getters raise at once and joiners return.
     *
     * @param immediate whether to discard the remaining items
     * @apiNote Mirrors {@code Queue.shutdown(immediate)} of Python 3.13.
     */
    public void shutdown(boolean immediate) {
        isShutdown = true;
        if (immediate) {
            while (!items.isEmpty()) {
                items.remove();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        for (Future<Object> g; (g = getters.popFirst()) != null; ) {
            if (!g.done()) {
                g.setResult(null);
            }
        }
        for (Future<Object> p; (p = putters.popFirst()) != null; ) {
            if (!p.done()) {
                p.setResult(null);
            }
        }
    }

    /**
     * Shuts the queue down, letting getters drain the items left: {@code shutdown(false)}.
     *
     * @apiNote Mirrors {@code Queue.shutdown()}.
     */
    public void shutdown() {
        shutdown(false);
    }

    /** Wakes the first waiter not yet done, popping it and any done ones before it. */
    private static void wakeUpNext(WaiterFrame.Waiters waiters) {
        for (Future<Object> w; (w = waiters.popFirst()) != null; ) {
            if (!w.done()) {
                w.setResult(null);
                break;
            }
        }
    }

    /**
     * Describes the queue as asyncio's repr does, e.g. {@code <Queue at 0x1b6d3586 maxsize=2 _getters[1]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<")
                .append(getClass().getSimpleName())
                .append(" at ")
                .append(Reprs.id(this))
                .append(" maxsize=")
                .append(maxsize);
        if (!items.isEmpty()) {
            sb.append(" _queue=").append(Reprs.full(new java.util.ArrayList<>(items)));
        }
        if (!getters.isEmpty()) {
            sb.append(" _getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            sb.append(" _putters[").append(putters.size()).append(']');
        }
        if (unfinishedTasks > 0) {
            sb.append(" tasks=").append(unfinishedTasks);
        }
        if (isShutdown) {
            sb.append(" shutdown");
        }
        return sb.append('>').toString();
    }
}
