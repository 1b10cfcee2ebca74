package io.jasyncio.agent.fuzz;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Generator;
import io.jasyncio.StopIteration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the generated programs call, in both variants: the trace ({@link #log}), the awaited
 * values ({@link #v} in the coroutine variant, {@link #plain} in the plain one), futures that fail
 * ({@link #failIf} / {@link #plainFailIf}) and the recursion budget ({@link #enter}).
 *
 * <p>Loaded once, by the test's class loader, and shared by every program's class loaders. Its
 * state is per thread (so that programs may run on several threads) and {@link #reset} before each
 * run. Whether {@link #v} hands back a done future or one the loop completes an iteration later is
 * drawn from a random seeded by {@link #reset}; that choice must never change what a program does,
 * which is the property the fuzzer checks.
 */
public final class Env {
    /** Deepest recursion between the generated coroutines ({@code depth} starts at 0). */
    public static final int MAX_DEPTH = 4;
    /** Most coroutine bodies one run may enter; later calls return their default at once. */
    public static final int MAX_CALLS = 24;
    /** A run that logs more than this is cut short: a bug that loops forever still terminates. */
    public static final int MAX_TRACE = 20_000;
    /**
     * A coroutine run still going after this many seconds is stopped (its loop then fails with
     * "Event loop stopped before Future completed"): a bug that loses a wake-up still terminates.
     */
    public static final double WATCHDOG_SECONDS = 10;

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private Env() {}

    private static final class State {
        List<String> trace = new ArrayList<>();
        SplittableRandom schedule = new SplittableRandom(0);
        double suspendProbability;
        int calls;
        int awaits;
        int suspended;
        boolean watchdog;
        List<Throwable> caught = new ArrayList<>();
    }

    /** Thrown (as an {@link Error}, so no generated {@code catch} swallows it) when a run logs too much. */
    public static final class TraceOverflow extends Error {
        private static final long serialVersionUID = 1L;

        TraceOverflow() {
            super("the trace grew past " + MAX_TRACE + " events");
        }
    }

    /**
     * What one run left behind.
     *
     * @param trace the events logged, in order
     * @param awaits how many values were awaited through {@link #v} or {@link #failIf}
     * @param suspended how many of them arrived one loop iteration later
     * @param caught the exceptions the program caught, with their stack traces, for the report
     */
    public record Record(List<String> trace, int awaits, int suspended, List<Throwable> caught) {}

    /**
     * Starts a run.
     *
     * @param scheduleSeed seeds the choice between ready and pending futures
     * @param suspendProbability how likely each awaited future is to be pending
     */
    public static void reset(long scheduleSeed, double suspendProbability) {
        State s = new State();
        s.schedule = new SplittableRandom(scheduleSeed);
        s.suspendProbability = suspendProbability;
        STATE.set(s);
    }

    /**
     * Ends a run and returns what it logged.
     *
     * @return the record
     */
    public static Record finish() {
        State s = STATE.get();
        STATE.remove();
        return new Record(List.copyOf(s.trace), s.awaits, s.suspended, List.copyOf(s.caught));
    }

    /**
     * Appends an event to the trace.
     *
     * @param event what happened
     */
    public static void log(Object event) {
        List<String> trace = STATE.get().trace;
        if (trace.size() >= MAX_TRACE) {
            throw new TraceOverflow();
        }
        trace.add(show(event));
    }

    /**
     * What a generated {@code catch} logs of its exception: simple class name and message. The
     * exception itself is kept (not compared) so that a report can show where it came from.
     *
     * @param t the exception caught
     * @return its simple class name and message
     */
    public static String caught(Throwable t) {
        STATE.get().caught.add(t);
        return t.getClass().getSimpleName() + " " + t.getMessage();
    }

    /**
     * Called first by every generated coroutine: whether it may run (depth and budget left) or must
     * return its default value at once.
     *
     * @param name the method
     * @param depth its recursion depth
     * @return true if the body may run
     */
    public static boolean enter(String name, int depth) {
        State s = STATE.get();
        if (depth > MAX_DEPTH || s.calls >= MAX_CALLS) {
            log("skip " + name + " " + depth);
            return false;
        }
        s.calls++;
        return true;
    }

    /**
     * The awaitable of {@code value} in the coroutine variant: a done future, or one the loop
     * completes on its next iteration.
     *
     * @param value the value
     * @param <T> its type
     * @return the future
     */
    public static <T> Future<T> v(T value) {
        log("v " + show(value));
        return settle(value, null);
    }

    /**
     * The plain variant's {@link #v}: the value itself, logged the same way.
     *
     * @param value the value
     * @param <T> its type
     * @return {@code value}
     */
    public static <T> T plain(T value) {
        log("v " + show(value));
        STATE.get().awaits++;
        return value;
    }

    /**
     * A future of {@code value}, or one failing with {@code error} when {@code fail} is true (done
     * at once or an iteration later, like {@link #v}).
     *
     * @param fail whether the future fails
     * @param value the value otherwise
     * @param error the exception, checked or not
     * @param <T> the value's type
     * @return the future
     */
    public static <T> Future<T> failIf(boolean fail, T value, Throwable error) {
        log(fail ? "v! " + error.getMessage() : "v " + show(value));
        return settle(value, fail ? error : null);
    }

    /**
     * The plain variant's {@link #failIf}: returns {@code value} or throws {@code error}.
     *
     * @param fail whether to throw
     * @param value the value otherwise
     * @param error the exception, thrown as it is even when checked
     * @param <T> the value's type
     * @return {@code value}
     */
    public static <T> T plainFailIf(boolean fail, T value, Throwable error) {
        log(fail ? "v! " + error.getMessage() : "v " + show(value));
        STATE.get().awaits++;
        if (fail) {
            throw Env.<RuntimeException>sneaky(error);
        }
        return value;
    }

    /**
     * The plain variant's {@code await(m(...))} of another generated method: the value itself,
     * through a generic identity so that both variants type the same (a generic method's result in
     * a conditional makes it a reference conditional, in both).
     *
     * @param value what the plain twin returned
     * @param <T> its type
     * @return {@code value}
     */
    public static <T> T direct(T value) {
        return value;
    }

    // ------------------------------------------------------------------ generators

    /** Values the coroutine variants' consumers received from generators, in all runs. */
    static final AtomicLong YIELDS = new AtomicLong();

    /**
     * The consumer's side of a yield, in the coroutine variant: logs the value, as
     * {@link #yielded} logs it in the plain one.
     *
     * @param v the value yielded
     */
    public static void consumed(Object v) {
        YIELDS.incrementAndGet();
        log("yield " + show(v));
    }

    /**
     * What the consumer does with a yielded value: throws this into the generator at its yield,
     * or null to send {@link #reply} back. A function of the value alone, so that both variants
     * decide alike.
     *
     * @param v the value yielded
     * @return the exception to throw in, or null
     */
    public static RuntimeException injected(Object v) {
        String s = show(v);
        return Math.floorMod(s.hashCode(), 5) == 0 ? new Oops("thrown in at " + s) : null;
    }

    /**
     * What the consumer sends back for a yielded value.
     *
     * @param v the value yielded
     * @return the value sent
     */
    public static String reply(Object v) {
        return "re:" + show(v);
    }

    /**
     * The plain twin of {@code Yield.value(v)}: what the generator sees when its consumer
     * ({@link #drive}, or a program's {@code adrive}) gets {@code v}: the exception thrown in, or
     * the value sent back.
     *
     * @param v the value yielded
     * @return the value sent back
     */
    public static String yielded(Object v) {
        log("yield " + show(v));
        RuntimeException t = injected(v);
        if (t != null) {
            throw t;
        }
        return reply(v);
    }

    /**
     * Drives a generator to its end, as the coroutine variant's consumer: each value is logged,
     * then answered with an exception thrown in or a reply sent; the generator's plain twin is a
     * method that calls {@link #yielded} instead and returns the same value.
     *
     * @param g the generator
     * @param <R> its return type
     * @return its return value
     */
    @SuppressWarnings("unchecked")
    public static <R> R drive(Generator<Object, String, R> g) {
        Object v;
        try {
            v = g.next();
        } catch (StopIteration end) {
            return (R) end.value();
        }
        while (true) {
            consumed(v);
            RuntimeException t = injected(v);
            try {
                v = t != null ? g.throwInto(t) : g.send(reply(v));
            } catch (StopIteration end) {
                return (R) end.value();
            }
        }
    }

    private static <T> Future<T> settle(T value, Throwable error) {
        State s = STATE.get();
        s.awaits++;
        EventLoop loop = Asyncio.getRunningLoop();
        if (!s.watchdog) {
            s.watchdog = true;
            loop.callLater(WATCHDOG_SECONDS, loop::stop);
        }
        Future<T> f = loop.createFuture();
        Runnable complete = () -> {
            if (error != null) {
                f.setException(error);
            } else {
                f.setResult(value);
            }
        };
        if (s.schedule.nextDouble() < s.suspendProbability) {
            s.suspended++;
            loop.callSoon(complete);
        } else {
            complete.run();
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /**
     * {@link #show}, for the generated code: one method, not {@code String.valueOf}'s nine
     * overloads, each of which javac would try against every nested generic argument.
     *
     * @param o the value
     * @return its text
     */
    public static String str(Object o) {
        return show(o);
    }

    /**
     * {@link Math#floorMod(int, int)}, not overloaded (see {@link #str}).
     *
     * @param x the dividend
     * @param m the divisor, never 0 in generated code
     * @return {@code x} modulo {@code m}, with the sign of {@code m}
     */
    public static int mod(int x, int m) {
        return Math.floorMod(x, m);
    }

    /**
     * An unmodifiable list of the values, like {@code List.of} but not overloaded (see {@link #str}).
     *
     * @param xs the values
     * @return the list
     */
    public static List<Integer> ints(int... xs) {
        List<Integer> list = new ArrayList<>(xs.length);
        for (int x : xs) {
            list.add(x);
        }
        return Collections.unmodifiableList(list);
    }

    /** The unchecked exception of the generated programs. */
    public static final class Oops extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message its message, compared between the runs
         */
        public Oops(String message) {
            super(message);
        }
    }

    /** A resource that logs its opening and closing, and may fail to close. */
    public static final class Res implements AutoCloseable {
        private final String name;
        private final boolean failOnClose;

        /**
         * Opens a resource that closes normally.
         *
         * @param name its name in the trace
         */
        public Res(String name) {
            this(name, false);
        }

        /**
         * Opens a resource.
         *
         * @param name its name in the trace
         * @param failOnClose whether {@link #close} throws {@link Oops}
         */
        public Res(String name, boolean failOnClose) {
            this.name = name;
            this.failOnClose = failOnClose;
            log("open " + name);
        }

        /**
         * Opens a resource named after {@code x}, failing on close when {@code x % 4 == 3}.
         *
         * @param name the name's prefix
         * @param x its suffix
         * @return the resource
         */
        public static Res open(String name, int x) {
            return new Res(name + x, x % 4 == 3);
        }

        @Override
        public void close() {
            log("close " + name);
            if (failOnClose) {
                throw new Oops("close " + name);
            }
        }

        @Override
        public String toString() {
            return "Res(" + name + ")";
        }
    }

    /** An object with fields for the generated programs to store into. */
    public static final class Box {
        /** An int field. */
        public int i;
        /** A long field. */
        public long j;
        /** A double field. */
        public double d;
        /** A reference field. */
        public String s;

        /**
         * Creates a box.
         *
         * @param i its int
         */
        public Box(int i) {
            this.i = i;
            this.s = "b" + i;
        }

        /**
         * Creates a box through a factory (awaits in its arguments are not in {@code new}'s).
         *
         * @param i its int
         * @param s its string
         * @return the box
         */
        public static Box of(int i, String s) {
            Box b = new Box(i);
            b.s = s;
            return b;
        }

        @Override
        public String toString() {
            return "Box(" + i + "," + j + "," + d + "," + s + ")";
        }
    }

    /**
     * A call with int arguments: {@code f(a, await(x), b)}.
     *
     * @param a first
     * @param b second
     * @param c third
     * @return a mix of them
     */
    public static int mixI(int a, int b, int c) {
        log("mixI " + a + " " + b + " " + c);
        return a * 31 + b * 7 - c;
    }

    /**
     * A call with long arguments (two stack slots each under an await).
     *
     * @param a first
     * @param b second
     * @param c third
     * @return a mix of them
     */
    public static long mixJ(long a, int b, long c) {
        log("mixJ " + a + " " + b + " " + c);
        return a * 3 + b - c * 5;
    }

    /**
     * A call with double and float arguments.
     *
     * @param a first
     * @param b second
     * @param c third
     * @return a mix of them
     */
    public static double mixD(double a, float b, double c) {
        log("mixD " + a + " " + b + " " + c);
        return a * 0.5 + b - c;
    }

    /**
     * A call with String arguments.
     *
     * @param a first
     * @param b second
     * @param c third
     * @return them joined
     */
    public static String cat(String a, int b, String c) {
        log("cat " + a + " " + b + " " + c);
        return a + "|" + b + "|" + c;
    }

    /**
     * A deterministic rendering of a value: arrays by content, everything else by
     * {@code String.valueOf} (the generated classes' {@code toString}s are deterministic).
     *
     * @param o the value
     * @return its text
     */
    public static String show(Object o) {
        if (o instanceof int[]) {
            return Arrays.toString((int[]) o);
        }
        if (o instanceof Object[]) {
            return Arrays.toString((Object[]) o);
        }
        return String.valueOf(o);
    }
}
