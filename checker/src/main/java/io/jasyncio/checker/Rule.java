package io.jasyncio.checker;

import java.util.Locale;

/**
 * The one list of what jasyncio refuses or warns about in user code: each rule has a stable
 * {@link #id() id} and its message text. The compile-time checker reports these rules as javac
 * diagnostics, and the agent's refusals ({@code TransformException}) use the same texts, so a
 * program is refused for the same reason, in the same words, at compile time and at class load.
 *
 * <p>A rule {@link #refusedByAgent() refused by the agent} is one the agent throws on while
 * rewriting a class; a rule {@link #checkedByCompiler() checked by the compiler} is one the
 * checker reports. Most are both. A few exist only in bytecode (a method that outgrows 64 KiB
 * once rewritten, a class file too old for {@code invokedynamic}), and a few only at compile time,
 * where the agent leaves the code alone and it fails at run time (an {@code await} in a method
 * that is not a coroutine).
 *
 * <p>Texts with {@code %s} take arguments, in order, through {@link #format(Object...)}. This
 * class depends on nothing but {@code java.lang}, so that the agent can read it too.
 */
public enum Rule {
    // ---------------------------------------------------------------------------------------
    // Refused by the agent and reported by the checker.

    /** An await in a {@code synchronized} method. */
    AWAIT_IN_SYNCHRONIZED_METHOD(
            "await-in-synchronized-method",
            true,
            true,
            "await() in a synchronized method: a monitor cannot be held across a suspension; use io.jasyncio.Lock,"
                    + " or move the await out of the synchronized method"),

    /** An await inside a {@code synchronized} block. */
    AWAIT_IN_SYNCHRONIZED_BLOCK(
            "await-in-synchronized-block",
            true,
            true,
            "await() inside a synchronized block: a monitor cannot be held across a suspension; use io.jasyncio.Lock,"
                    + " or move the await out of the synchronized block"),

    /** An await in a constructor, an instance initialiser or field initialiser, or the arguments of super/this. */
    AWAIT_IN_CONSTRUCTOR(
            "await-in-constructor",
            true,
            true,
            "await() inside a constructor (or the arguments of super(...)/this(...)) cannot suspend; move the await"
                    + " into an @Async method"),

    /** An await in a static initialiser or a static field's initialiser. */
    AWAIT_IN_STATIC_INITIALIZER(
            "await-in-static-initializer",
            true,
            true,
            "await() inside a static initialiser cannot suspend; move the await into an @Async method"),

    /** A method reference to {@code await} itself. */
    AWAIT_METHOD_REFERENCE(
            "await-method-reference",
            true,
            true,
            "a method reference to await (Asyncio::await) cannot suspend the coroutine that calls it; write the call"
                    + " await(x) where the value is needed"),

    /** A coroutine returning something other than {@code done(...)} ({@code return null}, another coroutine). */
    RETURN_NOT_DONE(
            "return-not-done",
            true,
            true,
            "an @Async method must return done(value) (or done() for Coroutine<Void>); to run another coroutine and"
                    + " return its result, write return done(await(other()))"),

    /** An {@code @Async} method declared to return another type; the argument is the declared type. */
    WRONG_RETURN_TYPE(
            "wrong-return-type",
            true,
            true,
            "an @Async method must be declared to return io.jasyncio.Coroutine<T> (or io.jasyncio.AsyncGenerator<Y, S>"
                    + " for an async generator), not %s"),

    /** A method returning {@code AsyncGenerator} that yields, without {@code @Async}. */
    ASYNC_GENERATOR_NOT_ASYNC(
            "async-generator-not-async",
            true,
            true,
            "a method returning io.jasyncio.AsyncGenerator that uses Yield is an async generator: mark it @Async"
                    + " (as Python's 'async def'), or return io.jasyncio.Generator for a plain one"),

    /** {@code Yield.from(awaitable)} in a plain generator. */
    YIELD_FROM_COROUTINE_IN_GENERATOR(
            "yield-from-coroutine-in-generator",
            true,
            true,
            "cannot 'yield from' a coroutine object in a non-coroutine generator; await it in an @Async method"),

    /** {@code Yield.from(awaitable)} in an {@code @Async} coroutine, which awaits with {@code await}. */
    YIELD_FROM_AWAITABLE_IN_COROUTINE(
            "yield-from-awaitable-in-coroutine",
            true,
            true,
            "Yield.from(awaitable) waits only in a @GeneratorCoroutine method; use await()"),

    /** An await in a plain generator. */
    AWAIT_IN_GENERATOR(
            "await-in-generator",
            true,
            true,
            "await() in a generator: a plain generator cannot await; make it an @Async coroutine"),

