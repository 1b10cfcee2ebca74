package io.jasyncio;

/**
 * A context variable: a value per {@link Context}, so that each task (and each callback) sees
 * its own. A task starts with a copy of the context current where it was created, so a value
 * set before {@code createTask} is seen by the task, and a value the task sets is not seen by
 * its creator.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id");
 *
 * @Async static Coroutine<Void> handle(String id) {
 *     REQUEST_ID.set(id);            // this task's context only
 *     await(log("start"));           // log() reads REQUEST_ID.get()
 *     return done();
 * }
 * }</pre>
 *
 * <p>Create variables once, in static fields: a context holds its variables strongly, and
 * lookups are by identity.
 *
 * @param <T> the type of the value
 * @apiNote Mirrors {@code contextvars.ContextVar}. Python's {@code LookupError} for a variable
 *     with no value and no default is {@link java.util.NoSuchElementException} here.
 */
public final class ContextVar<T> {
    private final String name;
    private final boolean hasDefault;
    private final T defaultValue;

    /**
     * Creates a variable with no default: {@link #get()} throws until it is set.
     *
     * @param name the name, for messages
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code ContextVar(name)}.
     */
    public ContextVar(String name) {
        this(name, false, null);
    }

    /**
     * Creates a variable with a default, which {@link #get()} returns in a context where the
     * variable has no value.
     *
     * @param name the name, for messages
     * @param defaultValue the default (null is a default too)
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code ContextVar(name, default=defaultValue)}.
     */
    public ContextVar(String name, T defaultValue) {
        this(name, true, defaultValue);
    }

    private ContextVar(String name, boolean hasDefault, T defaultValue) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        this.name = name;
        this.hasDefault = hasDefault;
        this.defaultValue = defaultValue;
    }

    /**
     * The variable's name.
     *
     * @return the name given at creation
     * @apiNote Mirrors {@code ContextVar.name}.
     */
    public String getName() {
        return name;
    }

    /**
     * The variable's value in the current context, else its default.
     *
     * @return the value
     * @throws java.util.NoSuchElementException if it has no value here and no default
     * @apiNote Mirrors {@code ContextVar.get()}, whose {@code LookupError} this is.
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = lookup();
        if (v != VarMap.ABSENT) {
            return (T) v;
        }
        if (hasDefault) {
            return defaultValue;
        }
        throw new java.util.NoSuchElementException(toString());
    }

    /**
     * The variable's value in the current context, else {@code defaultValue} (which wins over
     * the variable's own default).
     *
     * @param defaultValue what to return if the variable has no value here
     * @return the value, or {@code defaultValue}
     * @apiNote Mirrors {@code ContextVar.get(default)}.
     */
    @SuppressWarnings("unchecked")
    public T get(T defaultValue) {
        Object v = lookup();
        return v != VarMap.ABSENT ? (T) v : defaultValue;
    }

    private Object lookup() {
        Context c = ThreadState.get().context;
        return c == null ? VarMap.ABSENT : c.data.get(this);
    }

    /**
     * Sets the variable's value in the current context (inside a task, the task's own).
     *
     * @param value the new value (null is a value)
     * @return a token with which {@link #reset} restores the previous value
     * @apiNote Mirrors {@code ContextVar.set(value)}.
     */
    public Token<T> set(T value) {
        Context c = current();
        Object old = c.data.get(this);
        c.data = c.data.with(this, value);
        return new Token<>(c, this, old == VarMap.ABSENT ? Token.MISSING : old);
    }

    /**
     * The current context, made now if this thread, task or callback has had only an empty
     * one so far. On a loop's thread it is what the task step or callback runs in; the step
     * keeps it for the task's later steps.
     */
    private static Context current() {
        ThreadState state = ThreadState.get();
        Context c = state.context;
        if (c == null) {
            c = new Context();
            // Inside a loop this is a task's or a callback's context, entered for its run;
            // outside, the thread's own, which nobody enters.
            c.entered = state.runningLoop != null;
            state.context = c;
        }
        return c;
    }

    /**
     * Restores the value the variable had in the current context before the {@link #set} that
     * returned {@code token}: the previous value, or no value.
     *
     * @param token what {@code set} returned
     * @throws IllegalStateException if the token was used already ("... has already been used
     *     once")
     * @throws IllegalArgumentException if the token was made by another variable ("... was
     *     created by a different ContextVar") or in another context ("... was created in a
     *     different Context")
     * @throws NullPointerException if {@code token} is null
     * @apiNote Mirrors {@code ContextVar.reset(token)}; Python's {@code RuntimeError} and
     *     {@code ValueError} are {@code IllegalStateException} and {@code
     *     IllegalArgumentException}.
     */
    public void reset(Token<T> token) {
        if (token == null) {
            throw new NullPointerException("token");
        }
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        Context c = ThreadState.get().context;
        if (c != token.context) {
            throw new IllegalArgumentException(token + " was created in a different Context");
        }
        token.used = true;
        c.data = token.oldValue == Token.MISSING ? c.data.without(this) : c.data.with(this, token.oldValue);
    }

    /**
     * Describes the variable as Python's repr does: {@code <ContextVar name='request_id'
     * default='-' at 0x1b6d3586>}, with the identity hash code for the address.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (hasDefault ? " default=" + repr(defaultValue) : "") + " at 0x"
                + Integer.toHexString(System.identityHashCode(this)) + ">";
    }

    private static String repr(Object o) {
        return o instanceof String s ? "'" + s + "'" : String.valueOf(o);
    }

    /**
     * What {@link ContextVar#set} returns: the variable, the value it replaced, and the context
     * it was set in, for {@link ContextVar#reset}. A token can be used once.
     *
     * @param <T> the variable's type
     * @apiNote Mirrors {@code contextvars.Token}.
     */
    public static final class Token<T> {
        /**
         * What {@link #getOldValue()} returns when the variable had no value before the set.
         *
         * @apiNote Mirrors {@code Token.MISSING}.
         */
        public static final Object MISSING = new Object() {
            @Override
            public String toString() {
                return "<Token.MISSING>";
            }
        };

        private final Context context;
        private final ContextVar<T> var;
        private final Object oldValue;
        private boolean used;

        Token(Context context, ContextVar<T> var, Object oldValue) {
            this.context = context;
            this.var = var;
            this.oldValue = oldValue;
        }

        /**
         * The variable that made this token.
         *
         * @return the variable
         * @apiNote Mirrors {@code Token.var}.
         */
        public ContextVar<T> getVar() {
            return var;
        }

        /**
         * The value the variable had before the set that made this token.
         *
         * @return the value, or {@link #MISSING} if it had none
         * @apiNote Mirrors {@code Token.old_value}.
         */
        public Object getOldValue() {
            return oldValue;
        }

        /**
         * Describes the token as Python's repr does: {@code <Token var=<ContextVar name='v' at
         * 0x...> at 0x...>}, with {@code used} after {@code Token} once it was used.
         *
         * @return the description
         */
        @Override
        public String toString() {
            return "<Token" + (used ? " used" : "") + " var=" + var + " at 0x"
                    + Integer.toHexString(System.identityHashCode(this)) + ">";
        }
    }
}
