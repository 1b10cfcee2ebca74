package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Queue}, {@link LifoQueue}, {@link PriorityQueue}: order, blocked getters and putters,
 * cancellation with no item stranded, join, errors, and 3.13's shutdown. Traces come from the
 * quoted Python 3.11 programs, except shutdown, which 3.11 lacks: those expectations are derived
 * from the Python 3.13 documentation and queues.py of 3.13, as each test says.
 */
class QueueTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    /**
     * <pre>
     * async def getter(q, n, trace):
     *     try:
     *         item = await q.get()
     *     except asyncio.CancelledError:
     *         trace.append(f'{n} cancelled, qsize={q.qsize()}'); raise
     *     trace.append(f'{n} got {item}')
     * </pre>
     */
    private Scripted<Void> getter(Queue<Integer> q, String n) {
        return new Scripted<Void>(n).then(v -> q.get()).thenCatching((v, e) -> {
            if (e != null) {
                trace.add(n + " " + e.getClass().getSimpleName() + ", qsize=" + q.qsize());
                throw e;
            }
            trace.add(n + " got " + v);
            return null;
        });
    }

    private Scripted<Void> putter(Queue<Integer> q, String n, int item) {
        return new Scripted<Void>(n).then(v -> q.put(item)).thenCatching((v, e) -> {
            if (e != null) {
                trace.add(n + " " + e.getClass().getSimpleName());
                throw e;
            }
            trace.add(n + " put " + item);
            return null;
        });
    }

    /**
     * <pre>
     * q = asyncio.Queue()
     * ts = [asyncio.create_task(getter(q, n, trace)) for n in 'abc']
     * await asyncio.sleep(0)
     * q.put_nowait(1)     # wakes a
     * ts[0].cancel()      # a cancelled before it runs: b must get the item
     * q.put_nowait(2)
     * await asyncio.gather(*ts, return_exceptions=True)
     * # ['a cancelled, qsize=2', 'b got 1', 'c got 2'] 0
     * </pre>
     */
    @Test
    void aGetterCancelledAfterBeingWokenLeavesTheItemToTheNextGetter() {
        Queue<Integer> q = new Queue<>();
        Task<?>[] ts = new Task<?>[3];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    ts[0] = Asyncio.createTask(getter(q, "a"));
                    ts[1] = Asyncio.createTask(getter(q, "b"));
                    ts[2] = Asyncio.createTask(getter(q, "c"));
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    q.putNowait(1);
                    ts[0].cancel();
                    q.putNowait(2);
                    return Asyncio.gather(true, ts);
                })
                .then(v -> null));
        assertEquals(List.of("a CancelledError, qsize=2", "b got 1", "c got 2"), trace);
        assertEquals(0, q.qsize());
    }

    /**
     * <pre>
     * q = asyncio.Queue(1); q.put_nowait(0)
     * ts = [asyncio.create_task(putter(n, i)) for n, i in [('a', 1), ('b', 2), ('c', 3)]]
     * await asyncio.sleep(0)
     * ts[1].cancel(); await asyncio.sleep(0)
     * items = [await q.get() for _ in range(3)]
     * await asyncio.gather(*ts, return_exceptions=True)
     * # ['b cancelled', 'a put 1', 'c put 3'] [0, 1, 3] 0
     * </pre>
     */
    @Test
    void blockedPuttersGoInFifoOrderAndACancelledOnePutsNothing() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(0);
        Task<?>[] ts = new Task<?>[3];
        List<Object> items = new ArrayList<>();
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    ts[0] = Asyncio.createTask(putter(q, "a", 1));
                    ts[1] = Asyncio.createTask(putter(q, "b", 2));
                    ts[2] = Asyncio.createTask(putter(q, "c", 3));
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    ts[1].cancel();
                    return Asyncio.sleep(0);
                })
                .then(v -> q.get())
                .then(v -> {
                    items.add(v);
                    return q.get();
                })
                .then(v -> {
                    items.add(v);
                    return q.get();
                })
                .then(v -> {
                    items.add(v);
                    return Asyncio.gather(true, ts);
                })
                .then(v -> null));
        assertEquals(List.of("b CancelledError", "a put 1", "c put 3"), trace);
        assertEquals(List.of(0, 1, 3), items);
        assertEquals(0, q.qsize());
    }

    /**
     * <pre>
     * for x in [3, 1, 2]: q.put_nowait(x); l.put_nowait(x); p.put_nowait(x)
     * # [3, 1, 2] [2, 1, 3] [1, 2, 3]
     * </pre>
     */
    @Test
    void fifoLifoAndPriorityQueuesReturnItemsInTheirOrder() {
        Queue<Integer> q = new Queue<>();
        Queue<Integer> l = new LifoQueue<>();
        Queue<Integer> p = new PriorityQueue<>();
        for (int x : new int[] {3, 1, 2}) {
            q.putNowait(x);
            l.putNowait(x);
            p.putNowait(x);
        }
        assertEquals(List.of(3, 1, 2), List.of(q.getNowait(), q.getNowait(), q.getNowait()));
        assertEquals(List.of(2, 1, 3), List.of(l.getNowait(), l.getNowait(), l.getNowait()));
        assertEquals(List.of(1, 2, 3), List.of(p.getNowait(), p.getNowait(), p.getNowait()));
        Queue<String> byLength = new PriorityQueue<>(0, java.util.Comparator.comparing(String::length));
        byLength.putNowait("ccc");
        byLength.putNowait("a");
        assertEquals("a", byLength.getNowait());
    }

    /**
     * <pre>
     * q.put_nowait('x'); q.put_nowait('y')
     * j = asyncio.create_task(joiner())        # await q.join(); trace.append('joined')
     * await asyncio.sleep(0)
     * q.get_nowait(); q.task_done(); trace.append('one done'); await asyncio.sleep(0)
     * q.get_nowait(); q.task_done(); trace.append('two done'); await j
     * q.task_done()            # ValueError('task_done() called too many times')
     * q.get_nowait()           # QueueEmpty()
     * q2 = asyncio.Queue(1); q2.put_nowait(1); q2.put_nowait(2)   # QueueFull()
     * # ['one done', 'two done', 'joined', ...]
     * </pre>
     */
    @Test
    void joinWaitsForEveryTaskDoneAndMisuseFails() {
        Queue<String> q = new Queue<>();
        q.putNowait("x");
        q.putNowait("y");
        Task<?>[] j = new Task<?>[1];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    j[0] = Asyncio.createTask(
                            new Scripted<Void>("joiner").then(x -> q.join()).then(x -> {
                                trace.add("joined");
                                return null;
                            }));
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    q.getNowait();
                    q.taskDone();
                    trace.add("one done");
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    q.getNowait();
                    q.taskDone();
                    trace.add("two done");
                    return j[0];
                })
                .then(v -> null));
        assertEquals(List.of("one done", "two done", "joined"), trace);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, q::taskDone);
        assertEquals("task_done() called too many times", e.getMessage());
        assertThrows(QueueEmpty.class, q::getNowait);
        Queue<Integer> q2 = new Queue<>(1);
        q2.putNowait(1);
        assertTrue(q2.full());
        assertThrows(QueueFull.class, () -> q2.putNowait(2));
    }

    /**
     * From the 3.13 docs of {@code Queue.shutdown(immediate=False)}: "All blocked callers of
     * put() and get() will be unblocked"; afterwards put raises QueueShutDown, and get raises it
     * once the queue is empty. Here: getters block on an empty queue, a putter on a full one
     * (separate queues); after shutdown the getters raise QueueShutDown (the queue is empty),
     * the putter raises QueueShutDown (3.13's put re-checks full() and raises), and the items of
     * a non-empty queue can still be drained before get raises.
     */
    @Test
    void shutdownWakesBlockedGettersAndPuttersWithQueueShutDown() {
        Queue<Integer> empty = new Queue<>();
        Queue<Integer> full = new Queue<>(1);
        full.putNowait(9);
        Task<?>[] ts = new Task<?>[3];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    ts[0] = Asyncio.createTask(getter(empty, "a"));
                    ts[1] = Asyncio.createTask(getter(empty, "b"));
                    ts[2] = Asyncio.createTask(putter(full, "c", 1));
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    empty.shutdown();
                    full.shutdown();
                    return Asyncio.gather(true, ts);
                })
                .then(v -> null));
        assertEquals(List.of("a QueueShutDown, qsize=0", "b QueueShutDown, qsize=0", "c QueueShutDown"), trace);
        assertThrows(QueueShutDown.class, () -> empty.putNowait(1));
        assertEquals(9, full.getNowait());
        assertThrows(QueueShutDown.class, full::getNowait);
        assertInstanceOf(QueueShutDown.class, ts[0].exception());
    }

    /**
     * From the 3.13 docs: "If immediate is true, the queue is terminated immediately. The queue
     * is drained to be completely empty and the count of unfinished tasks is reduced by the
     * number of tasks drained. If unfinished tasks is zero, callers of join() are unblocked."
     * A joiner waiting on two unfinished items returns; get raises QueueShutDown at once.
     */
    @Test
    void immediateShutdownDrainsTheItemsAndReleasesJoin() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        q.putNowait(2);
        Task<?>[] j = new Task<?>[1];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    j[0] = Asyncio.createTask(
                            new Scripted<Void>("joiner").then(x -> q.join()).then(x -> {
                                trace.add("joined");
                                return null;
                            }));
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    q.shutdown(true);
                    trace.add("shut down, qsize=" + q.qsize());
                    return j[0];
                })
                .then(v -> null));
        assertEquals(List.of("shut down, qsize=0", "joined"), trace);
        assertThrows(QueueShutDown.class, q::getNowait);
        assertThrows(IllegalArgumentException.class, q::taskDone);
    }
}