    /** {@code Yield.value}/{@code Yield.from(generator)} in a coroutine returning {@code Coroutine}. */
    YIELD_IN_COROUTINE(
            "yield-in-coroutine",
            true,
            true,
            "Yield in a coroutine: declare the @Async method to return io.jasyncio.AsyncGenerator<Y, S> for an async"
                    + " generator, or return a Generator from a method without @Async for a plain generator"),

    /** {@code Yield.from} in an async generator: Python's SyntaxError. */
    YIELD_FROM_IN_ASYNC_GENERATOR(
            "yield-from-in-async-generator",
            true,
            true,
            "'yield from' inside async function: an async generator cannot delegate with Yield.from; loop over the"
                    + " other generator and Yield.value each item"),

    /** {@code done(...)} or {@code Yield.result(...)} in an async generator: Python's SyntaxError. */
    RETURN_VALUE_IN_ASYNC_GENERATOR(
            "return-value-in-async-generator",
            true,
            true,
            "'return' with value in async generator: an async generator returns nothing; end it with return"
                    + " Yield.end()"),

    // ---------------------------------------------------------------------------------------
    // Refused by the agent only: shapes of bytecode that Java source compiled by javac 17 or
    // later does not produce, or limits only the rewritten code reaches.

    /** A class file older than Java 7; the argument is its version. */
    CLASS_FILE_TOO_OLD(
            "class-file-too-old",
            true,
            false,
            "class file version %s predates invokedynamic; compile with --release 8 or later"),

    /** A coroutine whose rewritten code exceeds 64 KiB; the argument is its size in bytes. */
    METHOD_TOO_LARGE(
            "method-too-large",
            true,
            false,
            "the rewritten coroutine exceeds the JVM's 64 KiB limit on a method's code (%s bytes); split it into"
                    + " smaller @Async methods"),

    /** Bytecode the agent's verifier cannot follow; the argument is the analyser's message. */
    UNANALYSABLE_BYTECODE("unanalysable-bytecode", true, false, "cannot analyse the method's bytecode: %s"),

    /** An uninitialised object on the operand stack at an await; the argument is its class. */
    AWAIT_IN_NEW_ARGUMENTS(
            "await-in-new-arguments",
            true,
            false,
            "await() inside the arguments of new %s(...) is not supported yet; assign the awaited value to a local"
                    + " variable first"),

    /** An allocation spanning an await not in javac's {@code NEW; DUP} shape; the argument is its class. */
    NEW_NOT_IN_JAVAC_SHAPE(
            "new-not-in-javac-shape",
            true,
            false,
            "await() inside the arguments of new %s(...) compiled in a shape other than javac's NEW; DUP"),

    /** An uninitialised object in a local variable at an await. */
    UNINITIALIZED_LIVE_ACROSS_AWAIT(
            "uninitialized-live-across-await", true, false, "an object under construction is live across await()"),

    /** An await inside a {@code jsr} subroutine. */
    AWAIT_IN_SUBROUTINE("await-in-subroutine", true, false, "await() inside a JSR subroutine (pre-Java-6 bytecode)"),

    // ---------------------------------------------------------------------------------------
    // Reported by the checker only: the agent leaves these alone and they fail (or are lost) at
    // run time.

    /**
     * A call the agent rewrites only in a coroutine, in a method that is not one; the arguments
     * are the call ({@code await()}, {@code done()}) and the method.
     */
    AWAIT_OUTSIDE_COROUTINE(
            "await-outside-coroutine",
            false,
            true,
            "%s called in %s, which is not a coroutine: mark it @Async and declare it to return"
                    + " io.jasyncio.Coroutine<T>"),

    /** A {@code Yield} call in a method that is not a generator; the arguments are the call and the method. */
    YIELD_OUTSIDE_GENERATOR(
            "yield-outside-generator",
            false,
            true,
            "%s called in %s, which is not a generator: declare it to return io.jasyncio.Generator<Y, S, R>, or mark"
                    + " it @Async and declare it to return io.jasyncio.AsyncGenerator<Y, S> for an async generator"),

    /**
     * A call the agent rewrites only in a coroutine, in a lambda that is not one; the arguments
     * are the call, the functional interface and the type its method returns.
     */
    AWAIT_IN_LAMBDA(
            "await-in-lambda",
            false,
            true,
            "%s called in a lambda that is not a coroutine (its functional interface %s returns %s): a lambda cannot"
                    + " be marked @Async; make the functional interface return io.jasyncio.Coroutine<T> (for example"
                    + " Supplier<Coroutine<T>>) and end the lambda with return done(...), so that the lambda is itself"
                    + " a coroutine, or move the body into an @Async method and call that from the lambda"),

