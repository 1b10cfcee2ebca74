package io.jasyncio.agent.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Test support for the shape tests: awaitable values that are either ready at once or
 * delivered by the loop one iteration later, and a runner that runs a coroutine both ways and
 * checks that both runs agree. A coroutine under test must behave exactly as it would if every
 * await returned its value at once; the "ready" run is that reference.
 */
public final class Awaited {
    private static boolean suspend;
    private static int suspensions;
    private static final List<String> TRACE = new ArrayList<>();

    private Awaited() {}

    /**
     * An awaitable of {@code value}: done already, or completed by the loop on its next
     * iteration, depending on the run.
     *
     * @param value the value
     * @param <T> its type
     * @return a future
     */
    public static <T> Future<T> v(T value) {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<T> f = loop.createFuture();
        if (suspend) {
            suspensions++;
            loop.callSoon(() -> f.setResult(value));
        } else {
            f.setResult(value);
        }
        return f;
    }

    /**
     * An awaitable that fails with {@code error}, at once or one loop iteration later.
     *
     * @param error the exception
     * @param <T> the nominal value type
     * @return a future
     */
    public static <T> Future<T> fail(Throwable error) {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<T> f = loop.createFuture();
        if (suspend) {
            suspensions++;
            loop.callSoon(() -> f.setException(error));
        } else {
            f.setException(error);
        }
        return f;
    }

    /**
     * Records an event in the trace both runs must agree on.
     *
     * @param event what happened
     */
    public static void log(Object event) {
        TRACE.add(String.valueOf(event));
    }

    /**
     * What one run produced: a value or an exception, and the trace.
     *
     * @param value the result, or null
     * @param error the exception, or null
     * @param trace the events logged
     * @param suspensions how many awaited values arrived later (0 in the reference run)
     */
    public record Outcome(Object value, Throwable error, List<String> trace, int suspensions) {
        String describe() {
            return error != null ? "threw " + error : "returned " + value;
        }
    }

    /**
     * Runs the coroutine made by {@code make} twice, once with every awaited value ready and once
     * with every awaited value arriving later, and checks that both runs return (or throw) the
     * same and log the same.
     *
     * @param make creates a fresh coroutine for each run
     * @return the outcome of the run that really suspended
     */
    public static Outcome runBoth(Supplier<Coroutine<?>> make) {
        Outcome ready = runOnce(make, false);
        Outcome suspended = runOnce(make, true);
        assertEquals(ready.describe(), suspended.describe(), "the suspending run differs from the reference run");
        assertEquals(ready.trace(), suspended.trace(), "the suspending run logged differently");
        return suspended;
    }

    /**
     * Runs the coroutine twice like {@link #runBoth} and returns its value, failing if it threw.
     *
     * @param make creates a fresh coroutine for each run
     * @return the value
     */
    public static Object valueOfBoth(Supplier<Coroutine<?>> make) {
        Outcome o = runBoth(make);
        if (o.error() != null) {
            throw new AssertionError("expected a value, got " + o.error(), o.error());
        }
        assertTrue(o.suspensions() > 0, "the suspending run never suspended");
        return o.value();
    }

    /**
     * Runs the coroutine made by {@code make} once, with awaited values ready or arriving later.
     *
     * @param make creates the coroutine
     * @param suspending whether awaited values arrive one loop iteration later
     * @return the outcome
     */
    public static Outcome runOnce(Supplier<Coroutine<?>> make, boolean suspending) {
        suspend = suspending;
        suspensions = 0;
        TRACE.clear();
        Object value = null;
        Throwable error = null;
        try {
            value = Asyncio.run(make.get());
        } catch (Throwable t) {
            error = t;
        } finally {
            suspend = false;
        }
        return new Outcome(value, error, List.copyOf(TRACE), suspensions);
    }
}
