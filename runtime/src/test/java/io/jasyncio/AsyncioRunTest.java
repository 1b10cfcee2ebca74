package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#run} and {@link Asyncio#currentTask()}. {@code run} makes its own loop on the
 * real clock, so these coroutines sleep for at most 10 ms.
 */
class AsyncioRunTest {

    @Test
    void runReturnsTheCoroutinesResult() {
        assertEquals(
                42,
                Asyncio.run(new Scripted<Integer>("main")
                        .then(v -> Asyncio.sleep(0))
                        .then(v -> Asyncio.sleep(0.01, 41))
                        .then(v -> (Integer) v + 1)));
    }

    @Test
    void runRethrowsTheCoroutinesExceptionAsItIs() {
        IOException checked = new IOException("disk");
        assertSame(
                checked,
                assertThrows(
                        IOException.class,
                        () -> Asyncio.run(new Scripted<>("main")
                                .then(v -> Asyncio.sleep(0))
                                .then(v -> {
                                    throw checked;
                                }))));

        IllegalStateException unchecked = new IllegalStateException("state");
        assertSame(
                unchecked,
                assertThrows(
                        IllegalStateException.class,
                        () -> Asyncio.run(new Scripted<>("main").then(v -> {
                            throw unchecked;
                        }))));
    }

    @Test
    void runClosesItsLoopWhetherTheCoroutineReturnsOrThrows() {
        EventLoop[] loop = new EventLoop[1];
        Asyncio.run(new Scripted<>("main")
                .then(v -> {
                    loop[0] = Asyncio.getRunningLoop();
                    return Asyncio.sleep(0);
                })
                .then(v -> null));
        assertNotNull(loop[0]);
        assertTrue(loop[0].isClosed());
        assertThrows(IllegalStateException.class, Asyncio::getRunningLoop, "no loop after run()");

        EventLoop[] failing = new EventLoop[1];
        assertThrows(
                IllegalArgumentException.class,
                () -> Asyncio.run(new Scripted<>("main").then(v -> {
                    failing[0] = Asyncio.getRunningLoop();
                    throw new IllegalArgumentException();
                })));
        assertTrue(failing[0].isClosed());
        assertNotSame(loop[0], failing[0], "each run() makes a new loop");
    }

    /**
     * <pre>
     * async def main():
     *     async def inner(): pass
     *     try:
     *         asyncio.run(inner())
     *     except RuntimeError as e: print(repr(e))
     * asyncio.run(main())
     * # RuntimeError('asyncio.run() cannot be called from a running event loop')
     * </pre>
     */
    @Test
    void runInsideARunningLoopFails() {
        List<String> trace = new ArrayList<>();
        Scripted<Integer> inner = new Scripted<Integer>("inner").then(v -> {
            trace.add("inner ran");
            return 1;
        });
        Throwable[] caught = new Throwable[1];
        Object r = Asyncio.run(new Scripted<>("main").then(v -> {
            try {
                Asyncio.run(inner);
            } catch (Throwable e) {
                caught[0] = e;
            }
            return "outer finished";
        }));
        assertEquals("outer finished", r);
        assertInstanceOf(IllegalStateException.class, caught[0]);
        assertEquals("asyncio.run() cannot be called from a running event loop", caught[0].getMessage());
        assertEquals(List.of(), trace);
    }

    /**
     * <pre>
     * async def child():
     *     return asyncio.current_task()
     * async def main():
     *     me = asyncio.current_task()
     *     t = asyncio.create_task(child())
     *     asyncio.get_running_loop().call_soon(lambda: print('in callback:', asyncio.current_task()))
     *     print(await t is t, me is not t, me.get_coro() is main_coro)
     * main_coro = main()
     * asyncio.run(main_coro)
     * # in callback: None
     * # True True True
     * try: asyncio.current_task()
     * except RuntimeError as e: print(repr(e))
     * # RuntimeError('no running event loop')
     * </pre>
     */
    @Test
    void currentTaskIsTheRunningTaskNullInACallbackAndAnErrorWithoutALoop() {
        assertEquals(
                "no running event loop",
                assertThrows(IllegalStateException.class, Asyncio::currentTask).getMessage());
        Task<?>[] seen = new Task<?>[4];
        Scripted<Object> main = new Scripted<>("main");
        main.then(v -> {
                    seen[0] = Asyncio.currentTask();
                    Asyncio.getRunningLoop().callSoon(() -> seen[3] = Asyncio.currentTask());
                    seen[1] = Asyncio.createTask(
                            new Scripted<>("child").then(x -> Scripted.value(Asyncio.currentTask())));
                    return seen[1];
                })
                .then(v -> {
                    seen[2] = (Task<?>) v;
                    return Asyncio.sleep(0);
                })
                .then(v -> null);
        Asyncio.run(main);
        assertNotNull(seen[0]);
        assertSame(main, seen[0].getCoro());
        assertNotSame(seen[0], seen[1]);
        assertSame(seen[1], seen[2], "inside the child task, currentTask() is that task");
        assertNull(seen[3], "a plain callback runs outside any task");
        assertEquals(
                "no running event loop",
                assertThrows(IllegalStateException.class, Asyncio::currentTask).getMessage());
    }
}