    /**
     * A {@code Yield} call in a lambda that is not a generator; the arguments are the call, the
     * functional interface and the type its method returns.
     */
    YIELD_IN_LAMBDA(
            "yield-in-lambda",
            false,
            true,
            "%s called in a lambda that is not a generator (its functional interface %s returns %s): make the"
                    + " functional interface return io.jasyncio.Generator<Y, S, R>, so that the lambda is itself a"
                    + " generator, or move the body into a generator method and call that from the lambda"),

    /**
     * An await in a lambda handed to a stream or another API that runs it synchronously; the
     * arguments are the call and the API method ({@code Stream.map}).
     */
    AWAIT_IN_SYNCHRONOUS_LAMBDA(
            "await-in-synchronous-lambda",
            false,
            true,
            "%s called in a lambda passed to %s, which runs the lambda synchronously, to completion, on the calling"
                    + " thread (as streams and forEach do), so the lambda cannot wait; write a for loop in the @Async"
                    + " method that awaits each item in turn, or make one coroutine per item and await them together"
                    + " with gather(...)"),

    /** A lambda returning {@code AsyncGenerator} that yields: it would need {@code @Async}, which a lambda cannot have. */
    ASYNC_GENERATOR_LAMBDA(
            "async-generator-lambda",
            false,
            true,
            "a lambda returning io.jasyncio.AsyncGenerator that uses Yield would be an async generator, but a lambda"
                    + " cannot be marked @Async: move the body into an @Async method returning"
                    + " io.jasyncio.AsyncGenerator<Y, S> and call that from the lambda"),

    /** A generator returning something other than {@code Yield.result(...)}/{@code Yield.done()}. */
    GENERATOR_RETURN_NOT_RESULT(
            "generator-return-not-result",
            false,
            true,
            "a generator must return Yield.result(value) (or Yield.done() for Generator<Y, S, Void>)"),

    /** An async generator returning something other than {@code Yield.end()}. */
    ASYNC_GENERATOR_RETURN_NOT_END(
            "async-generator-return-not-end",
            false,
            true,
            "an async generator must end with return Yield.end(): it returns nothing"),

    /** {@code await(done(x))}: a return value awaited. */
    AWAIT_OF_DONE(
            "await-of-done",
            false,
            true,
            "await(done(...)) awaits a return value: done(x) only spells 'return x' in a coroutine; write return"
                    + " done(x) to return x, or await(x) to wait for x"),

    /**
     * A coroutine created by a call whose result is discarded; the argument is the method's name.
     * A warning, which the checker option {@code unawaited=error} makes an error.
     */
    UNAWAITED(
            "unawaited",
            false,
            true,
            "coroutine '%s' is never awaited: calling it only creates the coroutine, whose body never runs; await"
                    + " it, pass it to createTask(...) or gather(...), or store it");

    private final String id;
    private final boolean refusedByAgent;
    private final boolean checkedByCompiler;
    private final String text;

    Rule(String id, boolean refusedByAgent, boolean checkedByCompiler, String text) {
        this.id = id;
        this.refusedByAgent = refusedByAgent;
        this.checkedByCompiler = checkedByCompiler;
        this.text = text;
    }

    /**
     * The rule's stable name, as it appears in diagnostics ({@code [jasyncio:unawaited]}) and in
     * {@code @SuppressWarnings("jasyncio:unawaited")}.
     *
     * @return the id, lower case words joined by hyphens
     */
    public String id() {
        return id;
    }

    /**
     * Tells whether the agent refuses to rewrite a class that breaks this rule.
     *
     * @return true for the agent's refusals
     */
    public boolean refusedByAgent() {
        return refusedByAgent;
    }

    /**
     * Tells whether the compile-time checker reports this rule.
     *
     * @return true for the checker's diagnostics
     */
    public boolean checkedByCompiler() {
        return checkedByCompiler;
    }

    /**
     * The message text, with {@code %s} where an argument goes.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * The message with its arguments filled in.
     *
     * @param args the arguments, in the order the rule's documentation gives
     * @return the message
     * @throws java.util.IllegalFormatException if the arguments do not fit the text
     */
    public String format(Object... args) {
        return String.format(Locale.ROOT, text, args);
    }

    /**
     * The rule with the given id.
     *
     * @param id an id, such as {@code unawaited}
     * @return the rule
     * @throws IllegalArgumentException if no rule has that id
     */
    public static Rule byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no jasyncio rule named '" + id + "'");
    }
}
