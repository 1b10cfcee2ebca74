package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a learner asks of a coroutine ({@link Coroutine#getState()}, {@link
 * Coroutine#getAwait()}, {@link Coroutine#isRunning()}, {@link Coroutine#getFrame()}, {@link
 * Coroutine#getLine()}) and of a sleeping task's stack. Expected output from CPython 3.11.7:
 * <pre>
 * async def inner(fut, trace):
 *     r = await fut
 *     trace.append(f'outer while inner runs: {inspect.getcoroutinestate(outer_coro)} {outer_coro.cr_running}')
 *     return r
 * async def outer(fut, trace): return await inner(fut, trace)
 * async def main():
 *     fut = loop.create_future(); c = outer(fut, trace)
 *     print(inspect.getcoroutinestate(c), c.cr_await, c.cr_running)   # CORO_CREATED None False
 *     t = asyncio.create_task(c); print(inspect.getcoroutinestate(c))   # CORO_CREATED
 *     await asyncio.sleep(0)
 *     print(inspect.getcoroutinestate(c), c.cr_await.__qualname__, c.cr_running)  # CORO_SUSPENDED inner False
 *     i = c.cr_await
 *     print(inspect.getcoroutinestate(i), type(i.cr_await).__name__)  # CORO_SUSPENDED FutureIter
 *     fut.set_result(1); await t
 *     print(inspect.getcoroutinestate(c), c.cr_frame, c.cr_await, trace)
 *     # CORO_CLOSED None None ['outer while inner runs: CORO_RUNNING True']
 *     async def me(): return inspect.getcoroutinestate(cc), cc.cr_running
 *     cc = me(); print(await cc)                                         # ('CORO_RUNNING', True)
 *     async def sleeper(): await asyncio.sleep(1)
 *     s = asyncio.create_task(sleeper()); await asyncio.sleep(0)
 *     print([f.f_code.co_name for f in s.get_stack()])                  # ['sleeper']
 * </pre>
 */
class CoroutineIntrospectionTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void stateAwaitAndRunningFollowTheCoroutineThroughItsLife() {
        Future<Object> fut = loop.createFuture();
        Coroutine<?>[] outer = new Coroutine<?>[1];
        Scripted<Object> inner = new Scripted<>("inner").then(x -> fut).then(x -> {
            trace.add("outer while inner runs: " + outer[0].getState() + " " + outer[0].isRunning());
            return x;
        });
        Scripted<Object> c = new Scripted<>("outer").then(x -> inner).then(x -> x);
        outer[0] = c;
        assertEquals(CoroutineState.CREATED, c.getState());
        assertNull(c.getAwait());
        assertFalse(c.isRunning());
        assertEquals(-1, c.getLine());
        Task<Object> t = loop.createTask(c);
        assertEquals(CoroutineState.CREATED, c.getState());
        loop.step();
        assertEquals(CoroutineState.SUSPENDED, c.getState());
        assertSame(inner, c.getAwait());
        assertFalse(c.isRunning());
        assertEquals(CoroutineState.SUSPENDED, inner.getState());
        assertSame(fut, inner.getAwait());
        assertEquals(new StackTraceElement("io.jasyncio.Scripted", "outer", "Scripted.java", 1), c.getFrame());
        assertEquals(1, c.getLine());
        fut.setResult(1);
        assertEquals(1, loop.runUntilComplete(t));
        assertEquals(CoroutineState.CLOSED, c.getState());
        assertNull(c.getFrame());
        assertNull(c.getAwait());
        assertEquals(List.of("outer while inner runs: RUNNING true"), trace);
    }

    @Test
    void aCoroutineAskedAboutItselfIsRunning() {
        Coroutine<?>[] me = new Coroutine<?>[1];
        me[0] = new Scripted<>("me").then(x -> me[0].getState() + " " + me[0].isRunning());
        assertEquals("RUNNING true", loop.runUntilComplete(me[0]));
    }

    @Test
    void aSleepingTasksInnermostFrameIsTheAwaitOfSleep() {
        Task<Object> s = loop.createTask(
                new Scripted<>("sleeper").then(x -> Asyncio.sleep(1)).then(x -> x));
        loop.step();
        List<StackTraceElement> stack = s.getStack();
        assertEquals(1, stack.size(), stack::toString);
        assertEquals("sleeper", stack.get(0).getMethodName());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.printStack(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.endsWith("  File \"Scripted.java\", line 1, in Scripted.sleeper\n"), printed);
        s.cancel();
        TestLoops.runUntilIdle(loop);
    }
}
