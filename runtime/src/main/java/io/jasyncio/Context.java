package io.jasyncio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A mapping of {@link ContextVar}s to their values, in which code runs: every thread has a
 * current context, every {@link Task} runs each of its steps in its own, and every callback
 * scheduled on a loop runs in the context that was current when it was scheduled (or the one
 * given).
 *
 * <p>Seen from outside, a context is a read-only mapping. Only {@link ContextVar#set} and
 * {@link ContextVar#reset} change it, and only while it is the current context (inside
 * {@link #run}, or as the context of the running task). {@link #copyContext()} and {@link
 * #copy()} are O(1): the values live in an immutable map that a copy shares until one side sets
 * a variable.
 *
 * <p>A context may be entered by one {@code run} at a time, in any thread; the rest of it may
 * be read from any thread.
 *
 * @apiNote Mirrors {@code contextvars.Context}. The mapping methods are Java's names for Python's:
 *     {@code ctx[var]} and {@code ctx.get(var)} are {@link #get(ContextVar)}, {@code var in ctx}
 *     is {@link #containsKey(ContextVar)}, {@code len(ctx)} is {@link #size()}, {@code
 *     ctx.items()} is {@link #toMap()}.
 */
public final class Context {
    /** The values: an immutable map, replaced (never changed) by {@code set} and {@code reset}. */
    VarMap data;

    /** Whether some {@link #run} (or a task step) has this context entered right now. */
    boolean entered;

    /** The context that was current when this one was entered. */
    private Context previous;

    /**
     * Creates an empty context.
     *
     * @apiNote Mirrors {@code contextvars.Context()}.
     */
    public Context() {
        this(VarMap.EMPTY);
    }

    Context(VarMap data) {
        this.data = data;
    }

    /**
     * A copy of the current thread's current context (inside a task, the task's context).
     *
     * @return a new context with the same values; O(1)
     * @apiNote Mirrors {@code contextvars.copy_context()}.
     */
    public static Context copyContext() {
        Context c = ThreadState.get().context;
        return new Context(c == null ? VarMap.EMPTY : c.data);
    }

    /**
     * A copy of this context.
     *
     * @return a new context with the same values; O(1)
     * @apiNote Mirrors {@code Context.copy()}.
     */
    public Context copy() {
        return new Context(data);
    }

    /**
     * What a new task or callback runs in: a copy of the current context, or null (an empty
     * context made when first needed) when the current one is empty, so that code that uses no
     * context variable allocates no context.
     */
    static Context capture(ThreadState state) {
        Context c = state.context;
        return c == null || c.data.isEmpty() ? null : new Context(c.data);
    }

    /**
     * Runs {@code action} with this context as the current context of this thread: the
     * variables it sets are set in this context, and the previous context is current again
     * afterwards, whatever {@code action} throws.
     *
     * @param action what to run
     * @throws IllegalStateException if this context is already entered, here or in another
     *     thread ("cannot enter context: ... is already entered")
     * @throws NullPointerException if {@code action} is null
     * @apiNote Mirrors {@code Context.run(callable)}, whose {@code RuntimeError} is
     *     {@code IllegalStateException} here; exceptions of {@code action} propagate as they are.
     */
    public void run(Runnable action) {
        if (action == null) {
            throw new NullPointerException("action");
        }
        ThreadState state = ThreadState.get();
        enter(state);
        try {
            action.run();
        } finally {
            exit(state);
        }
    }

    /**
     * Calls {@code action} with this context as the current context of this thread, and returns
     * what it returns; see {@link #run(Runnable)}.
     *
     * @param action what to call
     * @param <R> the result type
     * @return the result of {@code action}
     * @throws IllegalStateException if this context is already entered
     * @throws NullPointerException if {@code action} is null
     * @apiNote Mirrors {@code Context.run(callable)}.
     */
    public <R> R run(Supplier<R> action) {
        if (action == null) {
            throw new NullPointerException("action");
        }
        ThreadState state = ThreadState.get();
        enter(state);
        try {
            return action.get();
        } finally {
            exit(state);
        }
    }

    /** {@link #run(Supplier)} for a {@link Callable}, whose checked exception leaves as it is. */
    <R> R call(Callable<R> action) throws Exception {
        ThreadState state = ThreadState.get();
        enter(state);
        try {
            return action.call();
        } finally {
            exit(state);
        }
    }

    private void enter(ThreadState state) {
        if (entered) {
            throw alreadyEntered();
        }
        entered = true;
        previous = state.context;
        state.context = this;
    }

    private void exit(ThreadState state) {
        state.context = previous;
        previous = null;
        entered = false;
    }

    IllegalStateException alreadyEntered() {
        return new IllegalStateException("cannot enter context: " + this + " is already entered");
    }

    /**
     * The value of {@code var} in this context.
     *
     * @param var the variable
     * @param <T> the variable's type
     * @return its value, or null if it has none here (its default does not count)
     * @throws NullPointerException if {@code var} is null
     * @apiNote Mirrors {@code ctx.get(var)}; {@code ctx[var]}, which raises {@code KeyError}
     *     for a missing variable, is this after {@link #containsKey}.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var) {
        Object v = data.get(java.util.Objects.requireNonNull(var, "var"));
        return v == VarMap.ABSENT ? null : (T) v;
    }

    /**
     * The value of {@code var} in this context, or {@code defaultValue}.
     *
     * @param var the variable
     * @param defaultValue what to return if {@code var} has no value here
     * @param <T> the variable's type
     * @return the value, or {@code defaultValue}
     * @throws NullPointerException if {@code var} is null
     * @apiNote Mirrors {@code ctx.get(var, default)}.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var, T defaultValue) {
        Object v = data.get(java.util.Objects.requireNonNull(var, "var"));
        return v == VarMap.ABSENT ? defaultValue : (T) v;
    }

    /**
     * Tells whether {@code var} has a value in this context.
     *
     * @param var the variable
     * @return true if it was set here (or in the context this one was copied from)
     * @apiNote Mirrors {@code var in ctx}.
     */
    public boolean containsKey(ContextVar<?> var) {
        return data.get(var) != VarMap.ABSENT;
    }

    /**
     * How many variables have a value in this context.
     *
     * @return the count
     * @apiNote Mirrors {@code len(ctx)}.
     */
    public int size() {
        return data.size();
    }

    /**
     * The variables and their values, as a snapshot that later changes to this context do not
     * affect.
     *
     * @return an unmodifiable map, in the order the variables were first set
     * @apiNote Mirrors {@code dict(ctx.items())}.
     */
    public Map<ContextVar<?>, Object> toMap() {
        VarMap d = data;
        Map<ContextVar<?>, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < d.size(); i++) {
            m.put(d.key(i), d.value(i));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Describes the context as Python's repr does: {@code <Context object at 0x1b6d3586>}, with
     * the identity hash code for the address.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "<Context object at 0x" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
