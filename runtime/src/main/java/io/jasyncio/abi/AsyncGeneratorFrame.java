package io.jasyncio.abi;

import io.jasyncio.AsyncGenerator;
import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import io.jasyncio.GeneratorExit;
import io.jasyncio.StopAsyncIteration;
import io.jasyncio.StopIteration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Base class of every async generator state machine: the frame of an {@code @Async} method
 * declared to return {@link AsyncGenerator}, whose body both awaits and yields.
 *
 * <p>The generator has no task of its own. Each {@code anext}/{@code asend}/{@code athrow}/
 * {@code aclose} is a small coroutine (a "step") that, when awaited, runs this frame inline as
 * an awaited coroutine would run, with the step as its caller: an await of a pending future
 * inside the generator suspends the whole chain, down to the consuming task, and the task
 * resumes it. {@code Yield.value(v)} suspends this frame on a marker of its own, which tells
 * the engine's resume to hand control back to the step instead of suspending the task; the
 * step then detaches the generator and completes with {@code v}.
 *
 * <p>Calling the method gives the user a thin handle around the frame, never the frame itself:
 * the loop tracks the handle weakly and the frame strongly, so an abandoned generator can still
 * be closed, its {@code finally} blocks run, after its handle was collected.
 *
 * @param <Y> the yield type
 * @param <S> the send type
 */
public abstract class AsyncGeneratorFrame<Y, S> extends Frame<Void> {
    /** The value this frame yielded at its current suspension. */
    Object yielded;
    /** The value {@code advance()} produced last. */
    private Object current;
    /** True while a step is in progress (asyncio's {@code ag_running_async}). */
    private boolean stepping;
    /** Tells the loop the generator finished; null until the first step (the firstiter hook). */
    private Runnable untrack;

    /** Generated subclasses call this from their constructor. */
    protected AsyncGeneratorFrame() {}

    /** The call site of a rewritten async generator method returns this instead of the frame. */
    static AsyncGenerator<?, ?> wrap(AsyncGeneratorFrame<?, ?> frame) {
        return new Handle<>(frame);
    }

    @Override
    protected Throwable leaving(Throwable t) {
        if (t instanceof StopAsyncIteration || t instanceof StopIteration) {
            IllegalStateException e = new IllegalStateException(
                    "async generator raised " + (t instanceof StopIteration ? "StopIteration" : "StopAsyncIteration"));
            e.initCause(t);
            return e;
        }
        return t;
    }

    @Override
    protected String kind() {
        return "async generator";
    }

    @Override
    public String toString() {
        String where = isDone() ? "done" : stepping ? "running" : "suspended";
        return "<async_generator " + getName() + "() " + where + " at " + location() + ">";
    }

    private void finished() {
        Runnable u = untrack;
        if (u != null) {
            u.run();
        }
    }

    /** What the user holds: a view of the frame that the loop can track weakly. */
    static final class Handle<Y, S> implements AsyncGenerator<Y, S> {
        final AsyncGeneratorFrame<Y, S> frame;

        Handle(AsyncGeneratorFrame<Y, S> frame) {
            this.frame = frame;
        }

        @Override
        public Coroutine<Y> anext() {
            return new Step<>(frame, this, Step.ANEXT, null, null, false);
        }

        @Override
        public Coroutine<Y> anext(Y defaultValue) {
            return new Step<>(frame, this, Step.ANEXT, defaultValue, null, true);
        }

        @Override
        public Coroutine<Y> asend(S value) {
            return new Step<>(frame, this, Step.ASEND, value, null, false);
        }

        @Override
        public Coroutine<Y> athrow(Throwable error) {
            if (error == null) {
                throw new NullPointerException("error");
            }
            return new Step<>(frame, this, Step.ATHROW, null, error, false);
        }

        @Override
        public Coroutine<Void> aclose() {
            return new Step<>(frame, this, Step.ACLOSE, null, null, false);
        }

        @Override
        public Coroutine<Boolean> advance() {
            return new Step<>(frame, this, Step.ADVANCE, null, null, false);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Y current() {
            return (Y) frame.current;
        }

        @Override
        public Coroutine<Void> forEach(Function<? super Y, ? extends Awaitable<?>> body) {
            if (body == null) {
                throw new NullPointerException("body");
            }
            return new Loop<>(this, body);
        }

        @Override
        public Coroutine<List<Y>> toList() {
            return new Loop<>(this, null);
        }

        @Override
        public String getName() {
            return frame.getName();
        }

        @Override
        public boolean isDone() {
            return frame.isDone();
        }

        @Override
        public boolean isRunning() {
            return frame.stepping;
        }

        @Override
        public String toString() {
            return frame.toString();
        }
    }

    /**
     * One {@code anext}/{@code asend}/{@code athrow}/{@code aclose}/{@code advance}: runs the
     * generator, as its caller, to its next yield, its end, or an exception.
     */
    static final class Step<T> extends Frame<T> {
        static final byte ANEXT = 0;
        static final byte ASEND = 1;
        static final byte ATHROW = 2;
        static final byte ACLOSE = 3;
        static final byte ADVANCE = 4;

        private final AsyncGeneratorFrame<?, ?> gen;
        /** The user's handle, kept reachable while the step runs; null for a finaliser's close. */
        private final Object handle;

