package io.jasyncio.agent.fuzz;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Generates, from a seed, a random well-typed Java program made of static coroutines, in two
 * variants rendered from one tree of source fragments so that they cannot drift apart:
 *
 * <ul>
 *   <li>the <b>coroutine</b> variant: {@code @Async} methods returning {@code Coroutine<T>},
 *       {@code await(Env.<T>v(e))}, {@code await(m(...))}, {@code await(x, Boom.class)},
 *       {@code return done(e)};</li>
 *   <li>the <b>plain</b> variant, the reference: the same methods returning {@code T},
 *       {@code Env.<T>plain(e)}, {@code Env.direct(m(...))}, {@code return e}.</li>
 * </ul>
 *
 * The type argument of {@code Env.v} is explicit: the bytecode is the same as with an inferred
 * one, and javac need not infer through nested generic calls, which it does slowly. For the same
 * reason the generated code calls {@code Env.str}, {@code Env.mod} and {@code Env.ints} rather
 * than the overloaded {@code String.valueOf}, {@code Math.floorMod} and {@code List.of}.
 *
 * <p>Some methods (drawn from a random of their own, so that a program without them is the
 * same as before they existed) are generators, {@code Generator<Object, String, T>} with
 * {@code Yield.value}, {@code Yield.from} and {@code Yield.result}, or async generators,
 * {@code AsyncGenerator<Object, String>} with awaits, {@code Yield.value} and
 * {@code Yield.end}; yields land at random statements and in String-typed expressions. Their
 * plain twins call {@code Env.yielded(v)} where they yield. The consumer answers each value
 * with a reply or an exception thrown in, chosen from the value alone ({@code Env.injected}),
 * so the plain twin can answer at the yield itself.
 *
 * <p>Only {@link #alt} fragments differ between the two; everything else is shared text. Every
 * statement logs to {@link Env#log}, arithmetic is deterministic, loops are bounded by counters
 * the body never assigns, and recursion is bounded by {@link Env#enter}, so every program
 * terminates and its trace is a function of its seed.
 *
 * <p>One small method per construct; {@code expr(type, depth)} and {@code statement()} pick
 * among them.
 */
public final class ProgramGenerator {

    /**
     * Switches for constructs that are generated only on request.
     *
     * @param awaitInNewArgs generate {@code await} inside the arguments of {@code new X(...)};
     *     off by default because the transformer refused it ("is not supported yet") when this
     *     fuzzer was written (system property {@code jasyncio.fuzz.awaitInNewArgs})
     * @param deadCode generate awaits that javac compiles into unreachable bytecode (see
     *     {@link ProgramGenerator#deadAwait}); off by default because the transformer fails on
     *     every one of them for now (system property {@code jasyncio.fuzz.deadCode})
     * @param generators make some methods generators and async generators (see
     *     {@link ProgramGenerator.Kind}); on by default (system property
     *     {@code jasyncio.fuzz.generators=false} turns it off)
     */
    public record Options(boolean awaitInNewArgs, boolean deadCode, boolean generators) {
        /** The default: neither of the constructs above; generators on. */
        public static final Options DEFAULT = new Options(false, false, true);

        /**
         * Options from system properties ({@code jasyncio.fuzz.awaitInNewArgs},
         * {@code jasyncio.fuzz.deadCode}).
         *
         * @return the options
         */
        public static Options fromSystemProperties() {
            return new Options(
                    Boolean.getBoolean("jasyncio.fuzz.awaitInNewArgs"),
                    Boolean.getBoolean("jasyncio.fuzz.deadCode"),
                    !"false".equals(System.getProperty("jasyncio.fuzz.generators")));
        }
    }

    /**
     * A generated program.
     *
     * @param seed the seed it was generated from
     * @param packageName its package (one per seed, so many programs can be compiled together)
     * @param asyncSource the coroutine variant
     * @param plainSource the plain variant
     * @param suspendProbability how likely each {@code Env.v} future is to be pending
     */
    public record Program(
            long seed, String packageName, String asyncSource, String plainSource, double suspendProbability) {
        /** The simple name of the generated class. */
        public static final String CLASS_NAME = "Prog";

        /**
         * The binary name of the generated class.
         *
         * @return the name
         */
        public String className() {
            return packageName + "." + CLASS_NAME;
        }
    }

    /**
     * Generates the program of a seed.
     *
     * @param seed the seed
     * @param options what to generate
     * @return the program
     */
    public static Program generate(long seed, Options options) {
        return new ProgramGenerator(seed, options).program();
    }

    // ---------------------------------------------------------------- source fragments

    /** A fragment of source, shared by both variants except where built with {@link #alt}. */
    interface Src {
        void emit(StringBuilder out, boolean async);
    }

    /** Text or fragments, in order. */
    static Src seq(Object... parts) {
        return (out, async) -> {
            for (Object p : parts) {
                if (p instanceof Src) {
                    ((Src) p).emit(out, async);
                } else {
                    out.append(p);
                }
            }
        };
    }

    /** The one place where the variants differ. */
    static Src alt(Object async, Object plain) {
        Src a = seq(async);
        Src p = seq(plain);
        return (out, isAsync) -> (isAsync ? a : p).emit(out, isAsync);
    }

    static Src join(List<?> parts, String sep) {
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                all.add(sep);
            }
            all.add(parts.get(i));
        }
        return seq(all.toArray());
    }

    /** Lines of source with their indentation. */
    private static final class Out {
        final List<Src> lines = new ArrayList<>();
        int indent;

        void line(Object... parts) {
            lines.add(seq("    ".repeat(indent), seq(parts)));
        }

        void open(Object... header) {
            line(seq(header), " {");
            indent++;
        }

        /** Closes a block, optionally continuing the line ({@code "} else {"}). */
        void close(Object... continuation) {
            indent--;
            line("}", seq(continuation));
        }

        String render(boolean async) {
            StringBuilder sb = new StringBuilder();
            for (Src l : lines) {
                l.emit(sb, async);
                sb.append('\n');
            }
            return sb.toString();
        }
    }

    // ---------------------------------------------------------------- types and names

    enum Ty {
        INT("int", "Integer"),
        LONG("long", "Long"),
        DOUBLE("double", "Double"),
        FLOAT("float", "Float"),
        BOOLEAN("boolean", "Boolean"),
        BYTE("byte", "Byte"),
        CHAR("char", "Character"),
        SHORT("short", "Short"),
        STRING("String", "String"),
        OBJECT("Object", "Object"),
        INT_ARRAY("int[]", "int[]"),
        STRING_ARRAY("String[]", "String[]"),
        INT_LIST("List<Integer>", "List<Integer>"),
        BOX("Box", "Box");

        final String java;
        final String boxed;

        Ty(String java, String boxed) {
            this.java = java;
            this.boxed = boxed;
        }

        boolean numeric() {
            return this == INT || this == LONG || this == DOUBLE || this == FLOAT;
        }
    }

    private static final Ty[] ALL = Ty.values();
    /** What a coroutine returns; null stands for {@code Void}. */
    private static final Ty[] RETURNS = {Ty.INT, Ty.INT, Ty.LONG, Ty.DOUBLE, Ty.STRING, Ty.BOOLEAN, null};

    private record Var(String name, Ty ty, boolean assignable) {}

    /**
     * What a method is. A generator's plain twin is a method that calls {@code Env.yielded(v)}
     * where the generator yields, and its consumer ({@code Env.drive}, or the program's
     * {@code adrive} for an async generator) answers each value in a way that depends on the value
     * alone, so both variants see the same sends and throws.
     */
    enum Kind {
        /** An {@code @Async} method returning {@code Coroutine<T>}. */
        CORO,
        /** A method returning {@code Generator<Object, String, T>}: yields, no awaits. */
        GEN,
        /** An {@code @Async} method returning {@code AsyncGenerator<Object, String>}: awaits and yields. */
        AGEN
    }

    private record Method(String name, Ty ret, List<Var> params, Kind kind) {
        String boxedReturn() {
            return ret == null ? "Void" : ret.boxed;
        }
    }

    /** A typed expression. */
    private record Expr(Ty ty, Src src) {}

    /** Where {@code break}/{@code continue} may go. */
    private record Target(String label, boolean loop, boolean switchStatement) {}

    private static final int MAX_NEST = 4;
    /** How long methods are, in percent of the default (system property {@code jasyncio.fuzz.size}). */
    private static final int SIZE = Integer.getInteger("jasyncio.fuzz.size", 60);

    /**
     * The generator's system properties that differ from their defaults, as command-line options:
     * a seed reproduces its program only with them.
     *
     * @return the options, each with a leading space, or an empty string
     */
    public static String nonDefaultProperties() {
        StringBuilder sb = new StringBuilder();
        if (SIZE != 60) {
            sb.append(" -Djasyncio.fuzz.size=").append(SIZE);
        }
        if (Options.fromSystemProperties().awaitInNewArgs()) {
            sb.append(" -Djasyncio.fuzz.awaitInNewArgs=true");
        }
        if (Options.fromSystemProperties().deadCode()) {
            sb.append(" -Djasyncio.fuzz.deadCode=true");
        }
        if (!Options.fromSystemProperties().generators()) {
            sb.append(" -Djasyncio.fuzz.generators=false");
        }
        return sb.toString();
    }

    private final long seed;
    private final Options options;
    private final SplittableRandom rnd;
    /** Draws each method's {@link Kind}. */
    private final SplittableRandom kinds;

    private final Out out = new Out();
    private final List<Method> methods = new ArrayList<>();
    private final Deque<List<Var>> scopes = new ArrayDeque<>();
    private Deque<Target> targets = new ArrayDeque<>();
    /** Inside a switch expression's block: no return, no jump out. */
    private boolean inSwitchExpression;
    /** Inside the arguments of {@code new X(...)}: no await unless the option says so. */
    private int inNewArgs;

    private int nest;
    /**
     * Switch expressions being generated: they do not nest, and stay out of loop headers, where
     * javac 17 crashes on them (AssertionError in Gen.genLoop, NullPointerException in
     * Code.newLocal); for the same reason no try statement is generated inside one.
     */
    private int switchExpressions;
    /** Inside a loop header (see {@link #switchExpressions}). */
    private int loopHeader;
    /** Inside a finally block (see {@link #deadAwait}). */
    private int inFinally;

    private int ids;
    /** Awaits of a future failing with Boom so far; see {@link #failingAwait}. */
    private int declaringAwaits;

    private Method current;
    /** Statements left in the current method. */
    private int budget;

    private ProgramGenerator(long seed, Options options) {
        this.seed = seed;
        this.options = options;
        this.rnd = new SplittableRandom(seed);
        this.kinds = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
    }

    private String fresh(String prefix) {
        return prefix + (ids++);
    }

    private String site() {
        return fresh("s");
    }

    private boolean chance(int percent) {
        return rnd.nextInt(100) < percent;
    }

    private <T> T pick(List<T> xs) {
        return xs.get(rnd.nextInt(xs.size()));
    }

    /** How deep the expression of a declaration or assignment goes: mostly 2, sometimes 1 or 3. */
    private int exprDepth() {
        int r = rnd.nextInt(10);
        return r < 2 ? 1 : r < 8 ? 2 : 3;
    }

    private Ty anyType() {
        return ALL[rnd.nextInt(ALL.length)];
    }

    // ---------------------------------------------------------------- the program

    private Program program() {
        String pkg = "fuzz.s" + Long.toUnsignedString(seed);
        int count = 2 + rnd.nextInt(3);
        for (int i = 0; i < count; i++) {
            methods.add(signature("m" + i));
        }
        header(pkg);
        for (Method m : methods) {
            method(m);
        }
        entry();
        out.indent--;
        out.line("}");
        double[] probabilities = {0.0, 0.3, 0.5, 0.8, 1.0};
        double p = probabilities[rnd.nextInt(probabilities.length)];
        return new Program(seed, pkg, out.render(true), out.render(false), p);
    }

    private Method signature(String name) {
        Ty ret = RETURNS[rnd.nextInt(RETURNS.length)];
        List<Var> params = new ArrayList<>();
        params.add(new Var("depth", Ty.INT, false));
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            params.add(new Var("p" + i, anyType(), true));
        }
        Kind kind = Kind.CORO;
        if (options.generators()) {
            // A separate random, so that programs without generators stay what they were.
            int k = kinds.nextInt(100);
            kind = k < 20 ? Kind.GEN : k < 35 ? Kind.AGEN : Kind.CORO;
        }
        return new Method(name, kind == Kind.AGEN ? null : ret, params, kind);
    }

    private void header(String pkg) {
        out.line("package ", pkg, ";");
        out.line();
        out.line(alt("import static io.jasyncio.Asyncio.await;", ""));
        out.line(alt("import static io.jasyncio.Asyncio.done;", ""));
        out.line();
        out.line(alt("import io.jasyncio.Async;", ""));
        out.line(alt("import io.jasyncio.AsyncGenerator;", ""));
        out.line(alt("import io.jasyncio.Coroutine;", ""));
        out.line(alt("import io.jasyncio.Generator;", ""));
        out.line(alt("import io.jasyncio.StopAsyncIteration;", ""));
        out.line(alt("import io.jasyncio.Yield;", ""));
        out.line("import io.jasyncio.agent.fuzz.Env;");
        out.line("import io.jasyncio.agent.fuzz.Env.Box;");
        out.line("import io.jasyncio.agent.fuzz.Env.Oops;");
        out.line("import io.jasyncio.agent.fuzz.Env.Res;");
        out.line("import java.util.ArrayList;");
        out.line("import java.util.List;");
        out.line();
        out.line(
                "/** Generated from seed ",
                Long.toUnsignedString(seed),
                " (",
                alt("coroutine", "plain"),
                " variant). */");
        out.open("public final class Prog implements java.io.Serializable");
        for (String l : SUPPORT) {
            out.line(l);
        }
        out.line();
        for (String l : ADRIVE) {
            out.line(alt(l, ""));
        }
    }

    /** The consumer of an async generator, in the coroutine variant: {@code Env.drive}'s twin. */
    private static final String[] ADRIVE = {
        "@Async",
        "static Coroutine<Void> adrive(AsyncGenerator<Object, String> g) {",
        "    Object v;",
        "    try {",
        "        v = await(g.anext());",
        "    } catch (StopAsyncIteration end) {",
        "        return done();",
        "    }",
        "    while (true) {",
        "        Env.consumed(v);",
        "        RuntimeException t = Env.injected(v);",
        "        try {",
        "            v = t != null ? await(g.athrow(t)) : await(g.asend(Env.reply(v)));",
        "        } catch (StopAsyncIteration end) {",
        "            return done();",
        "        }",
        "    }",
        "}",
        "",
    };

    /**
     * What every program declares itself: static fields to store into, two instance fields (the
     * class is {@code Serializable}, for {@link SerialBoundary}), and a checked exception
     * (a nested class, so the compiler, the class loaders and the transformer's type resolver
     * handle nested classes). The other support classes ({@link Env.Box}, {@link Env.Res},
     * {@link Env.Oops}) and helpers live in {@link Env}: compiled once, not once per program.
     */
    private static final String[] SUPPORT = {
        "static int si = 3;",
        "static long sj = 5L;",
        "static String ss = \"ss\";",
        "",
        "// Serialized across the agent boundary (SerialBoundary): written by the class as compiled,",
        "// read by the rewritten one, and back. No serialVersionUID: the default must survive.",
        "int serialI = 7;",
        "String serialS = \"s\";",
        "",
        "/** A checked exception. */",
        "static final class Boom extends Exception {",
        "    private static final long serialVersionUID = 1L;",
        "    Boom(String m) { super(m); }",
        "}",
    };

    // ---------------------------------------------------------------- methods

    private void method(Method m) {
        current = m;
        budget = (6 + rnd.nextInt(20)) * SIZE / 100;
        List<Object> params = new ArrayList<>();
        for (Var p : m.params()) {
            params.add(p.ty().java + " " + p.name());
        }
        Src type;
        if (m.kind() == Kind.GEN) {
            out.line("// generator");
            type = alt("Generator<Object, String, " + m.boxedReturn() + ">", m.boxedReturn());
        } else {
            out.line(alt("@Async", "// @Async"));
            type = m.kind() == Kind.AGEN
                    ? alt("AsyncGenerator<Object, String>", "Void")
                    : alt("Coroutine<" + m.boxedReturn() + ">", m.boxedReturn());
        }
        out.open("static ", type, " ", m.name(), "(", join(params, ", "), ") throws Boom");
        scopes.push(new ArrayList<>(m.params()));
        out.line("if (!Env.enter(\"", m.name(), "\", depth)) { ", returnOf(defaultValue(m.ret())), " }");
        List<Object> shown = new ArrayList<>();
        for (Var p : m.params()) {
            shown.add(show(p));
        }
        out.line("Env.log(\"", m.name(), "(\" + ", join(shown, " + \",\" + "), " + \")\");");
        int locals = 2 + rnd.nextInt(5);
        for (int i = 0; i < locals; i++) {
            declaration(anyType());
        }
        block();
        logAllInScope("end " + m.name());
        out.line(returnOf(m.ret() == null ? null : expr(m.ret(), 2)));
        scopes.pop();
        out.close();
        out.line();
    }

    /** The entry point: awaits every method once, catching what it may. */
    private void entry() {
        out.line(alt("@Async", "// @Async"));
        out.open("static ", alt("Coroutine<String>", "String"), " main() throws Boom");
        out.line("Env.log(\"main\");");
        out.line("int depth = 0;");
        out.line("String r = \"\";");
        Var depth = new Var("depth", Ty.INT, false);
        scopes.push(new ArrayList<>(List.of(depth)));
        current = new Method("main", Ty.STRING, List.of(depth), Kind.CORO);
        for (Method m : methods) {
            boolean guarded = chance(80);
            if (guarded) {
                out.open("try");
            }
            Src call = call(m, "depth");
            if (m.ret() == null) {
                out.line(call, ";");
                out.line("r += \"|void\";");
            } else {
                out.line("r += \"|\" + ", call, ";");
            }
            if (guarded) {
                out.close(" catch (Boom | RuntimeException e) {");
                out.indent++;
                out.line("r += \"|!\" + Env.caught(e);");
                out.close();
            }
        }
        scopes.pop();
        out.line("Env.log(\"main end \" + si + \" \" + sj + \" \" + ss);");
        out.line(returnOf(new Expr(Ty.STRING, seq("r"))));
        out.close();
    }

    private Src returnOf(Expr e) {
        if (current.kind() == Kind.AGEN) {
            return alt("return Yield.end();", "return null;");
        }
        if (current.kind() == Kind.GEN) {
            if (e == null) {
                return alt("return Yield.done();", "return null;");
            }
            return seq("return ", alt(seq("Yield.result(", e.src(), ")"), e.src()), ";");
        }
        if (e == null) {
            return alt("return done();", "return null;");
        }
        return seq("return ", alt(seq("done(", e.src(), ")"), e.src()), ";");
    }

    private Expr defaultValue(Ty t) {
        if (t == null) {
            return null;
        }
        return new Expr(t, seq(literal(t)));
    }

    /** {@code await(m(depth + 1, args))}, or the plain twin's call. */
    private Src call(Method m, String depth) {
        List<Object> args = new ArrayList<>();
        args.add(depth);
        for (int i = 1; i < m.params().size(); i++) {
            args.add(expr(m.params().get(i).ty(), 1).src());
        }
        Src invocation = seq(m.name(), "(", join(args, ", "), ")");
        Src plain = seq("Env.direct(", invocation, ")");
        switch (m.kind()) {
            case GEN:
                if (current.kind() == Kind.GEN && chance(50)) {
                    return alt(seq("Yield.from(", invocation, ")"), plain);
                }
                return alt(seq("Env.<", m.boxedReturn(), ">drive(", invocation, ")"), plain);
            case AGEN:
                return alt(seq("await(adrive(", invocation, "))"), plain);
            default:
                return alt(seq("await(", invocation, ")"), plain);
        }
    }

    /** The methods the current one may call: a plain generator cannot await, so only generators. */
    private List<Method> callable() {
        List<Method> of = new ArrayList<>();
        for (Method m : methods) {
            if (current.kind() != Kind.GEN || m.kind() == Kind.GEN) {
                of.add(m);
            }
        }
        return of;
    }

    /**
     * A yield in a generator: of a value, with or without using what is sent back, or a call of
     * another generator (delegating with {@code Yield.from} or driving it) or async generator.
     */
    private void yieldStatement() {
        int r = rnd.nextInt(5);
        Src value = expr(printable(), 1).src();
        if (r < 2) {
            out.line(alt("Yield.value(", "Env.yielded("), value, ");");
        } else if (r < 4) {
            Var v = declare(Ty.STRING, "x", true);
            out.line("String ", v.name(), " = ", alt("Yield.value(", "Env.yielded("), value, ");");
            logVar(v);
        } else {
            Method m = pick(callable());
            out.line("Env.log(\"", site(), " call \" + Env.str(", call(m, "depth + 1"), "));");
        }
    }

    /** Whether a suspension may be generated here (see {@link Options#awaitInNewArgs}). */
    private boolean suspendAllowed() {
        return inNewArgs == 0 || options.awaitInNewArgs();
    }

    // ---------------------------------------------------------------- scopes

    private List<Var> visible() {
        List<Var> all = new ArrayList<>();
        for (List<Var> s : scopes) {
            all.addAll(s);
        }
        return all;
    }

    private List<Var> visible(Ty t, boolean assignable) {
        List<Var> of = new ArrayList<>();
        for (Var v : visible()) {
            if (v.ty() == t && (!assignable || v.assignable())) {
                of.add(v);
            }
        }
        return of;
    }

    private Var declare(Ty t, String prefix, boolean assignable) {
        Var v = new Var(fresh(prefix), t, assignable);
        scopes.peek().add(v);
        return v;
    }

    private void enterScope() {
        scopes.push(new ArrayList<>());
    }

    private void leaveScope() {
        scopes.pop();
    }

    /** A deterministic string of a variable's value. */
    private Src show(Var v) {
        return seq("Env.str(", v.name(), ")");
    }

    private void logAllInScope(String what) {
        List<Object> parts = new ArrayList<>();
        for (Var v : visible()) {
            parts.add(seq("\" ", v.name(), "=\" + ", show(v)));
        }
        if (parts.isEmpty()) {
            out.line("Env.log(\"", what, "\");");
        } else {
            out.line("Env.log(\"", what, "\" + ", join(parts, " + "), ");");
        }
    }

    // ---------------------------------------------------------------- statements

    /** Statements until the budget or a random stop; at least one. */
    private void block() {
        enterScope();
        int n = 1 + rnd.nextInt(nest == 0 ? 8 : 4);
        for (int i = 0; i < n && (i == 0 || budget > 0); i++) {
            statement();
        }
        leaveScope();
    }

    private void statement() {
        if (current.kind() != Kind.CORO && suspendAllowed() && chance(15)) {
            budget--;
            yieldStatement();
            return;
        }
        budget--;
        boolean compound = nest < MAX_NEST && budget > 0;
        int r = rnd.nextInt(compound ? 100 : 45);
        if (r < 8) {
            declaration(anyType());
        } else if (r < 18) {
            assignment();
        } else if (r < 22) {
            arrayStore();
        } else if (r < 26) {
            fieldStore();
        } else if (r < 31) {
            logStatement();
        } else if (r < 35) {
            if (current.kind() == Kind.GEN) {
                yieldStatement();
            } else if (chance(8)) {
                awaitRun();
            } else if (options.deadCode() && chance(10) && !inSwitchExpression && inFinally == 0) {
                deadAwait();
            } else {
                awaitStatement();
            }
        } else if (r < 38) {
            jump();
        } else if (r < 41) {
            throwStatement();
        } else if (r < 45) {
            returnStatement();
        } else {
            nest++;
            compoundStatement(r - 45);
            nest--;
        }
    }

    private void compoundStatement(int r) {
        if (r < 7) {
            ifStatement();
        } else if (r < 11) {
            switchStatementOnInt();
        } else if (r < 14) {
            switchStatementOnString();
        } else if (r < 20) {
            forLoop();
        } else if (r < 25) {
            whileLoop();
        } else if (r < 29) {
            doWhileLoop();
        } else if (r < 33) {
            forEachArray();
        } else if (r < 37) {
            forEachList();
        } else if (r < 45 && !inSwitchExpression) {
            tryStatement();
        } else if (r < 50 && !inSwitchExpression) {
            tryWithResources();
        } else {
            labelledBlock();
        }
    }

    private void declaration(Ty t) {
        Expr init = chance(10) && nullable(t) ? new Expr(t, seq("null")) : expr(t, exprDepth());
        Var v = declare(t, "x", true);
        out.line(t.java, " ", v.name(), " = ", init.src(), ";");
        logVar(v);
    }

    private static boolean nullable(Ty t) {
        return t == Ty.STRING || t == Ty.OBJECT;
    }

    private void logVar(Var v) {
        out.line("Env.log(\"", site(), " ", v.name(), "=\" + ", show(v), ");");
    }

    private void assignment() {
        List<Var> vars = new ArrayList<>();
        for (Var v : visible()) {
            if (v.assignable()) {
                vars.add(v);
            }
        }
        if (vars.isEmpty()) {
            declaration(anyType());
            return;
        }
        Var v = pick(vars);
        Ty t = v.ty();
        int r = rnd.nextInt(4);
        if (r == 0 && (t.numeric() || t == Ty.STRING)) {
            Ty rhs = t == Ty.STRING ? printable() : t;
            out.line(v.name(), " += ", expr(rhs, 2).src(), ";");
        } else if (r == 1 && (t == Ty.INT || t == Ty.LONG || t == Ty.BYTE || t == Ty.SHORT || t == Ty.CHAR)) {
            out.line(v.name(), chance(50) ? "++;" : "--;");
        } else if (r == 2 && t == Ty.BOOLEAN) {
            out.line(v.name(), chance(50) ? " &= " : " |= ", expr(Ty.BOOLEAN, 2).src(), ";");
        } else if (r == 2 && (t == Ty.BYTE || t == Ty.SHORT || t == Ty.CHAR)) {
            out.line(v.name(), " += ", expr(Ty.INT, 2).src(), ";");
        } else {
            Expr e = chance(8) && nullable(t) ? new Expr(t, seq("null")) : expr(t, exprDepth());
            out.line(v.name(), " = ", e.src(), ";");
        }
        logVar(v);
    }

    /** {@code a[i] = e} and {@code a[i] += e}, with awaits in the index and the value. */
    private void arrayStore() {
        List<Var> arrays = visible(Ty.INT_ARRAY, false);
        arrays.addAll(visible(Ty.STRING_ARRAY, false));
        if (arrays.isEmpty()) {
            declaration(chance(50) ? Ty.INT_ARRAY : Ty.STRING_ARRAY);
            return;
        }
        Var a = pick(arrays);
        Src index = seq("Env.mod(", expr(Ty.INT, 2).src(), ", ", a.name(), ".length)");
        Ty element = a.ty() == Ty.INT_ARRAY ? Ty.INT : Ty.STRING;
        String op = chance(30) ? " += " : " = ";
        Ty value = op.equals(" += ") && element == Ty.STRING ? printable() : element;
        out.line(a.name(), "[", index, "]", op, expr(value, 2).src(), ";");
        logVar(a);
    }

    /** {@code box.f = e}, {@code box.f += e} and stores into static fields. */
    private void fieldStore() {
        List<Var> boxes = visible(Ty.BOX, false);
        String owner = boxes.isEmpty() || chance(30) ? "Prog" : pick(boxes).name();
        String[][] fields = owner.equals("Prog")
                ? new String[][] {{"si", "INT"}, {"sj", "LONG"}, {"ss", "STRING"}}
                : new String[][] {{"i", "INT"}, {"j", "LONG"}, {"d", "DOUBLE"}, {"s", "STRING"}};
        String[] f = fields[rnd.nextInt(fields.length)];
        Ty t = Ty.valueOf(f[1]);
        String target = owner + "." + f[0];
        if (chance(30)) {
            out.line(target, " += ", expr(t == Ty.STRING ? printable() : t, 2).src(), ";");
        } else {
            out.line(target, " = ", expr(t, exprDepth()).src(), ";");
        }
        out.line("Env.log(\"", site(), " ", target, "=\" + ", target, ");");
    }

    private void logStatement() {
        out.line("Env.log(\"", site(), " \" + ", expr(printable(), exprDepth()).src(), ");");
    }

    /**
     * A long run of awaits on one variable ({@code x += await(...);} again and again): many
     * suspension points in one method. Around 200 of them (180 inside a try block) make ASM's
     * frame computation in the transformer give up (LimitExceededException).
     */
    private void awaitRun() {
        Ty t = pick(List.of(Ty.INT, Ty.LONG, Ty.DOUBLE));
        List<Var> vars = visible(t, true);
        Var v = vars.isEmpty() ? null : pick(vars);
        if (v == null) {
            v = declare(t, "x", true);
            out.line(t.java, " ", v.name(), " = ", literal(t), ";");
        }
        int n = 10 + rnd.nextInt(60);
        for (int i = 0; i < n; i++) {
            Src value = seq(literal(t));
            out.line(
                    v.name(),
                    " += ",
                    alt(seq("await(Env.<", t.boxed, ">v(", value, "))"), seq("Env.<", t.boxed, ">plain(", value, ")")),
                    ";");
        }
        logVar(v);
    }

    /**
     * An await javac compiles into unreachable bytecode: it folds a boolean switch expression
     * whose arms all yield {@code false}, jumps over the other operand of the conditional, and
     * still emits that operand, a switch expression holding the await. Never inside a switch
     * expression or a finally block, where javac 17 crashes on it.
     */
    private void deadAwait() {
        Var x = declare(Ty.INT, "x", true);
        Src await = awaitValue(Ty.INT, 1).src();
        out.line(
                "int ",
                x.name(),
                " = ",
                chance(50) ? "" : "5 + ",
                "((switch (depth) { default -> false; }) ? (switch",
                " (depth) { default -> { ",
                await,
                "; yield depth; } }) : 0);");
        logVar(x);
    }

    /** An await whose value is dropped: of a value, or of a coroutine (including void ones). */
    private void awaitStatement() {
        if (chance(50)) {
            Method m = pick(methods);
            out.line(call(m, "depth + 1"), ";");
        } else {
            Ty t = anyType();
            Src value = expr(t, 1).src();
            out.line(
                    alt(seq("await(Env.<", t.boxed, ">v(", value, "))"), seq("Env.<", t.boxed, ">plain(", value, ")")),
                    ";");
        }
    }

    /**
     * A branch condition: mostly a test of a variable (loop counters and {@code depth} included),
     * so that branches go different ways from one iteration or call to the next.
     */
    private Src condition() {
        List<Var> ints = visible(Ty.INT, false);
        if (ints.isEmpty() || chance(40)) {
            return expr(Ty.BOOLEAN, 2).src();
        }
        return varTest(pick(ints));
    }

    private Src varTest(Var v) {
        switch (rnd.nextInt(3)) {
            case 0:
                return seq("(", v.name(), " % ", 2 + rnd.nextInt(2), " == ", rnd.nextInt(2), ")");
            case 1:
                return seq("(", v.name(), chance(50) ? " < " : " > ", rnd.nextInt(4), ")");
            default:
                return seq(
                        "(",
                        v.name(),
                        " == ",
                        rnd.nextInt(3),
                        " && ",
                        expr(Ty.BOOLEAN, 1).src(),
                        ")");
        }
    }

    /** An int for a switch selector: mostly from a variable, so that different cases run. */
    private Src selector(int depth) {
        List<Var> ints = visible(Ty.INT, false);
        if (ints.isEmpty() || chance(40)) {
            return expr(Ty.INT, depth).src();
        }
        return seq(pick(ints).name(), " + ", expr(Ty.INT, depth - 1).src());
    }

    /** A conditional break or continue, labelled or not. */
    private void jump() {
        if (targets.isEmpty()) {
            logStatement();
            return;
        }
        List<Target> all = new ArrayList<>(targets); // innermost first
        Target innermostLoop = null;
        Target innermostBreakable = null;
        for (Target x : all) {
            if (innermostLoop == null && x.loop()) {
                innermostLoop = x;
            }
            if (innermostBreakable == null && (x.loop() || x.switchStatement())) {
                innermostBreakable = x;
            }
        }
        Target t = pick(all);
        String what;
        if (t.loop() && chance(50)) {
            what = t == innermostLoop && chance(50) ? "continue" : "continue " + t.label();
        } else if (t == innermostBreakable && (t.label() == null || chance(50))) {
            what = "break";
        } else if (t.label() != null) {
            what = "break " + t.label();
        } else {
            logStatement();
            return;
        }
        String s = site();
        out.open("if (", condition(), ")");
        out.line("Env.log(\"", s, " ", what, "\");");
        out.line(what, ";");
        out.close();
    }

    /**
     * A conditional throw. In a switch expression its condition tests a variable, never a
     * constant: javac 17 fails ("stack sim error") on a switch expression under a non-empty
     * operand stack whose arms all end in a throw, which {@code if (true) throw} makes them do.
     */
    private void throwStatement() {
        List<Var> ints = visible(Ty.INT, false);
        if (inSwitchExpression && ints.isEmpty()) {
            logStatement();
            return;
        }
        String s = site();
        out.open("if (", inSwitchExpression ? varTest(pick(ints)) : condition(), ")");
        boolean checked = chance(40);
        Src message = newArgs(() -> expr(printable(), 1).src());
        out.line("throw new ", checked ? "Boom" : "Oops", "(\"", s, " \" + ", message, ");");
        out.close();
    }

    private void returnStatement() {
        if (inSwitchExpression) {
            logStatement();
            return;
        }
        String s = site();
        out.open("if (", condition(), ")");
        logAllInScope(s + " return");
        out.line(returnOf(current.ret() == null ? null : expr(current.ret(), 2)));
        out.close();
    }

    private void ifStatement() {
        out.open("if (", condition(), ")");
        out.line("Env.log(\"", site(), " then\");");
        block();
        int elses = rnd.nextInt(3);
        for (int i = 0; i < elses; i++) {
            if (i == elses - 1 && chance(60)) {
                out.close(" else {");
            } else {
                out.close(" else if (", condition(), ") {");
            }
            out.indent++;
            out.line("Env.log(\"", site(), " else\");");
            block();
        }
        out.close();
    }

    /** The old switch on an int, with fall-through, breaks and a default. */
    private void switchStatementOnInt() {
        int cases = 1 + rnd.nextInt(4);
        out.open(
                "switch (",
                chance(60)
                        ? seq("Env.mod(", selector(2), ", ", cases + 1, ")")
                        : expr(Ty.INT, 2).src(),
                ")");
        switchBody(cases, i -> String.valueOf(i));
        out.close();
    }

    /** The old switch on a String (never null: its selector is built from a char). */
    private void switchStatementOnString() {
        int cases = 1 + rnd.nextInt(4);
        out.open("switch (\"\" + \"abcde\".charAt(Env.mod(", selector(2), ", 5)))");
        switchBody(cases, i -> "\"" + (char) ('a' + i) + "\"");
        out.close();
    }

    private void switchBody(int cases, IntFunction<String> label) {
        targets.push(new Target(null, false, true));
        for (int i = 0; i <= cases; i++) {
            boolean isDefault = i == cases;
            if (isDefault && chance(30)) {
                break;
            }
            out.open(isDefault ? "default:" : "case " + label.apply(i) + ":");
            out.line(
                    "Env.log(\"",
                    site(),
                    " case ",
                    isDefault ? "default" : label.apply(i).replace("\"", ""),
                    "\");");
            block();
            if (chance(60)) {
                out.line("break;");
            }
            out.close();
        }
        targets.pop();
    }

    private String loopLabel() {
        return fresh("L");
    }

    /** The body of a loop: its label is a target for break and continue. */
    private void loopBody(String label) {
        targets.push(new Target(label, true, false));
        block();
        targets.pop();
    }

    /** An expression for a loop header: no switch expression there (see {@link #switchExpressions}). */
    private Src header(Ty t, int depth) {
        loopHeader++;
        try {
            return expr(t, depth).src();
        } finally {
            loopHeader--;
        }
    }

    private Src headerCondition() {
        loopHeader++;
        try {
            return condition();
        } finally {
            loopHeader--;
        }
    }

    private int bound() {
        return rnd.nextInt(4);
    }

    /**
     * A counted loop; its start, limit (evaluated before the loop or at every test) and step may
     * await. It stays bounded: the limit is at most 3 and the step at least 1.
     */
    private void forLoop() {
        String label = loopLabel();
        String i = fresh("i");
        Src start = chance(20) ? seq("Env.mod(", header(Ty.INT, 1), ", 2)") : seq("0");
        Src limit = chance(30) ? seq("Env.mod(", header(Ty.INT, 1), ", 4)") : seq(bound());
        if (chance(50)) {
            String n = fresh("n");
            out.line("int ", n, " = ", limit, ";");
            limit = seq(n);
        }
        Src step = chance(20) ? seq(i, " += 1 + Env.mod(", header(Ty.INT, 1), ", 2)") : seq(i, "++");
        out.open(label, ": for (int ", i, " = ", start, "; ", i, " < ", limit, "; ", step, ")");
        enterScope();
        scopes.peek().add(new Var(i, Ty.INT, false));
        out.line("Env.log(\"", site(), " ", i, "=\" + ", i, ");");
        loopBody(label);
        leaveScope();
        out.close();
    }

    private void whileLoop() {
        String label = loopLabel();
        String w = fresh("w");
        out.line("int ", w, " = 0;");
        Src extra = chance(40) ? seq(" && ", headerCondition()) : seq("");
        out.open(label, ": while (", w, " < ", bound(), extra, ")");
        out.line(w, "++;");
        enterScope();
        scopes.peek().add(new Var(w, Ty.INT, false));
        out.line("Env.log(\"", site(), " ", w, "=\" + ", w, ");");
        loopBody(label);
        leaveScope();
        out.close();
    }

    private void doWhileLoop() {
        String label = loopLabel();
        String d = fresh("d");
        out.line("int ", d, " = 0;");
        out.open(label, ": do");
        out.line(d, "++;");
        enterScope();
        scopes.peek().add(new Var(d, Ty.INT, false));
        out.line("Env.log(\"", site(), " ", d, "=\" + ", d, ");");
        loopBody(label);
        leaveScope();
        Src extra = chance(40) ? seq(" && ", headerCondition()) : seq("");
        out.close(" while (", d, " < ", 1 + bound(), extra, ");");
    }

    private void forEachArray() {
        String label = loopLabel();
        boolean ints = chance(60);
        Src array = header(ints ? Ty.INT_ARRAY : Ty.STRING_ARRAY, 2);
        Var e = new Var(fresh("e"), ints ? Ty.INT : Ty.STRING, false);
        out.open(label, ": for (", e.ty().java, " ", e.name(), " : ", array, ")");
        enterScope();
        scopes.peek().add(e);
        logVar(e);
        loopBody(label);
        leaveScope();
        out.close();
    }

    private void forEachList() {
        String label = loopLabel();
        Src list = header(Ty.INT_LIST, 2);
        boolean unbox = chance(50);
        Var e = new Var(fresh("e"), Ty.INT, false);
        out.open(label, ": for (", unbox ? "int " : "Integer ", e.name(), " : ", list, ")");
        enterScope();
        scopes.peek().add(e);
        logVar(e);
        loopBody(label);
        leaveScope();
        out.close();
    }

    private void labelledBlock() {
        String label = fresh("B");
        out.open(label, ":");
        out.line("Env.log(\"", site(), " block\");");
        targets.push(new Target(label, false, false));
        block();
        targets.pop();
        out.close();
    }

    /** Catch clauses, most specific first; multi-catch only among unrelated classes. */
    private List<String> catches() {
        List<String> cs = new ArrayList<>();
        int r = rnd.nextInt(6);
        if (r == 0) {
            cs.add("Boom | Oops");
        } else if (r == 1) {
            cs.add("Oops | ArithmeticException");
        } else if (r == 2) {
            cs.add("Boom");
        } else if (r == 3) {
            cs.add("Oops");
        }
        if (chance(30)) {
            cs.add("RuntimeException");
        }
        if (chance(30) || cs.isEmpty() && chance(50)) {
            cs.add("Exception");
        }
        return cs;
    }

    private boolean catchesBoom(List<String> cs) {
        for (String c : cs) {
            if (c.contains("Boom")) {
                return true;
            }
        }
        return false;
    }

    private void tryStatement() {
        List<String> cs = catches();
        boolean fin = cs.isEmpty() || chance(50);
        out.open("try");
        tryBody(catchesBoom(cs));
        catchesAndFinally(cs, fin);
    }

    /** Try-with-resources: one or two resources, built before or from an await. */
    private void tryWithResources() {
        List<String> cs = chance(60) ? catches() : List.of();
        boolean fin = chance(30);
        int n = 1 + rnd.nextInt(2);
        List<Object> resources = new ArrayList<>();
        enterScope();
        for (int i = 0; i < n; i++) {
            String r = fresh("r");
            resources.add(seq("Res ", r, " = ", resource(r)));
        }
        out.open("try (", join(resources, "; "), ")");
        tryBody(catchesBoom(cs));
        leaveScope();
        catchesAndFinally(cs, fin);
    }

    private Src resource(String name) {
        switch (rnd.nextInt(3)) {
            case 0:
                return seq("new Res(\"", name, "\")");
            case 1:
                return seq("Res.open(\"", name, "\", ", expr(Ty.INT, 2).src(), ")");
            default:
                Src failOnClose = newArgs(() -> expr(Ty.BOOLEAN, 1).src());
                Src made = seq("new Res(\"", name, "\", ", failOnClose, ")");
                if (current.kind() == Kind.GEN) {
                    return made;
                }
                return alt(seq("await(Env.<Res>v(", made, "))"), seq("Env.<Res>plain(", made, ")"));
        }
    }

    /** The try block; a checked Boom is thrown there if a catch clause names it. */
    private void tryBody(boolean boomCaught) {
        out.line("Env.log(\"", site(), " try\");");
        boolean first = boomCaught && chance(50);
        if (first) {
            maybeBoom();
        }
        block();
        if (boomCaught && !first) {
            maybeBoom();
        }
    }

    private void maybeBoom() {
        out.open("if (", condition(), ")");
        out.line("throw new Boom(\"", site(), "\");");
        out.close();
    }

    private void catchesAndFinally(List<String> cs, boolean fin) {
        for (String c : cs) {
            String e = fresh("c");
            out.close(" catch (", c, " ", e, ") {");
            out.indent++;
            out.line("Env.log(\"", site(), " catch \" + Env.caught(", e, "));");
            if (chance(60)) {
                block();
            }
        }
        if (fin) {
            out.close(" finally {");
            out.indent++;
            out.line("Env.log(\"", site(), " finally\");");
            if (chance(60)) {
                inFinally++;
                block();
                inFinally--;
            }
        }
        out.close();
    }

    // ---------------------------------------------------------------- expressions

    /** A type whose values print deterministically (no arrays). */
    private Ty printable() {
        while (true) {
            Ty t = anyType();
            if (t != Ty.INT_ARRAY && t != Ty.STRING_ARRAY) {
                return t;
            }
        }
    }

    private Src newArgs(Supplier<Src> args) {
        inNewArgs++;
        try {
            return args.get();
        } finally {
            inNewArgs--;
        }
    }

    private boolean awaitAllowed() {
        return suspendAllowed() && current.kind() != Kind.GEN;
    }

    private Expr expr(Ty t, int depth) {
        if (t == Ty.STRING && current.kind() != Kind.CORO && suspendAllowed() && chance(15)) {
            Src value = expr(printable(), depth - 1).src();
            return new Expr(t, seq(alt("Yield.<String>value(", "Env.yielded("), value, ")"));
        }
        if (depth <= 0 || chance(20)) {
            return leaf(t);
        }
        int r = rnd.nextInt(100);
        if (r < 18 && awaitAllowed()) {
            return awaitValue(t, depth);
        }
        if (r < 23 && suspendAllowed()) {
            Expr c = coroutineCall(t);
            if (c != null) {
                return c;
            }
        }
        if (r < 26 && awaitAllowed()) {
            return failingAwait(t, depth);
        }
        if (r < 33) {
            return ternary(t, depth);
        }
        if (r < 36 && switchExpressions == 0 && loopHeader == 0) {
            return switchExpression(t, depth);
        }
        return compound(t, depth);
    }

    private Expr leaf(Ty t) {
        List<Var> vars = visible(t, false);
        if (!vars.isEmpty() && chance(70)) {
            return new Expr(t, seq(pick(vars).name()));
        }
        return new Expr(t, seq(literal(t)));
    }

    private String literal(Ty t) {
        switch (t) {
            case INT:
                return chance(5) ? "2147483640" : String.valueOf(rnd.nextInt(-5, 20));
            case LONG:
                return chance(5) ? "(1L << 40)" : rnd.nextInt(-5, 50) + "L";
            case DOUBLE:
                return rnd.nextInt(-8, 20) / 4.0 + "";
            case FLOAT:
                return rnd.nextInt(-8, 20) / 4.0 + "f";
            case BOOLEAN:
                return chance(50) ? "true" : "false";
            case BYTE:
                return "(byte) " + rnd.nextInt(-128, 128);
            case CHAR:
                return "'" + (char) ('a' + rnd.nextInt(26)) + "'";
            case SHORT:
                return "(short) " + rnd.nextInt(-1000, 1000);
            case STRING:
                return "\"" + (char) ('a' + rnd.nextInt(26)) + rnd.nextInt(10) + "\"";
            case OBJECT:
                return chance(30) ? "(Object) null" : "(Object) \"o" + rnd.nextInt(10) + "\"";
            case INT_ARRAY:
                return "new int[] {" + rnd.nextInt(10) + ", " + rnd.nextInt(10) + "}";
            case STRING_ARRAY:
                return "new String[] {\"q" + rnd.nextInt(10) + "\"}";
            case INT_LIST:
                return "Env.ints(" + rnd.nextInt(10) + ", " + rnd.nextInt(10) + ")";
            case BOX:
                return "new Box(" + rnd.nextInt(10) + ")";
            default:
                throw new AssertionError(t);
        }
    }

    /** {@code await(Env.<T>v(e))}; the plain variant calls {@code Env.<T>plain(e)}. */
    private Expr awaitValue(Ty t, int depth) {
        Src inner = expr(t, depth - 1).src();
        return new Expr(
                t, alt(seq("await(Env.<", t.boxed, ">v(", inner, "))"), seq("Env.<", t.boxed, ">plain(", inner, ")")));
    }

    /**
     * An awaited future that fails (with a checked or unchecked exception) when a condition holds.
     * Every other await of one that fails with the checked {@code Boom} is written
     * {@code await(x, Boom.class)}, the form that declares the exception to javac; which one is
     * counted, not drawn, so the programs are the same as before that form existed.
     */
    private Expr failingAwait(Ty t, int depth) {
        Src cond = expr(Ty.BOOLEAN, depth - 1).src();
        Src value = expr(t, depth - 1).src();
        boolean boom = chance(40);
        String error = "new " + (boom ? "Boom" : "Oops") + "(\"" + site() + "\")";
        String declares = boom && declaringAwaits++ % 2 == 0 ? ", Boom.class" : "";
        String witness = "Env.<" + t.boxed + ">";
        return new Expr(
                t,
                alt(
                        seq("await(", witness, "failIf(", cond, ", ", value, ", ", error, ")", declares, ")"),
                        seq(witness, "plainFailIf(", cond, ", ", value, ", ", error, ")")));
    }

    /** {@code await(m(depth + 1, ...))} of a coroutine returning {@code t}, or null if none does. */
    private Expr coroutineCall(Ty t) {
        List<Method> of = new ArrayList<>();
        for (Method m : callable()) {
            if (m.ret() == t) {
                of.add(m);
            }
        }
        if (of.isEmpty()) {
            return null;
        }
        return new Expr(t, call(pick(of), "depth + 1"));
    }

    private Expr ternary(Ty t, int depth) {
        return new Expr(
                t,
                seq(
                        "(",
                        condition(),
                        " ? ",
                        expr(t, depth - 1).src(),
                        " : ",
                        expr(t, depth - 1).src(),
                        ")"));
    }

    /**
     * A switch expression, with arrows, blocks that yield, and possibly a throwing arm. A boolean
     * one yields a variable's test in its default arm: javac folds a boolean switch expression
     * whose arms all yield the same constant and then emits the branch it decides is dead as
     * unreachable bytecode, sometimes invalid (VerifyError "Operand stack underflow" from javac
     * 17). {@link #deadAwait} makes that dead code on purpose, in a form javac gets right.
     */
    private Expr switchExpression(Ty t, int depth) {
        switchExpressions++;
        boolean onString = chance(30);
        Src selector = onString
                ? seq("(\"\" + \"abcd\".charAt(Env.mod(", selector(1), ", 4)))")
                : seq("Env.mod(", selector(1), ", 4)");
        int cases = 1 + rnd.nextInt(3);
        Deque<Target> savedTargets = targets;
        boolean savedInSwitch = inSwitchExpression;
        targets = new ArrayDeque<>();
        inSwitchExpression = true;
        int mark = out.lines.size();
        int indent = out.indent;
        out.indent += 2;
        for (int i = 0; i <= cases; i++) {
            String label = i == cases ? "default" : "case " + (onString ? "\"" + (char) ('a' + i) + "\"" : i);
            int r = rnd.nextInt(i == cases ? 9 : 10); // the default arm never throws: one arm must yield
            if (i == cases && t == Ty.BOOLEAN) {
                out.line(label, " -> ", varTest(new Var("depth", Ty.INT, false)), ";");
            } else if (r < 5) {
                out.line(label, " -> ", expr(t, depth - 1).src(), ";");
            } else if (r < 9) {
                out.open(label, " ->");
                out.line("Env.log(\"", site(), " arm\");");
                nest++;
                block();
                nest--;
                yieldStatement(t, expr(t, depth - 1));
                out.close();
            } else {
                out.line(label, " -> throw new Oops(\"", site(), "\");");
            }
        }
        List<Src> arms = new ArrayList<>(out.lines.subList(mark, out.lines.size()));
        out.lines.subList(mark, out.lines.size()).clear();
        out.indent = indent;
        targets = savedTargets;
        inSwitchExpression = savedInSwitch;
        switchExpressions--;
        List<Object> body = new ArrayList<>();
        for (Src a : arms) {
            body.add("\n");
            body.add(a);
        }
        return new Expr(
                t, seq("(switch (", selector, ") {", seq(body.toArray()), "\n", "    ".repeat(indent + 1), "})"));
    }

    /**
     * {@code yield e;}, or through a local when {@code e} starts with a parenthesis: javac reads
     * {@code yield (x);} as a call of a method named yield.
     */
    private void yieldStatement(Ty t, Expr e) {
        StringBuilder text = new StringBuilder();
        e.src().emit(text, true);
        if (text.charAt(0) == '(') {
            String y = fresh("y");
            out.line(t.java, " ", y, " = ", e.src(), ";");
            out.line("yield ", y, ";");
        } else {
            out.line("yield ", e.src(), ";");
        }
    }

    private Expr compound(Ty t, int depth) {
        int d = depth - 1;
        switch (t) {
            case INT:
                return intCompound(d);
            case LONG:
                return longCompound(d);
            case DOUBLE:
                return doubleCompound(d);
            case FLOAT:
                return floatCompound(d);
            case BOOLEAN:
                return booleanCompound(d);
            case BYTE:
                return cast(Ty.BYTE, expr(Ty.INT, d));
            case SHORT:
                return cast(Ty.SHORT, expr(Ty.INT, d));
            case CHAR:
                return charCompound(d);
            case STRING:
                return stringCompound(d);
            case OBJECT:
                return objectCompound(d);
            case INT_ARRAY:
                return intArray(d);
            case STRING_ARRAY:
                return stringArray(d);
            case INT_LIST:
                return intList(d);
            case BOX:
                return box(d);
            default:
                throw new AssertionError(t);
        }
    }

    /**
     * A primitive conversion. The value is first unboxed to its own type ({@code (int) e}): an
     * awaited value is a boxed {@code Integer}, and {@code (short) anInteger} does not compile.
     */
    private Expr cast(Ty to, Expr e) {
        return new Expr(to, seq("((", to.java, ") (", e.ty().java, ") (", e.src(), "))"));
    }

    private Expr binary(Ty t, Expr a, String op, Expr b) {
        return new Expr(t, seq("(", a.src(), " ", op, " ", b.src(), ")"));
    }

    private Expr intCompound(int d) {
        switch (rnd.nextInt(12)) {
            case 0:
            case 1:
                return binary(Ty.INT, expr(Ty.INT, d), pick(List.of("+", "-", "*", "^", "&", "|")), expr(Ty.INT, d));
            case 2:
                return binary(
                        Ty.INT,
                        expr(Ty.INT, d),
                        pick(List.of("<<", ">>", ">>>")),
                        new Expr(Ty.INT, seq(rnd.nextInt(6))));
            case 3:
                return binary(
                        Ty.INT,
                        expr(Ty.INT, d),
                        pick(List.of("/", "%")),
                        new Expr(Ty.INT, seq(pick(List.of(2, 3, 7, -5)))));
            case 4:
                return cast(Ty.INT, expr(pick(List.of(Ty.BYTE, Ty.SHORT, Ty.CHAR, Ty.LONG, Ty.DOUBLE, Ty.FLOAT)), d));
            case 5:
                return arrayRead(d);
            case 6:
                return listRead(d);
            case 7:
                return new Expr(
                        Ty.INT,
                        seq(
                                "Env.mixI(",
                                expr(Ty.INT, d).src(),
                                ", ",
                                expr(Ty.INT, d).src(),
                                ", ",
                                expr(Ty.INT, d).src(),
                                ")"));
            case 8:
                return new Expr(Ty.INT, seq("Env.str(", expr(Ty.STRING, d).src(), ").length()"));
            case 9:
                return fieldRead(Ty.INT, "i", "si", d);
            case 10:
                // A division that may throw ArithmeticException: "/ by zero".
                return binary(Ty.INT, expr(Ty.INT, d), "/", expr(Ty.INT, d));
            default:
                return new Expr(Ty.INT, seq("(- ", expr(Ty.INT, d).src(), ")"));
        }
    }

    private Expr arrayRead(int d) {
        List<Var> arrays = visible(Ty.INT_ARRAY, false);
        if (arrays.isEmpty()) {
            return new Expr(Ty.INT, seq("(", expr(Ty.INT_ARRAY, d).src(), ").length"));
        }
        Var a = pick(arrays);
        if (chance(10)) {
            // May throw ArrayIndexOutOfBoundsException, whose message is deterministic.
            return new Expr(Ty.INT, seq(a.name(), "[", expr(Ty.INT, d).src(), "]"));
        }
        return new Expr(Ty.INT, seq(a.name(), "[Env.mod(", expr(Ty.INT, d).src(), ", ", a.name(), ".length)]"));
    }

    private Expr listRead(int d) {
        List<Var> lists = visible(Ty.INT_LIST, false);
        if (lists.isEmpty()) {
            return new Expr(Ty.INT, seq("(", expr(Ty.INT_LIST, d).src(), ").size()"));
        }
        Var l = pick(lists);
        return new Expr(Ty.INT, seq(l.name(), ".get(Env.mod(", expr(Ty.INT, d).src(), ", ", l.name(), ".size()))"));
    }

    /** A field of a Box in scope (possibly after a read-modify-write), or a static field. */
    private Expr fieldRead(Ty t, String field, String staticField, int d) {
        List<Var> boxes = visible(Ty.BOX, false);
        if (boxes.isEmpty() || staticField != null && chance(30)) {
            if (staticField == null) {
                return new Expr(t, seq("(", expr(Ty.BOX, d).src(), ").", field));
            }
            return new Expr(t, seq("Prog.", staticField));
        }
        return new Expr(t, seq(pick(boxes).name(), ".", field));
    }

    private Expr longCompound(int d) {
        switch (rnd.nextInt(6)) {
            case 0:
            case 1:
                return binary(Ty.LONG, expr(Ty.LONG, d), pick(List.of("+", "-", "*", "^")), expr(Ty.LONG, d));
            case 2:
                return cast(Ty.LONG, expr(pick(List.of(Ty.INT, Ty.CHAR, Ty.DOUBLE)), d));
            case 3:
                return new Expr(
                        Ty.LONG,
                        seq(
                                "Env.mixJ(",
                                expr(Ty.LONG, d).src(),
                                ", ",
                                expr(Ty.INT, d).src(),
                                ", ",
                                expr(Ty.LONG, d).src(),
                                ")"));
            case 4:
                return fieldRead(Ty.LONG, "j", "sj", d);
            default:
                return binary(Ty.LONG, expr(Ty.LONG, d), "/", new Expr(Ty.LONG, seq("3L")));
        }
    }

    private Expr doubleCompound(int d) {
        switch (rnd.nextInt(5)) {
            case 0:
            case 1:
                return binary(Ty.DOUBLE, expr(Ty.DOUBLE, d), pick(List.of("+", "-", "*")), expr(Ty.DOUBLE, d));
            case 2:
                return cast(Ty.DOUBLE, expr(pick(List.of(Ty.INT, Ty.LONG, Ty.FLOAT)), d));
            case 3:
                return new Expr(
                        Ty.DOUBLE,
                        seq(
                                "Env.mixD(",
                                expr(Ty.DOUBLE, d).src(),
                                ", ",
                                expr(Ty.FLOAT, d).src(),
                                ", ",
                                expr(Ty.DOUBLE, d).src(),
                                ")"));
            default:
                return fieldRead(Ty.DOUBLE, "d", null, d);
        }
    }

    private Expr floatCompound(int d) {
        if (chance(50)) {
            return binary(Ty.FLOAT, expr(Ty.FLOAT, d), pick(List.of("+", "-", "*")), expr(Ty.FLOAT, d));
        }
        return cast(Ty.FLOAT, expr(pick(List.of(Ty.INT, Ty.DOUBLE)), d));
    }

    private Expr booleanCompound(int d) {
        switch (rnd.nextInt(8)) {
            case 0:
                return binary(Ty.BOOLEAN, expr(Ty.BOOLEAN, d), "&&", expr(Ty.BOOLEAN, d));
            case 1:
                return binary(Ty.BOOLEAN, expr(Ty.BOOLEAN, d), "||", expr(Ty.BOOLEAN, d));
            case 2:
                return new Expr(Ty.BOOLEAN, seq("!", expr(Ty.BOOLEAN, d).src()));
            case 3: {
                Ty t = pick(List.of(Ty.INT, Ty.LONG, Ty.DOUBLE, Ty.CHAR));
                return binary(Ty.BOOLEAN, expr(t, d), pick(List.of("<", "<=", ">", ">=", "==", "!=")), expr(t, d));
            }
            case 4:
                return new Expr(Ty.BOOLEAN, seq("(", expr(Ty.STRING, d).src(), " == null)"));
            case 5:
                return new Expr(
                        Ty.BOOLEAN,
                        seq(
                                "\"",
                                literal(Ty.STRING).replace("\"", ""),
                                "\".equals(",
                                expr(Ty.STRING, d).src(),
                                ")"));
            case 6:
                return new Expr(Ty.BOOLEAN, seq("(", expr(Ty.INT, d).src(), " % 2 == 0)"));
            default:
                return binary(Ty.BOOLEAN, expr(Ty.INT, d), pick(List.of("<", ">")), expr(Ty.INT, d));
        }
    }

    private Expr charCompound(int d) {
        if (chance(50)) {
            return new Expr(
                    Ty.CHAR, seq("((char) ('a' + Env.mod(", expr(Ty.INT, d).src(), ", 26)))"));
        }
        return new Expr(
                Ty.CHAR, seq("\"abcdefgh\".charAt(Env.mod(", expr(Ty.INT, d).src(), ", 8))"));
    }

    /** String concatenation (invokedynamic) with any printable type, and calls with String results. */
    private Expr stringCompound(int d) {
        switch (rnd.nextInt(7)) {
            case 0:
            case 1:
            case 2: {
                List<Object> parts = new ArrayList<>();
                parts.add(expr(Ty.STRING, d).src());
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    parts.add(expr(printable(), d).src());
                }
                return new Expr(Ty.STRING, seq("(", join(parts, " + "), ")"));
            }
            case 3:
                return new Expr(Ty.STRING, seq("Env.str(", expr(printable(), d).src(), ")"));
            case 4:
                return new Expr(
                        Ty.STRING,
                        seq(
                                "Env.cat(",
                                expr(Ty.STRING, d).src(),
                                ", ",
                                expr(Ty.INT, d).src(),
                                ", ",
                                expr(Ty.STRING, d).src(),
                                ")"));
            case 5:
                return new Expr(
                        Ty.STRING,
                        seq(
                                "Env.str(",
                                expr(chance(50) ? Ty.INT_ARRAY : Ty.STRING_ARRAY, d)
                                        .src(),
                                ")"));
            default:
                return fieldRead(Ty.STRING, "s", "ss", d);
        }
    }

    private Expr objectCompound(int d) {
        Ty t = pick(List.of(Ty.STRING, Ty.INT, Ty.LONG, Ty.INT_LIST, Ty.BOX, Ty.BOOLEAN));
        return new Expr(Ty.OBJECT, seq("((Object) (", expr(t, d).src(), "))"));
    }

    private Expr intArray(int d) {
        List<Object> elements = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            elements.add(expr(Ty.INT, d).src());
        }
        return new Expr(Ty.INT_ARRAY, seq("new int[] {", join(elements, ", "), "}"));
    }

    private Expr stringArray(int d) {
        List<Object> elements = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            elements.add(expr(Ty.STRING, d).src());
        }
        return new Expr(Ty.STRING_ARRAY, seq("new String[] {", join(elements, ", "), "}"));
    }

    private Expr intList(int d) {
        List<Object> elements = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            elements.add(expr(Ty.INT, d).src());
        }
        Src of = seq("Env.ints(", join(elements, ", "), ")");
        if (chance(25)) {
            Src copied = newArgs(() -> expr(Ty.INT_LIST, d).src());
            return new Expr(Ty.INT_LIST, seq("new ArrayList<>(", copied, ")"));
        }
        return new Expr(Ty.INT_LIST, of);
    }

    /** A Box: from the factory (awaits allowed) or from {@code new Box(...)} (awaits only if enabled). */
    private Expr box(int d) {
        if (chance(50)) {
            return new Expr(
                    Ty.BOX,
                    seq(
                            "Box.of(",
                            expr(Ty.INT, d).src(),
                            ", ",
                            expr(Ty.STRING, d).src(),
                            ")"));
        }
        Src arg = newArgs(() -> expr(Ty.INT, d).src());
        return new Expr(Ty.BOX, seq("new Box(", arg, ")"));
    }
}
