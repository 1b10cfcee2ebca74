package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.Task;
import io.jasyncio.abi.Frame;
import io.jasyncio.abi.Intrinsics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dump hook behind {@code jasyncio-agent.jar ps}: {@link Introspection#snapshot()} read from
 * a thread other than the loop's, safely through the loop, or racily (and saying so) when the
 * loop does not answer.
 */
class IntrospectionTest {

    /** {@code async def awaiting(aw): return await aw}, written by hand. */
    private static final class Awaiting extends Frame<Object> {
        private final Awaitable<?> awaitable;
        private int label;

        Awaiting(Awaitable<?> awaitable) {
            this.awaitable = awaitable;
        }

        @Override
        protected Object invoke(Object value, Throwable error) {
            if (error != null) {
                throw Throwables.sneaky(error);
            }
            if (label == 1) {
                return value;
            }
            label = 1;
            return Intrinsics.await(awaitable, this);
        }

        @Override
        public String getName() {
            return "IntrospectionTest.awaiting";
        }

        @Override
        protected String sourceFile() {
            return "IntrospectionTest.java";
        }

        @Override
        protected int currentLine() {
            return 42;
        }
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, String name) {
        List<Map<String, Object>> found =
                rows.stream().filter(r -> r.get("name").equals(name)).collect(Collectors.toList());
        assertEquals(1, found.size(), "rows named " + name + " in " + rows);
        return found.get(0);
    }

    private static String id(Object o) {
        return "0x" + Integer.toHexString(System.identityHashCode(o));
    }

    @Test
    void aRunningLoopIsReadOnItsOwnThread() throws Exception {
        SelectorEventLoop loop = new SelectorEventLoop();
        Task<?>[] t = new Task<?>[2];
        CountDownLatch started = new CountDownLatch(1);
        Thread runner = new Thread(
                () -> {
                    t[0] = loop.createTask(Asyncio.sleep(3600), "sleeper");
                    t[1] = loop.createTask(new Awaiting(t[0]), "waiter");
                    loop.callSoon(started::countDown);
                    loop.runForever();
                },
                "introspected-loop");
        runner.start();
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            List<Map<String, Object>> rows = Introspection.snapshot(10_000);
            Map<String, Object> sleeper = row(rows, "sleeper");
            Map<String, Object> waiter = row(rows, "waiter");
            assertEquals("safe", sleeper.get("read"));
            assertTrue(((String) sleeper.get("thread")).startsWith("introspected-loop#"), sleeper.toString());
            assertEquals(id(t[0]), sleeper.get("id"));
            assertEquals(List.of("Sleep.sleep Sleep.java"), sleeper.get("stack"));
            assertEquals(List.of(id(t[1])), sleeper.get("awaitedBy"));
            assertEquals(List.of("IntrospectionTest.Awaiting.awaiting IntrospectionTest.java:42"), waiter.get("stack"));
            assertEquals(List.of(), waiter.get("awaitedBy"));
            assertEquals("IntrospectionTest.awaiting() running at IntrospectionTest.java:42", waiter.get("coro"));
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            runner.join(10_000);
            loop.close();
        }
    }

    @Test
    void aBlockedLoopIsReadRacilyAndSaysSo() throws Exception {
        SelectorEventLoop loop = new SelectorEventLoop();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread runner = new Thread(
                () -> {
                    loop.createTask(Asyncio.sleep(3600), "stuck-behind");
                    loop.callSoon(() -> {
                        blocked.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    loop.runForever();
                },
                "blocked-loop");
        runner.start();
        try {
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            List<Map<String, Object>> rows = Introspection.snapshot(200);
            assertEquals("racy", row(rows, "stuck-behind").get("read"));
        } finally {
            release.countDown();
            loop.callSoonThreadsafe(loop::stop);
            runner.join(10_000);
            loop.close();
        }
    }

    @Test
    void aLoopThatIsNotRunningIsReadDirectly() {
        SelectorEventLoop loop = new SelectorEventLoop();
        try {
            loop.createTask(Asyncio.sleep(1), "idle-task");
            assertEquals("idle", row(Introspection.snapshot(200), "idle-task").get("read"));
        } finally {
            loop.close();
        }
        assertTrue(
                Introspection.snapshot(200).stream()
                        .noneMatch(r -> r.get("name").equals("idle-task")),
                "a closed loop is skipped");
    }
}
