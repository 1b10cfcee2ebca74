package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#sleep}: its result, {@code sleep(0)} as a single bare yield, timer clean-up on
 * cancellation, and exact loop time on a virtual clock.
 */
class SleepTest {
    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    private long nanos() {
        return loop.clock().nanoTime();
    }

    @Test
    void sleepProducesItsResult() {
        assertEquals("r", loop.runUntilComplete(Asyncio.sleep(0.5, "r")));
        assertEquals(500_000_000L, nanos());
        assertEquals("r0", loop.runUntilComplete(Asyncio.sleep(0, "r0")));
        assertNull(loop.runUntilComplete(Asyncio.sleep(0.25)));
        assertNull(loop.runUntilComplete(Asyncio.sleep(Duration.ofMillis(250))));
        assertEquals(1_000_000_000L, nanos());
    }

    @Test
    void creatingASleepSchedulesNothingUntilItIsAwaited() {
        Coroutine<Void> s = Asyncio.sleep(10);
        assertEquals(-1, loop.step(), "no timer before the sleep runs");
        assertFalse(s.isStarted());
        assertEquals(0, nanos());
    }

    /**
     * A callback queued before {@code sleep(0)} runs before the sleeper resumes; one that
     * callback queues runs after: the sleeper yielded for exactly one iteration.
     * <pre>
     * async def main():
     *     loop = asyncio.get_running_loop()
     *     trace.append('t0')
     *     def s1():
     *         trace.append('s1')
     *         loop.call_soon(lambda: trace.append('s2'))
     *     loop.call_soon(s1)
     *     r = await asyncio.sleep(0, 'r0')
     *     trace.append(f't1 {r}')
     *     await asyncio.sleep(0)
     * asyncio.run(main()); print(trace)   # ['t0', 's1', 't1 r0', 's2']
     * </pre>
     * Python's {@code sleep(delay)} with {@code delay <= 0} is the same bare yield, so a
     * negative delay behaves alike.
     */
    @Test
    void sleepZeroYieldsExactlyOnce() {
        for (double delay : new double[] {0, -1}) {
            trace.clear();
            loop.runUntilComplete(new Scripted<>("main")
                    .then(v -> {
                        trace.add("t0");
                        loop.callSoon(() -> {
                            trace.add("s1");
                            loop.callSoon(() -> trace.add("s2"));
                        });
                        return Asyncio.sleep(delay, "r0");
                    })
                    .then(v -> {
                        trace.add("t1 " + v);
                        return Asyncio.sleep(0);
                    })
                    .then(v -> null));
            assertEquals(List.of("t0", "s1", "t1 r0", "s2"), trace, "delay " + delay);
            assertEquals(0, nanos(), "sleep(" + delay + ") takes no loop time");
        }
    }

