package io.jasyncio.checker;

import com.sun.source.util.TreePath;

/**
 * One piece of code that becomes one JVM method: a method's or a lambda's body, or the code
 * javac gathers into a constructor ({@code <init>}: constructors, instance initialisers, field
 * initialisers) or the static initialiser ({@code <clinit>}). The agent decides per JVM method
 * whether to rewrite it, so the checker decides per body, and an {@code await} belongs to the
 * innermost body around it: a lambda inside a coroutine is its own body.
 */
final class Body {
    /** What the agent makes of a body. */
    enum Kind {
        /** An {@code @Async} method or a lambda returning {@code Coroutine} that awaits or returns {@code done}. */
        COROUTINE,
        /** A {@code @GeneratorCoroutine} method: a coroutine that may also wait with {@code Yield.from(awaitable)}. */
        OLD_STYLE_COROUTINE,
        /** A method or lambda returning {@code Generator} that uses {@code Yield}. */
        GENERATOR,
        /** An {@code @Async} method returning {@code AsyncGenerator}. */
        ASYNC_GENERATOR,
        /** A method the agent leaves alone. */
        PLAIN_METHOD,
        /** A lambda the agent leaves alone. */
        PLAIN_LAMBDA,
        /** Code in {@code <init>}. */
        CONSTRUCTOR,
        /** Code in {@code <clinit>}. */
        STATIC_INITIALIZER;

        /** Rewritten by the agent into a state machine. */
        boolean rewritten() {
            return this == COROUTINE || this == OLD_STYLE_COROUTINE || this == GENERATOR || this == ASYNC_GENERATOR;
        }
    }

    final Kind kind;
    /** The method, lambda, initialiser block or field whose code this is. */
    final TreePath path;
    /** How messages name it: {@code method fetch}. */
    final String description;
    /** The method is {@code synchronized}. */
    final boolean synchronizedMethod;
    /** For a lambda: its functional interface's simple name, else null. */
    final String functionalInterface;
    /** For a lambda: the erased type its functional method returns, by simple name, else null. */
    final String functionalReturn;
    /** For a lambda passed straight to a method that runs it synchronously ({@code Stream.map}): that method. */
    final String synchronousCaller;
    /** How many {@code synchronized} blocks of this body enclose the code being visited. */
    int monitors;

    private Body(
            Kind kind,
            TreePath path,
            String description,
            boolean synchronizedMethod,
            String functionalInterface,
            String functionalReturn,
            String synchronousCaller) {
        this.kind = kind;
        this.path = path;
        this.description = description;
        this.synchronizedMethod = synchronizedMethod;
        this.functionalInterface = functionalInterface;
        this.functionalReturn = functionalReturn;
        this.synchronousCaller = synchronousCaller;
    }

    static Body method(Kind kind, TreePath path, String name, boolean synchronizedMethod) {
        return new Body(kind, path, "method " + name, synchronizedMethod, null, null, null);
    }

    static Body initializer(boolean isStatic, TreePath path) {
        return new Body(
                isStatic ? Kind.STATIC_INITIALIZER : Kind.CONSTRUCTOR,
                path,
                isStatic ? "a static initialiser" : "a constructor",
                false,
                null,
                null,
                null);
    }

    static Body lambda(
            Kind kind, TreePath path, String functionalInterface, String functionalReturn, String synchronousCaller) {
        return new Body(kind, path, "a lambda", false, functionalInterface, functionalReturn, synchronousCaller);
    }
}
