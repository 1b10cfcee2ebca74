package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Timeout} and {@link TaskGroup} objects made before they are entered, and entered once.
 * Expected output from CPython 3.12.1 (3.11.7 prints the same):
 * <pre>
 * async def main():
 *     t = asyncio.Timeout(None)
 *     async with t: pass
 *     try:
 *         async with t: pass
 *     except RuntimeError as e: print(repr(e))   # RuntimeError('Timeout has already been entered')
 *     tg = asyncio.TaskGroup()
 *     print(repr(tg))                             # &lt;TaskGroup&gt;
 *     async with tg: pass
 *     try:
 *         async with tg: pass
 *     except RuntimeError as e: print(repr(e))
 *     # RuntimeError('TaskGroup &lt;TaskGroup entered&gt; has already been entered')
 *     tg2 = asyncio.TaskGroup()
 *     try: tg2.create_task(asyncio.sleep(0))
 *     except RuntimeError as e: print(repr(e))   # RuntimeError('TaskGroup &lt;TaskGroup&gt; has not been entered')
 *     t2 = asyncio.Timeout(asyncio.get_running_loop().time() + 0.05)
 *     try:
 *         async with t2: await asyncio.sleep(1)
 *     except TimeoutError: print('timeout', t2.expired(), repr(t2))   # timeout True &lt;Timeout [expired]&gt;
 * </pre>
 */
class EnterOnceTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aTimeoutMadeBeforehandIsEnteredOnceAndExpiresAtItsDeadline() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(x -> {
                    Timeout t = new Timeout(null);
                    return new Scripted<>("twice")
                            .then(y -> t.asyncWith(() -> Scripted.returning("body", 1)))
                            .then(y -> t.asyncWith(() -> Scripted.returning("body", 2)))
                            .thenCatching((y, e) -> {
                                trace.add(e.getClass().getSimpleName() + "('" + e.getMessage() + "')");
                                return Scripted.value(null);
                            });
                })
                .then(x -> {
                    Timeout t2 = new Timeout(loop.time() + 0.05);
                    return new Scripted<>("expiring")
                            .then(y -> t2.asyncWith(tm -> Scripted.awaiting("body", Asyncio.sleep(1))))
                            .thenCatching((y, e) -> {
                                trace.add((e instanceof TimeoutError ? "timeout " : "no timeout ") + t2.expired() + " "
                                        + t2);
                                return Scripted.value(null);
                            });
                })
                .then(x -> null));
        assertEquals(
                List.of(
                        "IllegalStateException('Timeout has already been entered')",
                        "timeout true <Timeout [expired]>"),
                trace);
        assertEquals(0.05, loop.time(), 1e-9);
    }

    @Test
    void aTaskGroupMadeBeforehandIsEnteredOnce() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(x -> {
                    TaskGroup tg = new TaskGroup();
                    trace.add(tg.toString());
                    return new Scripted<>("twice")
                            .then(y -> tg.asyncWith(g -> {
                                g.createTask(Asyncio.sleep(0));
                                return Asyncio.sleep(0);
                            }))
                            .then(y -> tg.asyncWith(g -> Asyncio.sleep(0)))
                            .thenCatching((y, e) -> {
                                trace.add(e.getClass().getSimpleName() + "('" + e.getMessage() + "')");
                                return Scripted.value(null);
                            });
                })
                .then(x -> {
                    TaskGroup tg2 = new TaskGroup();
                    Coroutine<Void> s = Asyncio.sleep(0);
                    try {
                        tg2.createTask(s);
                    } catch (IllegalStateException e) {
                        trace.add(e.getClass().getSimpleName() + "('" + e.getMessage() + "')");
                    }
                    s.close();
                    return null;
                }));
        assertEquals(
                List.of(
                        "<TaskGroup>",
                        "IllegalStateException('TaskGroup <TaskGroup entered> has already been entered')",
                        "IllegalStateException('TaskGroup <TaskGroup> has not been entered')"),
                trace);
    }
}
