package io.jasyncio.checker;

import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Types;

/**
 * The runtime's calls the agent rewrites, recognised by owner, name and parameter types, as the
 * agent recognises them in bytecode ({@code Names.isAwait}, {@code isDone}, {@code isYield...}):
 * the checker, like the agent, knows the runtime by name only.
 */
enum Call {
    /** {@code Asyncio.await(Awaitable)} or {@code Asyncio.await(CompletionStage)}. */
    AWAIT("await()"),
    /** {@code Asyncio.done(value)} or {@code Asyncio.done()}. */
    DONE("done()"),
    /** {@code Yield.value(v)}. */
    YIELD_VALUE("Yield.value()"),
    /** {@code Yield.from(Generator)}. */
    YIELD_FROM("Yield.from()"),
    /** {@code Yield.from(Awaitable)}. */
    YIELD_FROM_AWAITABLE("Yield.from()"),
    /** {@code Yield.result(v)}. */
    YIELD_RESULT("Yield.result()"),
    /** {@code Yield.done()}. */
    YIELD_DONE("Yield.done()"),
    /** {@code Yield.end()}. */
    YIELD_END("Yield.end()"),
    /** Any other static method of {@code Yield}: still makes a method "use Yield". */
    YIELD_OTHER("Yield"),
    /** Anything else. */
    OTHER("");

    static final String ASYNCIO = "io.jasyncio.Asyncio";
    static final String YIELD = "io.jasyncio.Yield";
    static final String AWAITABLE = "io.jasyncio.Awaitable";
    static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";
    static final String GENERATOR = "io.jasyncio.Generator";
    static final String COROUTINE = "io.jasyncio.Coroutine";
    static final String ASYNC_GENERATOR = "io.jasyncio.AsyncGenerator";
    static final String ASYNC = "io.jasyncio.Async";
    static final String GENERATOR_COROUTINE = "io.jasyncio.GeneratorCoroutine";

    /** How the runtime's {@code NotInstrumented} names the call in its run-time error. */
    final String display;

    Call(String display) {
        this.display = display;
    }

    /**
     * Classifies a called method.
     *
     * @param method the method, or null when javac could not resolve the call
     * @param types javac's types, for erasures
     * @return the call's kind; {@link #OTHER} for null
     */
    static Call of(Element method, Types types) {
        if (!(method instanceof ExecutableElement) || !method.getModifiers().contains(Modifier.STATIC)) {
            return OTHER;
        }
        ExecutableElement m = (ExecutableElement) method;
        String owner =
                ((TypeElement) m.getEnclosingElement()).getQualifiedName().toString();
        String name = m.getSimpleName().toString();
        List<? extends VariableElement> params = m.getParameters();
        if (owner.equals(ASYNCIO)) {
            if (name.equals("await") && (params.size() == 1 || params.size() == 2)) {
                // await(x) and await(x, X.class), which only declares what the catch may see.
                String p = erasedName(params.get(0), types);
                boolean declaring =
                        params.size() == 1 || erasedName(params.get(1), types).equals("java.lang.Class");
                return declaring && (p.equals(AWAITABLE) || p.equals(COMPLETION_STAGE)) ? AWAIT : OTHER;
            }
            return name.equals("done") && params.size() <= 1 ? DONE : OTHER;
        }
        if (!owner.equals(YIELD)) {
            return OTHER;
        }
        switch (name) {
            case "value":
                return YIELD_VALUE;
            case "from":
                // Yield.from(generator) and Yield.from(iterable) delegate; Yield.from(awaitable)
                // awaits, in a @GeneratorCoroutine only.
                return params.size() == 1
                                && (erasedName(params.get(0), types).equals(GENERATOR)
                                        || erasedName(params.get(0), types).equals("java.lang.Iterable"))
                        ? YIELD_FROM
                        : YIELD_FROM_AWAITABLE;
            case "result":
                return YIELD_RESULT;
            case "done":
                return YIELD_DONE;
            case "end":
                return YIELD_END;
            default:
                return YIELD_OTHER;
        }
    }

    /** A suspension point: where the agent saves the frame and may return to the loop. */
    boolean suspends() {
        return this == AWAIT || this == YIELD_VALUE || this == YIELD_FROM || this == YIELD_FROM_AWAITABLE;
    }

    /** A return value of a coroutine or generator: what the agent turns into a bare {@code return}. */
    boolean returns() {
        return this == DONE || this == YIELD_RESULT || this == YIELD_DONE || this == YIELD_END;
    }

    /** A call of a {@code Yield} method. */
    boolean isYield() {
        return this != AWAIT && this != DONE && this != OTHER;
    }

    private static String erasedName(VariableElement param, Types types) {
        return types.erasure(param.asType()).toString();
    }
}
