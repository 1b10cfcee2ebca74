package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.abi.Frame;
import io.jasyncio.abi.Intrinsics;
import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 100,000 producers contend for a {@code Semaphore(10)} and put into a {@code Queue(100)}
 * drained by consumers, while seeded random cancellations hit producers (waiting for a permit,
 * waiting to put, or holding the permit) and consumers (waiting to get, possibly just after being
 * woken). On a virtual clock, so the whole run takes about a second. At the end every permit is
 * back, every item put was got exactly once, and the queue is empty with nothing unfinished.
 */
class SemaphoreQueueContentionTest {
    private static final int PRODUCERS = 100_000;
    private static final int CONSUMERS = 20;

    private final SelectorEventLoop loop = TestLoops.virtual();
    private final Semaphore sem = new Semaphore(10);
    private final Queue<Integer> queue = new Queue<>(100);
    private final BitSet put = new BitSet(PRODUCERS);
    private final BitSet got = new BitSet(PRODUCERS);
    private final List<Task<?>> consumers = new ArrayList<>();
    private final Random random = new Random(20240613L);
    private int permitsHeld;
    private int maxPermitsHeld;
    private int duplicates;
    private int cancelledProducers;
    private int cancelledConsumers;

    @AfterEach
    void close() {
        loop.close();
    }

    /** acquire; try: await put(i); await sleep(d) finally: release. */
    private Scripted<Void> producer(int i, double delay) {
        return new Scripted<Void>("producer")
                .then(v -> sem.acquire())
                .then(v -> {
                    permitsHeld++;
                    maxPermitsHeld = Math.max(maxPermitsHeld, permitsHeld);
                    return queue.put(i);
                })
                .thenCatching((v, e) -> {
                    if (e != null) {
                        permitsHeld--;
                        sem.release();
                        throw e;
                    }
                    put.set(i);
                    return Asyncio.sleep(delay);
                })
                .thenCatching((v, e) -> {
                    permitsHeld--;
                    sem.release();
                    if (e != null) {
                        throw e;
                    }
                    return null;
                });
    }

    /**
     * {@code while True: item = await q.get(); record(item); q.task_done()}; a consumer
     * cancelled before shutdown is replaced, so the items still get drained.
     */
    private final class Consumer extends Frame<Void> {
        @Override
        protected Object invoke(Object value, Throwable error) {
            while (true) {
                if (error != null) {
                    if (error instanceof CancelledError) {
                        cancelledConsumers++;
                        consumers.add(Asyncio.createTask(new Consumer()));
                    }
                    throw Sneaky.sneaky(error);
                }
                if (value != null) {
                    int item = (Integer) value;
                    if (got.get(item)) {
                        duplicates++;
                    }
                    got.set(item);
                    queue.taskDone();
                }
                try {
                    value = Intrinsics.await(queue.get(), this);
                } catch (QueueShutDown end) {
                    return null;
                }
                if (value == SUSPENDED) {
                    return SUSPENDED;
                }
            }
        }

        @Override
        public String getName() {
            return "consumer";
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

    @Test
    @Timeout(30)
    void everyPermitIsReturnedAndEveryItemAccountedForUnderRandomCancellations() {
        Task<?>[] producers = new Task<?>[PRODUCERS];
        loop.runUntilComplete(new Scripted<Object>("main")
                .then(v -> {
                    for (int c = 0; c < CONSUMERS; c++) {
                        consumers.add(Asyncio.createTask(new Consumer()));
                    }
                    for (int i = 0; i < PRODUCERS; i++) {
                        producers[i] = Asyncio.createTask(producer(i, random.nextInt(4) * 0.001));
                    }
                    // Cancellations at random virtual times: a fifth of the producers, and
                    // consumers now and then (whatever they are doing at that moment).
                    for (int k = 0; k < PRODUCERS / 5; k++) {
                        Task<?> victim = producers[random.nextInt(PRODUCERS)];
                        loop.callLater(random.nextInt(2000) * 0.001, () -> {
                            // cancel() is true for every request to an unfinished task, even a
                            // repeated one (as in Python); count each victim once.
                            int before = victim.cancelling();
                            if (victim.cancel() && before == 0) {
                                cancelledProducers++;
                            }
                        });
                    }
                    for (int k = 0; k < 2000; k++) {
                        loop.callLater(
                                random.nextInt(2000) * 0.001,
                                () -> consumers
                                        .get(consumers.size() - 1 - random.nextInt(CONSUMERS))
                                        .cancel());
                    }
                    return Asyncio.gather(true, producers);
                })
                .then(v -> queue.join())
                .then(v -> {
                    queue.shutdown();
                    return Asyncio.gather(true, consumers.toArray(new Task<?>[0]));
                })
                .then(v -> null));

        assertEquals(10, sem.value(), "permits back");
        assertEquals(0, permitsHeld);
        assertTrue(maxPermitsHeld <= 10, "at most 10 holders, saw " + maxPermitsHeld);
        assertEquals(put, got, "every item put was got");
        assertEquals(0, duplicates);
        assertEquals(0, queue.qsize());
        assertTrue(cancelledProducers > 1000, "cancellations happened: " + cancelledProducers);
        assertTrue(cancelledConsumers > 100, "consumer cancellations: " + cancelledConsumers);
        assertTrue(put.cardinality() > PRODUCERS / 2, "most items were put: " + put.cardinality());
        int cancelled = 0;
        for (Task<?> t : producers) {
            cancelled += t.cancelled() ? 1 : 0;
        }
        assertEquals(cancelledProducers, cancelled);
    }
}
