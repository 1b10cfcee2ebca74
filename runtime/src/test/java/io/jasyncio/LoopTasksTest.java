package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop's own bookkeeping of tasks (allTasks, reachability, eager start) and its executors. */
class LoopTasksTest {
    private final List<String> trace = new ArrayList<>();

    @Test
    void allTasksListsUnfinishedTasksInCreationOrder() {
        SelectorEventLoop loop = TestLoops.virtual();
        Future<Object> gate = loop.createFuture();
        Task<Object> a = loop.createTask(Scripted.awaiting("a", gate));
        Task<Object> b = loop.createTask(Scripted.awaiting("b", gate));
        Task<Object> quick = loop.createTask(Scripted.returning("quick", 1));
        TestLoops.runUntilIdle(loop);
        assertTrue(quick.done());
        assertEquals(List.of(a, b), loop.allTasks());
        gate.setResult("go");
        TestLoops.runUntilIdle(loop);
        assertEquals(List.of(), loop.allTasks());
        loop.close();
    }

    @Test
    void anUnfinishedTaskNobodyReferencesIsNotCollected() throws Exception {
        SelectorEventLoop loop = TestLoops.virtual();
        WeakReference<Task<Object>> ref =
                new WeakReference<>(loop.createTask(Scripted.awaiting("orphan", loop.createFuture())));
        TestLoops.runUntilIdle(loop);
        for (int i = 0; i < 5 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(ref.get() != null, "the loop must keep an unfinished task reachable (asyncio's pitfall)");
        assertEquals(1, loop.allTasks().size());
        loop.close();
    }

    /*
     * Python 3.12's eager tasks:
     * async def eager_body(): trace.append("body"); return 5
     * loop.set_task_factory(asyncio.eager_task_factory)
     * t = asyncio.create_task(eager_body()); trace.append("created")
     * -> ['body', 'created'] (3.11, without eager tasks, gives ['created', 'body'])
     */
    @Test
    void eagerTasksRunTheirFirstStepInsideCreateTask() {
        SelectorEventLoop loop = TestLoops.virtual();
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> {
                    loop.setEagerTasks(true);
                    Task<Object> t = Asyncio.createTask(new Scripted<>("body").then(x -> {
                        trace.add("body");
                        assertSame(Asyncio.currentTask(), Asyncio.currentTask());
                        return 5;
                    }));
                    trace.add("created");
                    assertTrue(t.done(), "a coroutine that never suspends gives a done task at once");
                    assertFalse(loop.allTasks().contains(t));
                    return t;
                })
                .then(v -> v);
        assertEquals(5, loop.runUntilComplete(main));
        assertEquals(List.of("body", "created"), trace);
        loop.close();
    }

    @Test
    void anEagerTaskThatSuspendsIsFinishedByTheLoopWithTheCallerStillCurrent() {
        SelectorEventLoop loop = TestLoops.virtual();
        // Turned on inside main: main itself must start lazily, on a running loop.
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> {
                    loop.setEagerTasks(true);
                    Task<?> caller = Asyncio.currentTask();
                    Task<Object> t = Asyncio.createTask(new Scripted<>("child")
                            .then(x -> {
                                trace.add("child starts in " + (Asyncio.currentTask() == caller ? "caller" : "itself"));
                                return Asyncio.sleep(1);
                            })
                            .then(x -> "child done"));
                    trace.add("back in " + (Asyncio.currentTask() == caller ? "caller" : "other"));
                    return t;
                })
                .then(v -> v);
        assertEquals("child done", loop.runUntilComplete(main));
        assertEquals(List.of("child starts in itself", "back in caller"), trace);
        loop.close();
    }

    @Test
    void runInExecutorRunsOnAnotherThreadAndDeliversTheResultOnTheLoop() {
        try (Runner runner = new Runner()) {
            Thread loopThread = Thread.currentThread();
            Object result = runner.run(new Scripted<>("main")
                    .then(v -> ((SelectorEventLoop) Asyncio.getRunningLoop())
                            .runInExecutor(null, () -> Thread.currentThread().getName()))
                    .then(v -> v));
            assertTrue(((String) result).startsWith("asyncio-"), String.valueOf(result));
            assertNotEquals(loopThread.getName(), result);
        }
    }

    @Test
    void runInExecutorPassesTheExceptionOnAsItIs() {
        IOException boom = new IOException("disk");
        try (Runner runner = new Runner()) {
            Throwable thrown = assertThrows(
                    IOException.class,
                    () -> runner.run(new Scripted<>("main")
                            .then(v -> ((SelectorEventLoop) Asyncio.getRunningLoop()).runInExecutor(null, () -> {
                                throw boom;
                            }))
                            .then(v -> v)));
            assertSame(boom, thrown);
        }
    }

    @Test
    void cancellingTheFutureOfQueuedWorkKeepsItFromRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.ExecutorService single = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Runner runner = new Runner()) {
            Object[] blocker = new Object[1];
            runner.run(new Scripted<>("main")
                    .then(v -> {
                        SelectorEventLoop loop = (SelectorEventLoop) Asyncio.getRunningLoop();
                        blocker[0] = loop.runInExecutor(single, () -> release.await(5, TimeUnit.SECONDS));
                        Future<Object> queued = loop.runInExecutor(single, () -> {
                            trace.add("queued ran");
                            return null;
                        });
                        queued.cancel();
                        // The cancellation reaches the executor through a done callback, as asyncio's
                        // wrap_future does: one loop iteration later.
                        return Asyncio.sleep(0);
                    })
                    .then(v -> {
                        release.countDown();
                        return blocker[0];
                    })
                    .then(v -> v));
        } finally {
            single.shutdown();
            assertTrue(single.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), trace);
    }

    @Test
    void afterShutdownTheDefaultExecutorIsRefused() {
        try (Runner runner = new Runner()) {
            String message = runner.run(new Scripted<String>("main")
                    .then(v -> ((SelectorEventLoop) Asyncio.getRunningLoop()).shutdownDefaultExecutor())
                    .then(v -> assertThrows(
                                    IllegalStateException.class,
                                    () -> ((SelectorEventLoop) Asyncio.getRunningLoop()).runInExecutor(null, () -> 1))
                            .getMessage()));
            assertEquals("Executor shutdown has been called", message);
        }
    }

    @Test
    void aTaskCannotBeCompletedFromOutside() {
        SelectorEventLoop loop = TestLoops.virtual();
        Task<Object> t = loop.createTask(Scripted.returning("x", 1));
        // RuntimeError('Task does not support set_result operation'), and set_exception's
        assertEquals(
                "Task does not support set_result operation",
                assertThrows(IllegalStateException.class, () -> t.setResult(2)).getMessage());
        assertEquals(
                "Task does not support set_exception operation",
                assertThrows(IllegalStateException.class, () -> t.setException(new RuntimeException()))
                        .getMessage());
        TestLoops.runUntilIdle(loop);
        assertEquals(1, t.result());
        loop.close();
    }
}
