package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reprs and messages asyncio prints, one test per text, each against the CPython program
 * quoted above it (python3 3.11; 3.12 and 3.13 print the same unless said). Where Java has no
 * equivalent (a lambda has no name, an object no address), the nearest text is documented in
 * {@link Reprs}.
 */
class ReprsTest {
    private final SelectorEventLoop loop = TestLoops.virtual();

    @AfterEach
    void close() {
        if (!loop.isRunning()) {
            loop.close();
        }
    }

    static void cb() {}

    /** A callback that is a named class, as a bound method is in Python. */
    static final class Ticker implements Runnable {
        @Override
        public void run() {}
    }

    interface SerializableRunnable extends Runnable, Serializable {}

    /**
     * <pre>
     * import reprlib
     * for v in ['ok', 'a'*40, "it's", 'say "hi"', 'both \' and "', 'tab\there\nnl', None, True,
     *           10**50, [1,2,3,4,5,6,7,8], ['a', None], 3.5, []]:
     *     print(reprlib.repr(v))
     * </pre>
     */
    @Test
    void aResultIsShownAsReprlibShowsIt() {
        assertEquals("'ok'", Reprs.value("ok"));
        assertEquals("'aaaaaaaaaaaa...aaaaaaaaaaaaa'", Reprs.value("a".repeat(40)));
        assertEquals("\"it's\"", Reprs.value("it's"));
        assertEquals("'say \"hi\"'", Reprs.value("say \"hi\""));
        assertEquals("'both \\' and \"'", Reprs.value("both ' and \""));
        assertEquals("'tab\\there\\nnl'", Reprs.value("tab\there\nnl"));
        assertEquals("None", Reprs.value(null));
        assertEquals("True", Reprs.value(true));
        assertEquals(
                "100000000000000000...0000000000000000000",
                Reprs.value(new java.math.BigInteger("1" + "0".repeat(50))));
        assertEquals("[1, 2, 3, 4, 5, 6, ...]", Reprs.value(List.of(1, 2, 3, 4, 5, 6, 7, 8)));
        assertEquals("['a', None]", Reprs.value(java.util.Arrays.asList("a", null)));
        assertEquals("3.5", Reprs.value(3.5));
        assertEquals("[]", Reprs.value(List.of()));
    }

    /**
     * <pre>
     * def cb(): pass
     * class C:
     *     def m(self): pass
     * h = loop.call_soon(cb); print(repr(h)); h.cancel(); print(repr(h))
     * print(repr(loop.call_soon(C().m)))
     * print(repr(loop.call_soon(lambda: None)))
     * # &lt;Handle cb() at t1.py:2&gt;
     * # &lt;Handle cancelled&gt;
     * # &lt;Handle C.m()&gt;
     * # &lt;Handle main.&lt;locals&gt;.&lt;lambda&gt;() at t1.py:9&gt;
     * </pre>
     * Java: a lambda or a method reference is named after the class that wrote it (neither its
     * method nor its line can be read), a serializable one by its method too, any other
     * callback by its class and method.
     */
    @Test
    void aHandleNamesItsCallback() {
        Handle lambda = loop.callSoon(() -> {});
        assertEquals("<Handle ReprsTest.<lambda>()>", lambda.toString());
        assertEquals(
                "<Handle ReprsTest.<lambda>()>", loop.callSoon(ReprsTest::cb).toString());
        SerializableRunnable ref = ReprsTest::cb;
        assertEquals("<Handle ReprsTest.cb()>", loop.callSoon(ref).toString());
        assertEquals(
                "<Handle ReprsTest.Ticker.run()>", loop.callSoon(new Ticker()).toString());
        lambda.cancel();
        assertEquals("<Handle cancelled>", lambda.toString());
        TestLoops.runUntilIdle(loop);
    }

    /**
     * <pre>
     * loop.set_debug(True)
     * h = loop.call_soon(cb); print(repr(h)); h.cancel(); print(repr(h))
     * # &lt;Handle cb() at t.py:2 created at t.py:9&gt;
     * # &lt;Handle cb() at t.py:2 created at t.py:9&gt;     (debug mode keeps the repr)
     * </pre>
     */
    @Test
    void inDebugModeAHandleSaysWhereItWasCreated() {
        loop.setDebug(true);
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        Handle h = loop.callSoon(new Ticker());
        assertEquals("<Handle ReprsTest.Ticker.run() created at ReprsTest.java:" + line + ">", h.toString());
        h.cancel();
        assertEquals("<Handle ReprsTest.Ticker.run() created at ReprsTest.java:" + line + ">", h.toString());
    }

