package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Runner} and the clean-up that {@link Asyncio#run} shares with it. */
class RunnerTest {
    private final List<String> trace = new ArrayList<>();

    private Scripted<Object> leftover(String name) {
        return new Scripted<>("leftover").then(v -> Asyncio.sleep(10)).thenCatching((v, e) -> {
            if (e instanceof CancelledError) {
                trace.add("cancelled " + name);
            }
            throw e;
        });
    }

    @Test
    void severalRunsShareOneLoop() {
        try (Runner runner = new Runner()) {
            assertEquals(1, runner.run(Scripted.returning("a", 1)));
            EventLoop first = runner.getLoop();
            assertEquals(2, runner.run(Scripted.returning("b", 2)));
            assertEquals(first, runner.getLoop());
        }
    }

    /*
     * async def leftover(name):
     *     try: await asyncio.sleep(10)
     *     except asyncio.CancelledError: trace.append("cancelled " + name); raise
     * async def main():
     *     asyncio.create_task(leftover("a")); asyncio.create_task(leftover("b"))
     *     await asyncio.sleep(0)
     *     return "main done"
     * asyncio.run(main())   -> 'main done', trace == ['cancelled a', 'cancelled b']
     */
    @Test
    void closingCancelsTheTasksLeftRunningAndWaitsForThem() {
        Scripted<String> main = new Scripted<String>("main")
                .then(v -> {
                    Asyncio.createTask(leftover("a"));
                    Asyncio.createTask(leftover("b"));
                    return Asyncio.sleep(0);
                })
                .then(v -> "main done");
        assertEquals("main done", Asyncio.run(main));
        assertEquals(List.of("cancelled a", "cancelled b"), trace);
    }

    /*
     * async def failing():
     *     try: await asyncio.sleep(10)
     *     except asyncio.CancelledError: raise ValueError("boom in cleanup")
     * async def main2():
     *     loop.set_exception_handler(lambda loop, ctx: trace.append(ctx["message"] + ": " + str(ctx["exception"])))
     *     asyncio.create_task(failing()); await asyncio.sleep(0)
     * -> ['unhandled exception during asyncio.run() shutdown: boom in cleanup']
     */
    @Test
    void aLeftoverTaskFailingWhileCancelledIsReportedToTheExceptionHandler() {
        Scripted<Object> failing = new Scripted<>("failing")
                .then(v -> Asyncio.sleep(10))
                .thenCatching((v, e) -> {
                    throw new IllegalArgumentException("boom in cleanup");
                });
        Scripted<Object> main = new Scripted<>("main")
                .then(v -> {
                    Asyncio.getRunningLoop()
                            .setExceptionHandler((loop, ctx) -> trace.add(
                                    ctx.message() + ": " + ctx.exception().getMessage()));
                    Asyncio.createTask(failing);
                    return Asyncio.sleep(0);
                })
                .then(v -> "done");
        Asyncio.run(main);
        assertEquals(List.of("unhandled exception during asyncio.run() shutdown: boom in cleanup"), trace);
    }

    @Test
    void runInsideARunningLoopIsRefused() {
        Scripted<Object> nested = new Scripted<>("outer").then(v -> {
            try (Runner inner = new Runner()) {
                return assertThrows(IllegalStateException.class, () -> inner.run(Scripted.returning("x", 1)))
                        .getMessage();
            }
        });
        assertEquals("Runner.run() cannot be called from a running event loop", Asyncio.run(nested));
    }

    @Test
    void aClosedRunnerRefusesToRun() {
        Runner runner = new Runner();
        runner.close();
        runner.close();
        assertThrows(IllegalStateException.class, () -> runner.run(Scripted.returning("x", 1)));
    }

    @Test
    void virtualTimeJumpsAnHourOfSleepAtOnce() {
        long start = System.nanoTime();
        try (Runner runner = Runner.virtualTime()) {
            double before = runner.run(
                    new Scripted<Double>("t").then(v -> Asyncio.getRunningLoop().time()));
            double after = runner.run(new Scripted<Double>("sleeper")
                    .then(v -> Asyncio.sleep(3600))
                    .then(v -> Asyncio.getRunningLoop().time()));
            assertEquals(3600.0, after - before, 1e-9);
        }
        assertTrue(System.nanoTime() - start < 60_000_000_000L, "virtual time must not sleep for real (an hour)");
    }
}