    /**
     * <pre>
     * async def sleeper():
     *     try:
     *         await asyncio.sleep(3600)
     *     finally:
     *         print('sleeper finally')
     * async def main():
     *     loop = asyncio.get_running_loop()
     *     t = asyncio.create_task(sleeper())
     *     await asyncio.sleep(0)
     *     print('timers while sleeping:', len([h for h in loop._scheduled if not h.cancelled()]))  # 1
     *     t.cancel()
     *     try: await t
     *     except asyncio.CancelledError: pass    # 'sleeper finally' printed
     *     print('timers after cancel:', len([h for h in loop._scheduled if not h.cancelled()]))    # 0
     * </pre>
     * jasyncio's loop tells through {@link SelectorEventLoop#step()}: -1 means no timer left.
     */
    @Test
    void cancellingASleepingTaskCancelsItsTimer() {
        Task<Object> t = loop.createTask(
                new Scripted<>("sleeper").then(v -> Asyncio.sleep(3600)).thenCatching((v, e) -> {
                    trace.add("sleeper finally");
                    if (e != null) {
                        throw e;
                    }
                    return null;
                }));
        assertEquals(3600_000_000_000L, loop.step(), "the sleep's timer is the next event");
        assertTrue(t.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals(List.of("sleeper finally"), trace);
        assertEquals(-1, loop.step(), "the timer must be gone");
        assertEquals(0, nanos(), "time never jumped to the cancelled deadline");
    }

    @Test
    void sleepsAdvanceVirtualLoopTimeExactly() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.sleep(1.5))
                .then(v -> {
                    trace.add("at " + nanos());
                    return Asyncio.sleep(0.25);
                })
                .then(v -> {
                    trace.add("at " + nanos());
                    return Asyncio.sleep(0.1);
                })
                .then(v -> Asyncio.sleep(0.1))
                .then(v -> Asyncio.sleep(0.1))
                .then(v -> {
                    trace.add("at " + nanos());
                    return null;
                }));
        assertEquals(List.of("at 1500000000", "at 1750000000", "at 2050000000"), trace);
        assertEquals(2.05, loop.time());
    }

    /**
     * Concurrent sleeps overlap: the loop time at the end is the longest sleep, not the sum.
     * <pre>
     * async def sleeper(name, d):
     *     await asyncio.sleep(d)
     *     trace.append(f'{name} woke at {loop.time() - t0}')
     * await asyncio.gather(sleeper('two', 0.02), sleeper('one', 0.01))
     * # ['one woke at 0.010224', 'two woke at 0.020422', 'gather done at 0.020455']  (real time)
     * </pre>
     */
    @Test
    void concurrentSleepsOverlap() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.gather(sleeper("two", 2), sleeper("one", 1)))
                .then(v -> {
                    trace.add("gather done at " + loop.time());
                    return null;
                }));
        assertEquals(List.of("one woke at 1.0", "two woke at 2.0", "gather done at 2.0"), trace);
    }

    /**
     * {@code sleep(0)} with no result, which the runtime answers with a bare yield that the
     * awaiter takes itself, yields for exactly one iteration too, and a task cancelled while it
     * yields sees the {@code CancelledError} at the sleep.
     * <pre>
     * async def main():
     *     loop = asyncio.get_running_loop()
     *     trace.append('t0')
     *     def s1():
     *         trace.append('s1')
     *         loop.call_soon(lambda: trace.append('s2'))
     *     loop.call_soon(s1)
     *     await asyncio.sleep(0)
     *     trace.append('t1')
     * asyncio.run(main()); print(trace)   # ['t0', 's1', 't1', 's2']
     *
     * async def yielder():
     *     try:
     *         await asyncio.sleep(0)
     *     except asyncio.CancelledError as e:
     *         return f'caught {e.args}'
     * async def main():
     *     t = asyncio.create_task(yielder())
     *     await asyncio.sleep(0)          # t is now yielding
     *     t.cancel('why')
     *     print(await t)                  # caught ('why',)
     * </pre>
     */
    @Test
    void sleepZeroWithoutAResultYieldsExactlyOnceAndCanBeCancelled() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    trace.add("t0");
                    loop.callSoon(() -> {
                        trace.add("s1");
                        loop.callSoon(() -> trace.add("s2"));
                    });
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    trace.add("t1");
                    return null;
                }));
        assertEquals(List.of("t0", "s1", "t1", "s2"), trace);

        List<Task<Object>> yielder = new ArrayList<>();
        Object result = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    yielder.add(loop.createTask(new Scripted<>("yielder")
                            .then(w -> Asyncio.sleep(0))
                            .thenCatching((w, e) -> "caught "
                                    + (e == null ? "nothing" : e.getClass().getSimpleName() + " " + e.getMessage()))));
                    return Asyncio.sleep(0);
                })
                .then(v -> {
                    yielder.get(0).cancel("why");
                    return yielder.get(0);
                })
                .then(v -> v));
        assertEquals("caught CancelledError why", result);
    }

    /**
     * <pre>
     * c = asyncio.sleep(0)
     * await c
     * await c     # RuntimeError: cannot reuse already awaited coroutine
     * </pre>
     */
    @Test
    void awaitingTheSameSleepZeroTwiceFails() {
        Coroutine<Void> c = Asyncio.sleep(0);
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> loop.runUntilComplete(
                        new Scripted<>("main").then(v -> c).then(v -> c).then(v -> null)));
        assertEquals("cannot reuse already awaited coroutine", e.getMessage());
        assertTrue(c.isDone());
    }

    /**
     * A sleeping task cancelled with a message gets {@code CancelledError(msg)} at the sleep, on
     * the loop's next iteration, and can catch it.
     * <pre>
     * async def sleeper():
     *     try:
     *         await asyncio.sleep(3600)
     *     except asyncio.CancelledError as e:
     *         trace.append(f'caught {e.args} at {loop.time() - t0}')
     *         return 'r'
     * async def main():
     *     t = asyncio.create_task(sleeper())
     *     await asyncio.sleep(0)
     *     t.cancel('why')
     *     print(await t, trace)   # r ["caught ('why',) at 0.0"]
     * </pre>
     */
    @Test
    void aCancelledSleeperGetsTheMessageAtTheSleepAtOnce() {
        Task<Object> t = loop.createTask(new Scripted<>("sleeper")
                .then(v -> Asyncio.sleep(3600))
                .thenCatching((v, e) -> {
                    trace.add("caught " + (e instanceof CancelledError ? e.getMessage() : e) + " at " + nanos());
                    return "r";
                }));
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.sleep(0))
                .then(v -> {
                    assertTrue(t.cancel("why"));
                    return t;
                })
                .then(v -> v));
        assertEquals("r", r);
        assertEquals(List.of("caught why at 0"), trace);
        assertEquals(-1, loop.step(), "the sleep left the timer heap");
    }

    /**
     * A cancel that arrives after the sleep's timer fired but before the task resumed still
     * wins, as with asyncio's future: the timer (due first, FIFO) has queued the wake-up, and
     * the cancel callback, due at the same time, runs right after it.
     * <pre>
     * async def sleeper():
     *     try:
     *         await asyncio.sleep(1)
     *         trace.append('woke')
     *     except asyncio.CancelledError:
     *         trace.append('cancelled')
     * async def main():
     *     t = asyncio.create_task(sleeper())
     *     await asyncio.sleep(0)                    # t sleeps; its timer is due at 1
     *     loop.call_at(loop.time() + 1, t.cancel)   # same deadline on a frozen clock, after it
     *     await asyncio.wait([t])
     *     print(trace, t.cancelled())               # ['cancelled'] True  (with the clock frozen)
     * </pre>
     */
    @Test
    void aCancelAfterTheTimerFiredButBeforeTheStepStillWins() {
        Task<Object> t = loop.createTask(new Scripted<>("sleeper")
                .then(v -> Asyncio.sleep(1))
                .thenCatching((v, e) -> {
                    trace.add(e == null ? "woke" : e instanceof CancelledError ? "cancelled" : e.toString());
                    if (e != null) {
                        throw e;
                    }
                    return null;
                }));
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.sleep(0))
                .then(v -> {
                    loop.callLater(1, () -> t.cancel());
                    return Asyncio.waitTasks(List.of(t));
                })
                .then(v -> null));
        assertEquals(List.of("cancelled"), trace);
        assertTrue(t.cancelled());
    }

    /**
     * Driven by hand, a sleep hands out a future that its timer completes, as asyncio's does.
     * <pre>
     * async def main():
     *     c = asyncio.sleep(1, 'r')
     *     f = c.send(None)
     *     print(isinstance(f, asyncio.Future), f.done())   # True False
     *     await asyncio.wait([f])   # (awaiting f itself trips asyncio's blocking flag, which send set)
     *     try:
     *         c.send(None)
     *     except StopIteration as e:
     *         print(e.value, loop.time() - t0)              # r 1.0
     * </pre>
     */
    @Test
    void aSleepDrivenByHandHandsOutAFutureTheTimerCompletes() {
        Coroutine<String> c = Asyncio.sleep(1, "r");
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(v -> {
                    Object f = c.send(null);
                    assertTrue(f instanceof Future, String.valueOf(f));
                    assertFalse(((Future<?>) f).done());
                    return Asyncio.waitTasks(List.of((Future<?>) f));
                })
                .then(v -> {
                    StopIteration stop = assertThrows(StopIteration.class, () -> c.send(null));
                    return stop.value() + " at " + nanos();
                }));
        assertEquals("r at 1000000000", r);
    }

    private Scripted<Object> sleeper(String name, double seconds) {
        return new Scripted<>(name).then(v -> Asyncio.sleep(seconds)).then(v -> {
            trace.add(name + " woke at " + loop.time());
            return null;
        });
    }
}