    /**
     * <pre>
     * th = loop.call_later(10, cb); print(type(th).__name__, repr(th)); th.cancel(); print(repr(th))
     * # TimerHandle &lt;TimerHandle when=12631.916372474 cb() at t1.py:2&gt;
     * # &lt;TimerHandle cancelled when=12631.916372474&gt;
     * </pre>
     */
    @Test
    void aTimerHandleShowsWhenAndItsCallback() {
        TimerHandle th = loop.callLater(10, new Ticker());
        assertEquals("TimerHandle", th.getClass().getSimpleName());
        assertEquals("<TimerHandle when=10.0 ReprsTest.Ticker.run()>", th.toString());
        th.cancel();
        assertEquals("<TimerHandle cancelled when=10.0>", th.toString());
    }

    /**
     * <pre>
     * f = loop.create_future(); print(repr(f))
     * f.add_done_callback(cb); print(repr(f))
     * f.set_result('ok'); print(repr(f))
     * g = loop.create_future(); g.set_exception(ValueError('bad')); print(repr(g))
     * g = loop.create_future(); g.cancel(); print(repr(g))
     * # &lt;Future pending&gt;
     * # &lt;Future pending cb=[cb() at t1.py:2]&gt;
     * # &lt;Future finished result='ok'&gt;
     * # &lt;Future finished exception=ValueError('bad')&gt;
     * # &lt;Future cancelled&gt;
     * f.add_done_callback(a); f.add_done_callback(b); f.add_done_callback(c); f.add_done_callback(d)
     * # &lt;Future pending cb=[a() at t.py:1, &lt;2 more&gt;, d() at t.py:4]&gt;
     * </pre>
     */
    @Test
    void aFutureShowsItsOutcomeAndCallbacksAsAsyncioDoes() {
        Future<String> f = loop.createFuture();
        assertEquals("<Future pending>", f.toString());
        Consumer<Future<String>> cb = x -> {};
        f.addDoneCallback(cb);
        assertEquals("<Future pending cb=[ReprsTest.<lambda>()]>", f.toString());
        f.addDoneCallback(x -> {});
        assertEquals("<Future pending cb=[ReprsTest.<lambda>(), ReprsTest.<lambda>()]>", f.toString());
        f.addDoneCallback(x -> {});
        f.addDoneCallback(new Consumer<>() {
            @Override
            public void accept(Future<String> x) {}
        });
        assertEquals("<Future pending cb=[ReprsTest.<lambda>(), <2 more>, ReprsTest.1.accept()]>", f.toString());
        f.setResult("ok");
        assertEquals("<Future finished result='ok'>", f.toString());
        Future<String> g = loop.createFuture();
        g.setException(new IllegalArgumentException("bad"));
        assertEquals("<Future finished exception=IllegalArgumentException('bad')>", g.toString());
        g.exception();
        Future<String> h = loop.createFuture();
        h.cancel();
        assertEquals("<Future cancelled>", h.toString());
        TestLoops.runUntilIdle(loop);
    }

