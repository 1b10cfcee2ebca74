package io.jasyncio.benchmarks;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.benchmarks.kotlin.KotlinPeers;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;

/**
 * W5 memory, and W2's retained bytes per sleeping task: live heap after a full GC, with 200,000
 * objects held, minus the same before they were made, divided by 200,000. Each measurement runs
 * twice and the second is printed, so that first-use allocations (class initialisation, lazily
 * made singletons) do not count. Not a JMH benchmark: run it as a main with the agent and the
 * serial collector told to compact everything ({@code -XX:MarkSweepDeadRatio=0}; by default it
 * leaves up to 5% of dead objects in place, which skews the difference by tens of bytes):
 * <pre>
 *   java -XX:+UseSerialGC -XX:MarkSweepDeadRatio=0 -javaagent:agent/target/jasyncio-agent.jar \
 *        -cp benchmarks/target/benchmarks.jar io.jasyncio.benchmarks.W5Memory      # jasyncio, floor, Kotlin
 *   .../temurin-25.../bin/java ... W5Memory virtual-threads                        # one carrier, JDK 21+
 * </pre>
 * Each figure is printed as {@code MEMORY <key> <bytes per object>}.
 * <ul>
 *   <li>{@code coroutine.0}, {@code .3}, {@code .10}: one coroutine suspended (by
 *       {@code Coroutine.send}) on a pending future shared by all (read from a static field), with
 *       0, 3 (int, String, Object) and 10 (4 ints, a long, 2 Strings, 3 Objects) locals live
 *       across the await, all of them parameters. The referenced String and Object are shared, so
 *       only the coroutine itself is counted.</li>
 *   <li>{@code task.sleeping}: a task whose coroutine is in {@code await(sleep(100))}: task,
 *       coroutine, the sleep's frame, its future and its timer, and the loop's share of queues.</li>
 *   <li>{@code task.gathered}: the same tasks also gathered by one {@code gather} (W2's shape).</li>
 *   <li>{@code floor.sleeping}: W2's plain-Java floor, a task object and its timer-heap entry.</li>
 *   <li>{@code kotlin.sleeping}: a {@code launch { delay(...) }} coroutine of {@code runBlocking}.</li>
 *   <li>{@code vthread.sleeping}: a started virtual thread in {@code Thread.sleep}.</li>
 * </ul>
 *
 * <p>Last measured 2026-11-25, JDK 17.0.15 (OpenJDK, Debian; virtual threads on Temurin
 * 25.0.3), compressed oops, 2 cores, 23 GiB, jasyncio at d501199 except where noted (bytes per object):
 * <pre>
 *   coroutine.0        32.0      coroutine.3     48.0      coroutine.10     80.0
 *   task.sleeping     172.8      task.gathered  176.8   (316.8 and 320.8 at b3e0ec0)
 *   floor.sleeping     55.1      kotlin.sleeping 306.5
 *   vthread.sleeping 1,053.4 in the suite's run, 689 to 717 in three runs right after
 *   CPython 3.11 (tracemalloc, asyncio_bench.py memory): 1,365 per sleeping task
 * </pre>
 * Targets (PERFORMANCE.md): at most 64 bytes for a coroutine with 3 live locals; at most 128
 * bytes per sleeping task (W2).
 */
public final class W5Memory {
    static final int COUNT = 200_000;
    private static final String SHARED_STRING = "shared";
    private static final Object SHARED_OBJECT = new Object();

    private W5Memory() {}

    /**
     * Prints the figures.
     *
     * @param args none for jasyncio, the floor and Kotlin; {@code virtual-threads} for those
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("virtual-threads")) {
            print("vthread.sleeping", W5Memory::virtualThreads);
            return;
        }
        for (int locals : new int[] {0, 3, 10}) {
            print("coroutine." + locals, () -> suspendedCoroutines(locals));
        }
        print("task.sleeping", () -> Asyncio.run(sleepingTasks(COUNT, false)));
        print("task.gathered", () -> Asyncio.run(sleepingTasks(COUNT, true)));
        print("floor.sleeping", W5Memory::floor);
        print("kotlin.sleeping", () -> KotlinPeers.INSTANCE.sleepingCoroutinesBytes(COUNT, W5Memory::heapUsed));
    }

    /** A measurement: the bytes retained by {@link #COUNT} objects. */
    private interface Measurement {
        long retainedBytes() throws Exception;
    }

