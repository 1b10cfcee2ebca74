package io.jasyncio;

import java.util.Arrays;

/**
 * The immutable map behind a {@link Context}: variables and values in one array, alternating,
 * looked up by identity. A copy of a context shares it; setting a variable makes a new one.
 *
 * <p>CPython uses a HAMT, whose lookups and updates are O(log n). Programs set a handful of
 * variables (a request id, a deadline, a locale), and for those a linear scan of one short
 * array beats walking a trie and allocates a single array per update. Past a few dozen
 * variables a set costs a copy of them all; a program with hundreds of live variables would
 * want the HAMT.
 */
final class VarMap {
    static final VarMap EMPTY = new VarMap(new Object[0]);

    /** What {@link #get} answers for a variable with no value. */
    static final Object ABSENT = new Object();

    /** {@code [var0, value0, var1, value1, ...]}; never changed once published. */
    private final Object[] entries;

    private VarMap(Object[] entries) {
        this.entries = entries;
    }

    boolean isEmpty() {
        return entries.length == 0;
    }

    int size() {
        return entries.length >> 1;
    }

    ContextVar<?> key(int i) {
        return (ContextVar<?>) entries[2 * i];
    }

    Object value(int i) {
        return entries[2 * i + 1];
    }

    Object get(ContextVar<?> var) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == var) {
                return e[i + 1];
            }
        }
        return ABSENT;
    }

    VarMap with(ContextVar<?> var, Object value) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == var) {
                if (e[i + 1] == value) {
                    return this;
                }
                Object[] copy = e.clone();
                copy[i + 1] = value;
                return new VarMap(copy);
            }
        }
        Object[] copy = Arrays.copyOf(e, e.length + 2);
        copy[e.length] = var;
        copy[e.length + 1] = value;
        return new VarMap(copy);
    }

    VarMap without(ContextVar<?> var) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == var) {
                if (e.length == 2) {
                    return EMPTY;
                }
                Object[] copy = new Object[e.length - 2];
                System.arraycopy(e, 0, copy, 0, i);
                System.arraycopy(e, i + 2, copy, i, e.length - i - 2);
                return new VarMap(copy);
            }
        }
        return this;
    }
}