        private final byte op;
        private final Object arg;
        private final Throwable error;
        private final boolean hasDefault;
        private int label;

        Step(AsyncGeneratorFrame<?, ?> gen, Object handle, byte op, Object arg, Throwable error, boolean hasDefault) {
            this.gen = gen;
            this.handle = handle;
            this.op = op;
            this.arg = arg;
            this.error = error;
            this.hasDefault = hasDefault;
        }

        @Override
        protected Object invoke(Object value, Throwable thrown) {
            if (label == 0) {
                label = 1;
                return start();
            }
            // Resumed by the engine once the generator yielded, returned or threw after a
            // suspension; it has detached the generator already.
            if (thrown != null) {
                return failed(thrown);
            }
            return gen.isDone() ? returned() : yielded();
        }

        private Object start() {
            AsyncGeneratorFrame<?, ?> g = gen;
            if (g.stepping) {
                throw new IllegalStateException(opName() + "(): asynchronous generator is already running");
            }
            if (op == ASEND && arg != null && !g.isStarted()) {
                throw new IllegalArgumentException("can't send non-null value to a just-started async generator");
            }
            if (g.isDone()) {
                return op == ATHROW || op == ACLOSE ? null : returned();
            }
            if (!g.isStarted()) {
                if (op == ACLOSE) {
                    Frame.finish(g);
                    g.finished();
                    return null;
                }
                if (op == ATHROW) {
                    // As Python: raised at once, none of the body runs, the generator is done.
                    Frame.finish(g);
                    g.finished();
                    throw Intrinsics.sneaky(error);
                }
            }
            if (g.untrack == null && handle != null) {
                g.untrack = Engine.firstIter(handle, new Handle<>(g));
            }
            g.stepping = true;
            Object r;
            try {
                r = Frame.stepAsCallee(
                        g,
                        this,
                        op == ASEND ? arg : null,
                        op == ATHROW ? error : op == ACLOSE ? new GeneratorExit() : null);
            } catch (Throwable t) {
                return failed(t);
            }
            if (r == SUSPENDED) {
                if (Frame.yieldedAsync(g)) {
                    return yielded();
                }
                suspendOn(g);
                return SUSPENDED;
            }
            return returned();
        }

        private Object yielded() {
            AsyncGeneratorFrame<?, ?> g = gen;
            g.stepping = false;
            Object v = g.yielded;
            g.yielded = null;
            if (op == ACLOSE) {
                throw new IllegalStateException("async generator ignored GeneratorExit");
            }
            if (op == ADVANCE) {
                g.current = v;
                return Boolean.TRUE;
            }
            return v;
        }

        private Object returned() {
            gen.stepping = false;
            gen.finished();
            if (op == ACLOSE) {
                return null;
            }
            if (op == ADVANCE) {
                gen.current = null;
                return Boolean.FALSE;
            }
            if (hasDefault) {
                return arg;
            }
            throw new StopAsyncIteration();
        }

        private Object failed(Throwable t) {
            gen.stepping = false;
            if (gen.isDone()) {
                gen.finished();
            }
            if (op == ACLOSE && t instanceof GeneratorExit) {
                return null;
            }
            throw Intrinsics.sneaky(t);
        }

        private String opName() {
            return op == ATHROW ? "athrow" : op == ACLOSE ? "aclose" : "anext";
        }

        @Override
        public String getName() {
            return gen.getName() + "." + (op == ASEND ? "asend" : op == ADVANCE ? "advance" : opName());
        }

        @Override
        protected String sourceFile() {
            return gen.sourceFile();
        }

        @Override
        protected int currentLine() {
            return gen.isStarted() && !gen.isDone() ? gen.currentLine() : -1;
        }
    }

    /** {@code forEach} and {@code toList}: {@code async for} over the generator. */
    static final class Loop<Y, R> extends Frame<R> {
        private static final Object END = new Object();

        private final Handle<Y, ?> handle;
        private final Function<? super Y, ? extends Awaitable<?>> body;
        private final List<Y> out;
        private int label;

        Loop(Handle<Y, ?> handle, Function<? super Y, ? extends Awaitable<?>> body) {
            this.handle = handle;
            this.body = body;
            this.out = body == null ? new ArrayList<>() : null;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Object invoke(Object value, Throwable error) {
            if (error != null) {
                throw Intrinsics.sneaky(error);
            }
            while (true) {
                if (label == 0) {
                    label = 1;
                    value = Intrinsics.await(new Step<>(handle.frame, handle, Step.ANEXT, END, null, true), this);
                    if (value == SUSPENDED) {
                        return SUSPENDED;
                    }
                }
                if (label == 1) {
                    if (value == END) {
                        return out;
                    }
                    if (body == null) {
                        out.add((Y) value);
                        label = 0;
                        continue;
                    }
                    label = 2;
                    Awaitable<?> a = body.apply((Y) value);
                    if (a != null && Intrinsics.await(a, this) == SUSPENDED) {
                        return SUSPENDED;
                    }
                }
                label = 0;
            }
        }

        @Override
        public String getName() {
            return handle.getName() + "." + (body == null ? "toList" : "forEach");
        }

        @Override
        protected String sourceFile() {
            return handle.frame.sourceFile();
        }

        @Override
        protected int currentLine() {
            return -1;
        }
    }
}