    private static void print(String key, Measurement m) throws Exception {
        m.retainedBytes(); // first-use allocations
        System.out.printf("MEMORY %s %.1f%n", key, (double) m.retainedBytes() / COUNT);
    }

    /**
     * The heap in use after full collections.
     *
     * @return bytes
     */
    static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The pending future every measured coroutine awaits. A static field, not a parameter: a
     * parameter has a field in the frame even where it is no longer live.
     */
    private static Future<Integer> gate;

    @Async
    static Coroutine<Integer> locals0() {
        return done(await(gate));
    }

    @Async
    static Coroutine<Integer> locals3(int a, String s, Object o) {
        int v = await(gate);
        return done(v + a + s.length() + o.hashCode());
    }

    @Async
    static Coroutine<Long> locals10(
            int a, int b, int c, int d, long e, String s, String t, Object o, Object p, Object q) {
        int v = await(gate);
        return done(v + a + b + c + d + e + s.length() + t.length() + o.hashCode() + p.hashCode() + q.hashCode());
    }

    private static long suspendedCoroutines(int locals) {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            gate = loop.createFuture();
            Coroutine<?>[] held = new Coroutine<?>[COUNT];
            long before = heapUsed();
            for (int i = 0; i < COUNT; i++) {
                Coroutine<?> c = switch (locals) {
                    case 0 -> locals0();
                    case 3 -> locals3(i, SHARED_STRING, SHARED_OBJECT);
                    default ->
                        locals10(
                                i,
                                i,
                                i,
                                i,
                                i,
                                SHARED_STRING,
                                SHARED_STRING,
                                SHARED_OBJECT,
                                SHARED_OBJECT,
                                SHARED_OBJECT);
                };
                if (c.send(null) != gate) {
                    throw new AssertionError("the coroutine must suspend on the gate");
                }
                held[i] = c;
            }
            long after = heapUsed();
            if (held[COUNT - 1].isDone()) {
                throw new AssertionError("still suspended");
            }
            return after - before;
        } finally {
            gate = null;
            loop.close();
        }
    }

    @Async
    static Coroutine<Void> longSleeper() {
        await(sleep(100));
        return done();
    }

    @Async
    static Coroutine<Long> sleepingTasks(int n, boolean gathered) {
        Task<?>[] tasks = new Task<?>[n];
        long before = heapUsed();
        for (int i = 0; i < n; i++) {
            tasks[i] = createTask(longSleeper());
        }
        Future<?> all = gathered ? gather(tasks) : null;
        await(sleep(0)); // every task takes its first step and suspends in its sleep
        long after = heapUsed();
        for (Task<?> t : tasks) {
            t.cancel();
        }
        if (all != null) {
            try {
                await(all);
            } catch (CancelledError expected) {
                // the gather ends with its children's cancellation
            }
        } else {
            await(sleep(0));
        }
        return done(after - before);
    }

    private static long floor() {
        W2SpawnBenchmark.Floor.Loop loop = new W2SpawnBenchmark.Floor.Loop(100_000_000_000L);
        long before = heapUsed();
        for (int i = 0; i < COUNT; i++) {
            loop.ready.add(new W2SpawnBenchmark.Floor.Task(loop));
        }
        for (Runnable r; (r = loop.ready.poll()) != null; ) {
            r.run(); // each task puts its timer on the heap
        }
        long after = heapUsed();
        if (loop.timers.size() != COUNT) {
            throw new AssertionError("every floor task must be sleeping");
        }
        return after - before;
    }

    private static long virtualThreads() throws InterruptedException {
        ThreadFactory factory = VirtualThreads.factory();
        Thread[] threads = new Thread[COUNT];
        CountDownLatch started = new CountDownLatch(COUNT);
        long before = heapUsed();
        for (int i = 0; i < COUNT; i++) {
            threads[i] = factory.newThread(() -> {
                started.countDown();
                try {
                    Thread.sleep(1_000_000);
                } catch (InterruptedException e) {
                    // woken to finish
                }
            });
            threads[i].start();
        }
        started.await();
        Thread.sleep(500); // the last ones reach their sleep
        long after = heapUsed();
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join();
        }
        return after - before;
    }
}