    /**
     * <pre>
     * f = loop.create_future()
     * try: f.result()
     * except asyncio.InvalidStateError as e: print(e)       # Result is not set.
     * try: f.exception()
     * except asyncio.InvalidStateError as e: print(e)       # Exception is not set.
     * f.set_result(1)
     * try: f.set_result(2)
     * except asyncio.InvalidStateError as e: print(e)       # invalid state
     * try: f.set_exception(ValueError())
     * except asyncio.InvalidStateError as e: print(e)       # invalid state
     * try: loop.create_future().set_exception(StopIteration())
     * except TypeError as e: print(e)
     * # StopIteration interacts badly with generators and cannot be raised into a Future
     * </pre>
     */
    @Test
    void aFuturesMisusesGetAsyncioMessages() {
        Future<Integer> f = loop.createFuture();
        assertEquals(
                "Result is not set.",
                assertThrows(InvalidStateError.class, f::result).getMessage());
        assertEquals(
                "Exception is not set.",
                assertThrows(InvalidStateError.class, f::exception).getMessage());
        f.setResult(1);
        assertEquals(
                "invalid state",
                assertThrows(InvalidStateError.class, () -> f.setResult(2)).getMessage());
        assertEquals(
                "invalid state",
                assertThrows(InvalidStateError.class, () -> f.setException(new IllegalStateException()))
                        .getMessage());
        assertEquals(
                "StopIteration interacts badly with generators and cannot be raised into a Future",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> loop.createFuture().setException(new StopIteration(null)))
                        .getMessage());
    }

    /**
     * <pre>
     * async def w(f): await f
     * f2 = loop.create_future()
     * t = asyncio.create_task(w(f2), name='W'); await asyncio.sleep(0); print(repr(t))
     * t.add_done_callback(cb); print(repr(t))
     * f2.set_result('ok'); await asyncio.sleep(0); print(repr(t))
     * # &lt;Task pending name='W' coro=&lt;w() running at t1.py:23&gt; wait_for=&lt;Future pending cb=[Task.task_wakeup()]&gt;&gt;
     * # &lt;Task pending name='W' coro=&lt;w() running at t1.py:23&gt; wait_for=&lt;Future pending cb=[Task.task_wakeup()]&gt; cb=[cb() at t1.py:2]&gt;
     * # &lt;Task finished name='W' coro=&lt;w() done, defined at t1.py:23&gt; result='ok'&gt;
     * t = asyncio.create_task(w(loop.create_future())); await asyncio.sleep(0); t.cancel(); print(repr(t))
     * # &lt;Task cancelling name='Task-2' coro=&lt;w() running at t7.py:17&gt; wait_for=&lt;Future cancelled&gt;&gt;
     * </pre>
     */
    @Test
    void aTaskShowsWhatItWaitsForItsCallbacksAndAQuotedResult() {
        Future<String> f = loop.createFuture();
        Task<Object> t = loop.createTask(new Scripted<>("w").then(v -> f).then(v -> v), "W");
        loop.step();
        assertEquals(
                "<Task pending name='W' coro=<w() running at Scripted.java:1>"
                        + " wait_for=<Future pending cb=[Task.task_wakeup()]>>",
                t.toString());
        t.addDoneCallback(new Consumer<>() {
            @Override
            public void accept(Future<Object> x) {}
        });
        assertEquals(
                "<Task pending name='W' coro=<w() running at Scripted.java:1>"
                        + " wait_for=<Future pending cb=[Task.task_wakeup()]> cb=[ReprsTest.2.accept()]>",
                t.toString());
        f.setResult("ok");
        TestLoops.runUntilIdle(loop);
        assertEquals("<Task finished name='W' coro=<w() done, defined at Scripted.java> result='ok'>", t.toString());

        Future<String> never = loop.createFuture();
        Task<Object> c = loop.createTask(new Scripted<>("w").then(v -> never).then(v -> v), "C");
        loop.step();
        c.cancel();
        assertEquals(
                "<Task cancelling name='C' coro=<w() running at Scripted.java:1>" + " wait_for=<Future cancelled>>",
                c.toString());
        TestLoops.runUntilIdle(loop);
    }

    /** No task's repr names jasyncio's implementation class. */
    @Test
    void aTaskPrintsAsTaskNeverAsTheLoopsOwnClass() {
        Task<Object> t = loop.createTask(Scripted.returning("r", 1));
        assertTrue(t.toString().startsWith("<Task pending name='Task-"), t.toString());
        TestLoops.runUntilIdle(loop);
    }

    /**
     * <pre>
     * async def c(): return 1
     * co = c(); await co
     * try: await co
     * except RuntimeError as e: print(e)        # cannot reuse already awaited coroutine
     * def g(): yield gg.send(None)
     * gg = g()
     * try: next(gg)
     * except ValueError as e: print(e)          # generator already executing
     * async def self_await(): await me
     * me = self_await()
     * try: await me
     * except ValueError as e: print(e)          # coroutine already executing
     * </pre>
     */
    @Test
    void reusingOrReenteringACoroutineGetsPythonsTexts() {
        Scripted<Object> co = Scripted.returning("c", 1);
        loop.runUntilComplete(co);
        assertEquals(
                "cannot reuse already awaited coroutine",
                assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(co))
                        .getMessage());

        List<Throwable> seen = new ArrayList<>();
        Scripted<Object>[] me = new Scripted[1];
        me[0] = new Scripted<>("self_await").then(v -> {
            try {
                me[0].send(null);
            } catch (Throwable e) {
                seen.add(e);
            }
            return 1;
        });
        assertThrows(StopIteration.class, () -> me[0].send(null));
        assertEquals(1, seen.size());
        assertTrue(seen.get(0) instanceof IllegalArgumentException, seen.toString());
        assertEquals("coroutine already executing", seen.get(0).getMessage());
    }

    /**
     * <pre>
     * async def stubborn():
     *     try: await asyncio.sleep(10)
     *     finally: raise ValueError('late')
     * async def main():
     *     asyncio.create_task(stubborn(), name='S'); await asyncio.sleep(0)
     * asyncio.run(main())
     * # unhandled exception during asyncio.run() shutdown
     * # task: &lt;Task finished name='S' coro=&lt;stubborn() done, defined at t8.py:2&gt; exception=ValueError('late')&gt;
     * </pre>
     */
    @Test
    void theShutdownReportLabelsTheTaskTask() {
        List<String> logged = new ArrayList<>();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.jasyncio");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(capture);
        try (Runner runner = new Runner(false, () -> Asyncio.newEventLoop(new VirtualClock()))) {
            runner.run(new Scripted<>("main")
                    .then(v -> {
                        Asyncio.createTask(
                                new Scripted<>("stubborn")
                                        .then(x -> Asyncio.sleep(10))
                                        .thenCatching((x, e) -> {
                                            throw new IllegalArgumentException("late");
                                        }),
                                "S");
                        return Asyncio.sleep(0);
                    })
                    .then(v -> null));
        } finally {
            jul.removeHandler(capture);
        }
        assertEquals(
                List.of("unhandled exception during asyncio.run() shutdown\n"
                        + "task: <Task finished name='S' coro=<stubborn() done, defined at Scripted.java>"
                        + " exception=IllegalArgumentException('late')>"),
                logged);
    }

    /**
     * <pre>
     * l = asyncio.Lock(); print(repr(l))
     * s = asyncio.Semaphore(2); print(repr(s))
     * q = asyncio.Queue(); q.put_nowait('a'); print(repr(q)); print(repr(asyncio.LifoQueue(3)))
     * # &lt;asyncio.locks.Lock object at 0x7f1c7bb735d0 [unlocked]&gt;
     * # &lt;asyncio.locks.Semaphore object at 0x7f1c7bb73650 [unlocked, value:2]&gt;
     * # &lt;Queue at 0x7f1c7bb73810 maxsize=0 _queue=['a'] tasks=1&gt;
     * # &lt;LifoQueue at 0x7f1c7c4472d0 maxsize=3&gt;
     * </pre>
     * Java has no address: the identity hash stands for {@code id()}.
     */
    @Test
    void locksAndQueuesPrintAsPythonsObjectRepr() {
        Lock l = new Lock();
        assertEquals("<io.jasyncio.Lock object at " + Reprs.id(l) + " [unlocked]>", l.toString());
        Semaphore s = new Semaphore(2);
        assertEquals("<io.jasyncio.Semaphore object at " + Reprs.id(s) + " [unlocked, value:2]>", s.toString());
        Queue<String> q = new Queue<>();
        q.putNowait("a");
        assertEquals("<Queue at " + Reprs.id(q) + " maxsize=0 _queue=['a'] tasks=1>", q.toString());
        LifoQueue<String> lifo = new LifoQueue<>(3);
        assertEquals("<LifoQueue at " + Reprs.id(lifo) + " maxsize=3>", lifo.toString());
    }

    /**
     * <pre>
     * to = asyncio.timeout(1.23456); print(repr(to))        # at loop time 0
     * async with to: print(repr(to))
     * print(repr(to))
     * # &lt;Timeout [created]&gt;
     * # &lt;Timeout [active] when=1.235&gt;
     * # &lt;Timeout [finished]&gt;
     * </pre>
     */
    @Test
    void aTimeoutShowsItsStateAndWhenRoundedAsAsyncioDoes() {
        List<String> seen = new ArrayList<>();
        Timeout[] kept = new Timeout[1];
        loop.runUntilComplete(new Scripted<>("main")
                .then(v -> Asyncio.timeout(1.23456, t -> {
                    kept[0] = t;
                    seen.add(t.toString());
                    return Scripted.returning("body", 1);
                }))
                .then(v -> v));
        seen.add(kept[0].toString());
        assertEquals(List.of("<Timeout [active] when=1.235>", "<Timeout [finished]>"), seen);
    }

    /** {@code def g(): yield gg.send(None)}: a generator that re-enters itself. */
    static final class Reentrant extends io.jasyncio.abi.GeneratorFrame<Object, Object, Object> {
        Throwable seen;

        @Override
        protected Object invoke(Object value, Throwable error) {
            try {
                next();
            } catch (Throwable t) {
                seen = t;
            }
            return null;
        }

        @Override
        public String getName() {
            return "g";
        }

        @Override
        protected String sourceFile() {
            return "ReprsTest.java";
        }

        @Override
        protected int currentLine() {
            return 1;
        }
    }

    /**
     * <pre>
     * def g(): yield gg.send(None)
     * gg = g()
     * try: next(gg)
     * except ValueError as e: print(e)          # generator already executing
     * </pre>
     */
    @Test
    void reenteringAGeneratorSaysGeneratorAlreadyExecuting() {
        Reentrant g = new Reentrant();
        assertThrows(StopIteration.class, g::next);
        assertTrue(g.seen instanceof IllegalArgumentException, String.valueOf(g.seen));
        assertEquals("generator already executing", g.seen.getMessage());
    }
}
