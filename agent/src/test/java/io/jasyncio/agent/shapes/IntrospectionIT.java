package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Async;
import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.CoroutineState;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Generator;
import io.jasyncio.Task;
import io.jasyncio.Yield;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Introspection of rewritten coroutines and generators: the line a coroutine is suspended at
 * ({@code cr_frame.f_lineno}), what it awaits ({@code cr_await}), and a generator's state and
 * delegate ({@code inspect.getgeneratorstate}, {@code gi_yieldfrom}). Generators, against this
 * program run with python3 3.11.7 (lines counted from {@code g}'s {@code def}):
 * <pre>
 * def sub():
 *     yield 'a'
 * def g():
 *     yield 1
 *     yield from sub()
 * x = g()
 * print(inspect.getgeneratorstate(x), x.gi_yieldfrom, x.gi_running)   # GEN_CREATED None False
 * next(x); print(inspect.getgeneratorstate(x), x.gi_yieldfrom, line)  # GEN_SUSPENDED None 1
 * next(x); print(x.gi_yieldfrom.__name__, line)                        # sub 2
 * def me(): yield inspect.getgeneratorstate(y), y.gi_running
 * y = me(); print(next(y))                                             # ('GEN_RUNNING', True)
 * print(list(x), inspect.getgeneratorstate(x), x.gi_frame, x.gi_yieldfrom)   # [] GEN_CLOSED None None
 * </pre>
 */
class IntrospectionIT {
    private static final Path SOURCE = Path.of("src/test/java/io/jasyncio/agent/shapes/IntrospectionIT.java");

    static Generator<String, Object, Void> sub() {
        Yield.value("a");
        return Yield.done();
    }

    static Generator<Object, Object, Void> g() {
        Yield.value(1); // LINE-MARK g-value
        Yield.from(sub()); // LINE-MARK g-from
        return Yield.done();
    }

    private static Generator<?, ?, ?>[] self = new Generator<?, ?, ?>[1];

    static Generator<Object, Object, Void> me() {
        Yield.value(self[0].getState() + " " + self[0].isRunning());
        return Yield.done();
    }

    @Async
    static Coroutine<Integer> waits(Future<Integer> f) {
        int v = await(f); // LINE-MARK waits-await
        return done(v);
    }

    @Test
    void aGeneratorTellsItsStateAndWhatItDelegatesTo() {
        Generator<Object, Object, Void> x = g();
        assertEquals(CoroutineState.CREATED, x.getState());
        assertNull(x.getYieldFrom());
        assertFalse(x.isRunning());
        assertEquals(1, x.next());
        assertEquals(CoroutineState.SUSPENDED, x.getState());
        assertNull(x.getYieldFrom());
        assertEquals(LineNumbersIT.lineOf(SOURCE, "g-value"), x.getFrame().getLineNumber());
        assertEquals("a", x.next());
        assertEquals("IntrospectionIT.sub", x.getYieldFrom().getName());
        assertEquals(LineNumbersIT.lineOf(SOURCE, "g-from"), x.getFrame().getLineNumber());
        Generator<Object, Object, Void> y = me();
        self[0] = y;
        assertEquals("RUNNING true", y.next());
        assertEquals(List.of(), x.stream().toList());
        assertEquals(CoroutineState.CLOSED, x.getState());
        assertNull(x.getFrame());
        assertNull(x.getYieldFrom());
    }

    @Test
    void aSuspendedCoroutineTellsTheLineOfItsAwaitAndWhatItAwaits() {
        int awaitLine = LineNumbersIT.lineOf(SOURCE, "waits-await");
        try (EventLoop loop = Asyncio.newEventLoop()) {
            Future<Integer> f = loop.createFuture();
            Coroutine<Integer> c = waits(f);
            Task<Integer> t = loop.createTask(c);
            loop.step();
            assertEquals(CoroutineState.SUSPENDED, c.getState());
            assertSame(f, c.getAwait());
            assertEquals(awaitLine, c.getLine());
            StackTraceElement frame = c.getFrame();
            assertEquals(IntrospectionIT.class.getName(), frame.getClassName());
            assertEquals("waits", frame.getMethodName());
            assertEquals("IntrospectionIT.java", frame.getFileName());
            assertEquals(awaitLine, frame.getLineNumber());
            f.setResult(4);
            assertEquals(4, loop.runUntilComplete(t));
            assertEquals(CoroutineState.CLOSED, c.getState());
        }
    }
}
