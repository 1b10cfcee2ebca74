package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ContextVar} and {@link Context}: values, tokens, copies, {@code run}, and the context
 * every task step and callback runs in. Each test quotes the Python program whose output it
 * expects (CPython 3.11.7 and 3.12.1 agree unless the test says otherwise), with
 * <pre>
 * import asyncio
 * from contextvars import ContextVar, Context, Token, copy_context
 * v = ContextVar('v')
 * </pre>
 * Tests that set variables outside a loop run inside a fresh {@link Context}, so that the test
 * thread's own context stays empty.
 */
class ContextVarTest {
    private static final ContextVar<String> V = new ContextVar<>("v");
    private static final ContextVar<Integer> W = new ContextVar<>("w", 5);

    private final SelectorEventLoop loop = TestLoops.virtual();
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
        assertEquals("unset", V.get("unset"), "the test thread's context must stay empty");
    }

    /**
     * <pre>
     * w = ContextVar('w', default=5)
     * try: v.get()
     * except LookupError as e: print(type(e).__name__)       # LookupError
     * print(v.get('d'), w.get(), w.get(7))                   # d 5 7
     * t = v.set('a'); print(t.var is v, t.old_value is Token.MISSING, v.get())   # True True a
     * t2 = v.set('b'); print(t2.old_value, v.get())          # a b
     * v.reset(t2); print(v.get()); v.reset(t); print(v.get(None))   # a, then None
     * v.reset(t)     # RuntimeError: &lt;Token used var=... at 0x...&gt; has already been used once
     * </pre>
     */
    @Test
    void setGetAndResetFollowTokens() {
        new Context().run(() -> {
            NoSuchElementException e = assertThrows(NoSuchElementException.class, V::get);
            assertTrue(e.getMessage().startsWith("<ContextVar name='v' at 0x"), e.getMessage());
            assertEquals("d", V.get("d"));
            assertEquals(5, W.get());
            assertEquals(7, W.get(7));
            ContextVar.Token<String> t = V.set("a");
            assertSame(V, t.getVar());
            assertSame(ContextVar.Token.MISSING, t.getOldValue());
            assertEquals("a", V.get());
            ContextVar.Token<String> t2 = V.set("b");
            assertEquals("a", t2.getOldValue());
            assertEquals("b", V.get());
            V.reset(t2);
            assertEquals("a", V.get());
            V.reset(t);
            assertNull(V.get(null));
            IllegalStateException used = assertThrows(IllegalStateException.class, () -> V.reset(t));
            assertTrue(used.getMessage().startsWith("<Token used var=<ContextVar name='v' at 0x"), used.getMessage());
            assertTrue(used.getMessage().endsWith("> has already been used once"), used.getMessage());
        });
    }

    /**
     * <pre>
     * ctx = Context(); t = ctx.run(v.set, 'x')
     * try: v.reset(t)
     * except ValueError as e: print(str(e)[-36:])    # was created in a different Context
     * t = v.set('y')
     * try: w.reset(t)
     * except ValueError as e: print(str(e)[-39:])    # was created by a different ContextVar
     * print(repr(w))                                  # &lt;ContextVar name='w' default=5 at 0x...&gt;
     * </pre>
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void resetRefusesTokensOfAnotherContextOrVariable() {
        new Context().run(() -> {
            Context ctx = new Context();
            ContextVar.Token<String> t = ctx.run(() -> V.set("x"));
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> V.reset(t));
            assertTrue(other.getMessage().endsWith("> was created in a different Context"), other.getMessage());
            ContextVar.Token<String> y = V.set("y");
            IllegalArgumentException var =
                    assertThrows(IllegalArgumentException.class, () -> ((ContextVar) W).reset(y));
            assertTrue(var.getMessage().endsWith("> was created by a different ContextVar"), var.getMessage());
            assertTrue(W.toString().startsWith("<ContextVar name='w' default=5 at 0x"), W.toString());
        });
    }

    /**
     * <pre>
     * v.set(1); ctx = copy_context(); v.set(2)
     * print(ctx[v], ctx.run(v.get), v.get())          # 1 1 2
     * ctx.run(v.set, 3); print(ctx[v], v.get(), len(ctx), v in ctx, dict(ctx.items()) == {v: 3})
     * # 3 2 1 True True
     * print(Context().get(v), v in Context())          # None False
     * </pre>
     */
    @Test
    void aCopyIsASnapshotAndRunSetsInsideIt() {
        new Context().run(() -> {
            V.set("1");
            Context ctx = Context.copyContext();
            V.set("2");
            assertEquals("1", ctx.get(V));
            assertEquals("1", ctx.run(() -> V.get()));
            assertEquals("2", V.get());
            ctx.run(() -> {
                V.set("3");
            });
            assertEquals("3", ctx.get(V));
            assertEquals("2", V.get());
            assertEquals(1, ctx.size());
            assertTrue(ctx.containsKey(V));
            assertEquals(Map.of(V, "3"), ctx.toMap());
            assertEquals("3", ctx.copy().get(V));
            assertNull(new Context().get(V));
            assertFalse(new Context().containsKey(V));
            assertEquals("d", new Context().get(V, "d"));
        });
    }

    /**
     * <pre>
     * ctx = copy_context()
     * try: ctx.run(lambda: ctx.run(lambda: None))
     * except RuntimeError as e: print(e)
     * # cannot enter context: &lt;_contextvars.Context object at 0x...&gt; is already entered
     * </pre>
     */
    @Test
    void enteringAnEnteredContextIsRefused() {
        Context ctx = Context.copyContext();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> ctx.run(() -> {})));
        assertTrue(
                e.getMessage().matches("cannot enter context: <Context object at 0x\\p{XDigit}+> is already entered"),
                e.getMessage());
        ctx.run(() -> {}); // entered no more
    }

    /**
     * <pre>
     * async def main():
     *     async def child():
     *         trace.append(f'child sees {v.get()}'); v.set('child'); await asyncio.sleep(0)
     *         trace.append(f'child still {v.get()}')
     *     v.set('main'); t = asyncio.create_task(child()); v.set('main2'); await t
     *     trace.append(f'main sees {v.get()}')
     * # ['child sees main', 'child still child', 'main sees main2']
     * </pre>
     */
    @Test
    void aTaskCopiesItsCreatorsContextAndKeepsItsOwnSets() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(x -> {
                    V.set("main");
                    Task<Object> t = Asyncio.createTask(new Scripted<>("child")
                            .then(y -> {
                                trace.add("child sees " + V.get());
                                V.set("child");
                                return Asyncio.sleep(0);
                            })
                            .then(y -> {
                                trace.add("child still " + V.get());
                                return null;
                            }));
                    V.set("main2");
                    return t;
                })
                .then(x -> {
                    trace.add("main sees " + V.get());
                    return null;
                }));
        assertEquals(List.of("child sees main", "child still child", "main sees main2"), trace);
    }

    /**
     * <pre>
     * async def w(name):
     *     v.set(name); await asyncio.sleep(0); trace.append(f'{name}:{v.get()}')
     *     await asyncio.sleep(0); trace.append(f'{name}:{v.get()}')
     * async def main(): await asyncio.gather(w('a'), w('b')); print(trace, v.get('unset'))
     * # ['a:a', 'b:b', 'a:a', 'b:b'] unset
     * </pre>
     */
    @Test
    void everyStepRunsInItsTasksContext() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(x -> Asyncio.gather(worker("a"), worker("b")))
                .then(x -> {
                    trace.add(V.get("unset"));
                    return null;
                }));
        assertEquals(List.of("a:a", "b:b", "a:a", "b:b", "unset"), trace);
    }

    private Scripted<Object> worker(String name) {
        return new Scripted<>(name)
                .then(y -> {
                    V.set(name);
                    return Asyncio.sleep(0);
                })
                .then(y -> {
                    trace.add(name + ":" + V.get());
                    return Asyncio.sleep(0);
                })
                .then(y -> {
                    trace.add(name + ":" + V.get());
                    return null;
                });
    }

    /**
     * <pre>
     * async def main():
     *     ctx = Context()
     *     async def c(): v.set('in task'); return v.get()
     *     r = await asyncio.create_task(c(), context=ctx)
     *     print(r, ctx[v], v.get('unset'))        # in task in task unset
     * </pre>
     * and, Python 3.12 only ({@code Task.get_context}):
     * <pre>
     *     async def c():
     *         v.set('c'); await asyncio.sleep(0)
     *         try: asyncio.current_task().get_context().run(lambda: None)
     *         except RuntimeError as e: return str(e)[:26]
     *     t = asyncio.create_task(c()); ctx = t.get_context(); r = await t
     *     print(r, ctx[v], t.get_context() is ctx)    # cannot enter context: &lt;_co c True
     * </pre>
     */
    @Test
    void aTaskRunsInTheContextGivenAndShowsItWithGetContext() {
        Context ctx = new Context();
        AtomicReference<Task<Object>> task = new AtomicReference<>();
        Object r = loop.runUntilComplete(new Scripted<>("main")
                .then(x -> Asyncio.createTask(
                        new Scripted<>("c").then(y -> {
                            V.set("in task");
                            return V.get();
                        }),
                        null,
                        ctx))
                .then(x -> {
                    trace.add(x + " " + ctx.get(V) + " " + V.get("unset"));
                    Task<Object> t = Asyncio.createTask(new Scripted<>("c")
                            .then(y -> {
                                V.set("c");
                                return Asyncio.sleep(0);
                            })
                            .then(y -> {
                                try {
                                    Asyncio.currentTask().getContext().run(() -> {});
                                    return "entered twice";
                                } catch (IllegalStateException e) {
                                    return e.getMessage().substring(0, 26);
                                }
                            }));
                    task.set(t);
                    trace.add("before " + (t.getContext().get(V) == null));
                    return t;
                })
                .then(x -> x));
        assertEquals(List.of("in task in task unset", "before true"), trace);
        assertEquals("cannot enter context: <Con", r);
        assertEquals("c", task.get().getContext().get(V));
    }

    /**
     * A step that asks for its still empty context, then sets a variable, keeps one context.
     * <pre>
     * async def c():                                         # Python 3.12
     *     ctx = asyncio.current_task().get_context(); v.set('x'); await asyncio.sleep(0)
     *     return ctx is asyncio.current_task().get_context(), ctx[v]
     * # (True, 'x')
     * </pre>
     */
    @Test
    void getContextInsideTheStepIsTheContextTheStepSetsIn() {
        Context[] seen = new Context[1];
        Object r = loop.runUntilComplete(new Scripted<>("c")
                .then(y -> {
                    seen[0] = Asyncio.currentTask().getContext();
                    V.set("x");
                    return Asyncio.sleep(0);
                })
                .then(y -> (seen[0] == Asyncio.currentTask().getContext()) + " " + seen[0].get(V)));
        assertEquals("true x", r);
    }

    /**
     * <pre>
     * async def main():
     *     loop = asyncio.get_running_loop()
     *     ctx = Context(); ctx.run(v.set, 'ctx')
     *     v.set('task')
     *     loop.call_soon(lambda: trace.append(f'soon {v.get("unset")}'))
     *     loop.call_soon(lambda: trace.append(f'soon ctx {v.get("unset")}'), context=ctx)
     *     loop.call_later(0.01, lambda: trace.append(f'later ctx {v.get("unset")}'), context=ctx)
     *     loop.call_at(loop.time() + 0.02, lambda: trace.append(f'at {v.get("unset")}'))
     *     def setter(): v.set('leak'); trace.append('set leak')
     *     empty = Context()
     *     loop.call_soon(setter, context=empty)
     *     loop.call_soon(lambda: trace.append(f'after {v.get("unset")}'), context=Context())
     *     await asyncio.sleep(0.05)
     *     print(trace, empty[v])
     * # ['soon task', 'soon ctx ctx', 'set leak', 'after unset', 'later ctx ctx', 'at task'] leak
     * </pre>
     * Plus: a callback scheduled with no context from a context with no variable, which sets
     * one, leaves nothing behind for the next callback.
     */
    @Test
    void callbacksRunInTheContextCurrentWhenScheduledOrTheOneGiven() {
        Context empty = new Context();
        loop.runUntilComplete(new Scripted<>("main")
                .then(x -> {
                    Context ctx = new Context();
                    ctx.run(() -> {
                        V.set("ctx");
                    });
                    V.set("task");
                    loop.callSoon(() -> trace.add("soon " + V.get("unset")));
                    loop.callSoon(() -> trace.add("soon ctx " + V.get("unset")), ctx);
                    loop.callLater(0.01, () -> trace.add("later ctx " + V.get("unset")), ctx);
                    loop.callAt(loop.time() + 0.02, () -> trace.add("at " + V.get("unset")));
                    loop.callSoon(
                            () -> {
                                V.set("leak");
                                trace.add("set leak");
                            },
                            empty);
                    loop.callSoon(() -> trace.add("after " + V.get("unset")), new Context());
                    new Context().run(() -> {
                        loop.callSoon(() -> V.set("made by a callback"));
                        loop.callSoon(() -> trace.add("next " + V.get("unset")));
                    });
                    return Asyncio.sleep(0.05);
                })
                .then(x -> null));
        assertEquals(
                List.of(
                        "soon task",
                        "soon ctx ctx",
                        "set leak",
                        "after unset",
                        "next unset",
                        "later ctx ctx",
                        "at task"),
                trace);
        assertEquals("leak", empty.get(V));
    }

    /**
     * <pre>
     * async def main():
     *     v.set('task')
     *     def f(): r = v.get(); v.set('thread'); return r
     *     print(await asyncio.to_thread(f), v.get())        # task task
     * </pre>
     */
    @Test
    void toThreadRunsTheFunctionInACopyOfTheTasksContext() {
        try (Runner runner = new Runner()) {
            Object r = runner.run(new Scripted<>("main")
                    .then(x -> {
                        V.set("task");
                        return Asyncio.toThread(() -> {
                            String seen = V.get();
                            V.set("thread");
                            return seen;
                        });
                    })
                    .then(x -> x + " " + V.get()));
            assertEquals("task task", r);
        }
    }

    /**
     * Python 3.12, with {@code loop.set_task_factory(asyncio.eager_task_factory)}:
     * <pre>
     *     async def c(): trace.append(f'child {v.get()}'); v.set('child'); trace.append(f'child {v.get()}')
     *     v.set('main'); t = asyncio.create_task(c()); trace.append(f'main {v.get()}'); await t
     * # ['child main', 'child child', 'main main']
     * </pre>
     */
    @Test
    void anEagerTaskRunsItsFirstStepInItsOwnCopy() {
        loop.runUntilComplete(new Scripted<>("main")
                .then(x -> {
                    loop.setEagerTasks(true);
                    V.set("main");
                    Task<Object> t = Asyncio.createTask(new Scripted<>("c").then(y -> {
                        trace.add("child " + V.get());
                        V.set("child");
                        trace.add("child " + V.get());
                        return null;
                    }));
                    trace.add("main " + V.get());
                    return t;
                })
                .then(x -> null));
        assertEquals(List.of("child main", "child child", "main main"), trace);
    }

    /**
     * A task created before its loop runs (as {@code asyncio.run} does) starts from the
     * creating thread's context; the loop hides that context from callbacks and gives it back
     * when it stops.
     * <pre>
     * v.set('outside')
     * async def main(): return v.get()
     * print(asyncio.run(main()), v.get())        # outside outside
     * </pre>
     */
    @Test
    void theLoopsThreadContextIsKeptAcrossARun() {
        new Context().run(() -> {
            V.set("outside");
            Object r = loop.runUntilComplete(new Scripted<>("main").then(x -> V.get()));
            assertEquals("outside", r);
            assertEquals("outside", V.get());
        });
    }
}
