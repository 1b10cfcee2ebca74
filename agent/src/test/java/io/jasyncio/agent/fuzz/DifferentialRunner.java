package io.jasyncio.agent.fuzz;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.agent.fuzz.ProgramGenerator.Program;
import io.jasyncio.agent.internal.ClassFileTypeResolver;
import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import io.jasyncio.agent.internal.transform.TransformException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Compiles programs in both variants, rewrites the coroutine variant with the
 * {@link CoroutineTransformer}, runs both in fresh class loaders and compares what they did. One
 * instance per thread.
 *
 * <p>Each seed also picks the situations its program meets ({@link #compilerOf}, {@link Mode}):
 * compiled by javac or by ECJ; rewritten ahead of time, or at load time as the agent does, in a
 * loader that serves no class files, or ahead of time and then defined as a hidden class. And
 * an instance of the program's class written by the original class is read by the rewritten one
 * and back, as between a JVM without the agent and one with it.
 */
final class DifferentialRunner {
    private final InMemoryCompiler javac = new InMemoryCompiler(InMemoryCompiler.Compiler.JAVAC);
    private final InMemoryCompiler ecj = new InMemoryCompiler(InMemoryCompiler.Compiler.ECJ);
    private final ProgramClasses programClasses = new ProgramClasses();
    private final CoroutineTransformer transformer =
            new CoroutineTransformer(new ClassFileTypeResolver(new ClassFileLocator.Compound(
                    programClasses, ClassFileLocator.ForClassLoader.of(DifferentialRunner.class.getClassLoader()))));
    /** Time spent in each phase, in nanoseconds: compiling, rewriting (and verifying), running. */
    final long[] nanos = new long[3];

    /**
     * What one run of one variant did.
     *
     * @param value the returned value, rendered
     * @param error the exception, or null
     * @param trace the events logged
     * @param awaits values awaited
     * @param suspended values that arrived an iteration later
     * @param caught exceptions the program caught
     */
    record Outcome(
            String value, Throwable error, List<String> trace, int awaits, int suspended, List<Throwable> caught) {
        String result() {
            return error != null ? "threw " + describe(error) : "returned " + value;
        }
    }

    /**
     * The comparison of one program's two runs.
     *
     * @param program the program
     * @param failure null if both runs agree (or the program was skipped), else the report
     * @param suspended awaits that really suspended in the coroutine run
     * @param skipped why the program was not compared, or null: the transformer refused it as
     *     INSTRUMENTATION.md says it must (a rewritten method over the JVM's 64 KiB code limit), or
     *     its compiler crashed on it or emitted a class the JVM rejects (javac 17 bugs the generator
     *     avoids but for the constructs behind options; ECJ bugs around switch expressions)
     */
    record Verdict(Program program, String failure, int suspended, String skipped) {
        Verdict(Program program, String failure, int suspended) {
            this(program, failure, suspended, null);
        }
    }

    /** Why a program is skipped: its rewrite would exceed the JVM's limit on a method's code. */
    static final String TOO_LARGE = "refused as over 64 KiB once rewritten";
    /**
     * Why a program is skipped: its compiler made a class the JVM's verifier rejects, and the
     * transformer said that the class does not verify.
     */
    static final String COMPILER_BUG = "compiled into classes the JVM rejects, reported as such by the transformer";
    /**
     * Why a program is skipped: its compiler made a class the JVM's verifier rejects, and the
     * transformer did not notice (its analysis checks less than the JVM's verifier).
     */
    static final String COMPILER_BUG_UNNOTICED = "compiled into classes the JVM rejects, unnoticed by the transformer";
    /** Why a program is skipped: javac crashed on it. */
    static final String JAVAC_CRASH = "crashed the compiler";

    /** How the coroutine variant of a program is rewritten and loaded. */
    enum Mode {
        /** Rewritten ahead of time, its own classes readable by the transformer. */
        AHEAD_OF_TIME("rewritten ahead of time"),
        /**
         * Rewritten when its loader defines it, as the agent does, with the agent's resolver for
         * that loader, which serves no class files (an in-memory compiler's loader).
         */
        AT_LOAD_WITHOUT_RESOURCES("rewritten at load time in a loader that serves no class files"),
        /** Rewritten ahead of time reading no other class, its main class then defined hidden. */
        HIDDEN("rewritten ahead of time, its main class defined hidden");

        final String description;

        Mode(String description) {
            this.description = description;
        }

        static Mode of(long seed) {
            return values()[(int) Math.floorMod(seed / 2, (long) values().length)];
        }
    }

    /**
     * The compiler of a seed's program: javac for even seeds, ECJ for odd ones.
     *
     * @param seed the seed
     * @return the compiler
     */
    static InMemoryCompiler.Compiler compilerOf(long seed) {
        return Math.floorMod(seed, 2L) == 0 ? InMemoryCompiler.Compiler.JAVAC : InMemoryCompiler.Compiler.ECJ;
    }

    /**
     * Compiles, rewrites, runs and compares a batch of programs.
     *
     * @param programs the programs (distinct seeds, so distinct packages)
     * @param verify whether to run ASM's verifier over each rewritten class
     * @return one verdict per program, in order
     */
    List<Verdict> run(List<Program> programs, boolean verify) {
        List<Program> byJavac = new ArrayList<>();
        List<Program> byEcj = new ArrayList<>();
        for (Program p : programs) {
            (compilerOf(p.seed()) == InMemoryCompiler.Compiler.JAVAC ? byJavac : byEcj).add(p);
        }
        Map<Program, Verdict> verdicts = new java.util.IdentityHashMap<>();
        for (Verdict v : runCompiledBy(javac, byJavac, verify)) {
            verdicts.put(v.program(), v);
        }
        for (Verdict v : runCompiledBy(ecj, byEcj, verify)) {
            verdicts.put(v.program(), v);
        }
        List<Verdict> out = new ArrayList<>();
        for (Program p : programs) {
            out.add(verdicts.get(p));
        }
        return out;
    }

    private List<Verdict> runCompiledBy(InMemoryCompiler compiler, List<Program> programs, boolean verify) {
        List<Verdict> verdicts = new ArrayList<>();
        if (programs.isEmpty()) {
            return verdicts;
        }
        Map<String, byte[]> async;
        Map<String, byte[]> plain;
        long start = System.nanoTime();
        try {
            try {
                async = compiler.compile(sources(programs, true));
                plain = compiler.compile(sources(programs, false));
            } catch (InMemoryCompiler.CompilationFailed maybeStale) {
                // Once more with a fresh view of the class path, in case a jar changed under it.
                compiler.reset();
                async = compiler.compile(sources(programs, true));
                plain = compiler.compile(sources(programs, false));
            }
        } catch (InMemoryCompiler.CompilationFailed batchFailed) {
            if (programs.size() == 1) {
                verdicts.add(
                        batchFailed.crashed()
                                ? new Verdict(programs.get(0), null, 0, JAVAC_CRASH)
                                : new Verdict(
                                        programs.get(0),
                                        batchFailed.getMessage() + "\n" + sources(programs.get(0)),
                                        0));
                return verdicts;
            }
            for (Program p : programs) {
                verdicts.addAll(runCompiledBy(compiler, List.of(p), verify));
            }
            return verdicts;
        }
        nanos[0] += System.nanoTime() - start;
        for (Program p : programs) {
            verdicts.add(compare(p, classesOf(p, async), classesOf(p, plain), verify));
        }
        return verdicts;
    }

    private static Map<String, String> sources(List<Program> programs, boolean async) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Program p : programs) {
            sources.put(p.className(), async ? p.asyncSource() : p.plainSource());
        }
        return sources;
    }

    private static Map<String, byte[]> classesOf(Program p, Map<String, byte[]> all) {
        Map<String, byte[]> mine = new TreeMap<>();
        String prefix = p.packageName() + ".";
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                mine.put(e.getKey(), e.getValue());
            }
        }
        return mine;
    }

    private Verdict compare(Program p, Map<String, byte[]> async, Map<String, byte[]> plain, boolean verify) {
        long start = System.nanoTime();
        try {
            return compareTimed(p, async, plain, verify);
        } finally {
            nanos[1] += System.nanoTime() - start;
        }
    }

    /**
     * Compares, and double-checks a failure: if the compiler's own classes do not pass the JVM's
     * verifier (javac 17 and ECJ have such bugs around switch expressions), the program proves
     * nothing but whether the transformer said so.
     */
    private Verdict compareTimed(Program p, Map<String, byte[]> async, Map<String, byte[]> plain, boolean verify) {
        Verdict v = compareOnce(p, async, plain, verify);
        if (v.failure() != null && (!linkable(p, async) || !linkable(p, plain))) {
            boolean reported = v.failure().contains("the class file does not verify");
            return new Verdict(p, null, 0, reported ? COMPILER_BUG : COMPILER_BUG_UNNOTICED);
        }
        return v;
    }

    /** Whether the JVM loads, verifies and initialises the program's classes as javac made them. */
    private static boolean linkable(Program p, Map<String, byte[]> classes) {
        ClassLoader loader = new ProgramLoader(classes);
        try {
            for (String name : classes.keySet()) {
                Class.forName(name, true, loader);
            }
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Verdict compareOnce(Program p, Map<String, byte[]> async, Map<String, byte[]> plain, boolean verify) {
        Mode mode = Mode.of(p.seed());
        Map<String, byte[]> rewritten = new TreeMap<>(async);
        // The loader that will run the rewritten program: the agent asks it for class files.
        ProgramLoader runLoader = new ProgramLoader(rewritten, mode == Mode.HIDDEN ? p.className() : null);
        programClasses.set(mode == Mode.AHEAD_OF_TIME ? async : Map.of());
        try {
            boolean any = false;
            for (Map.Entry<String, byte[]> e : async.entrySet()) {
                String internalName = e.getKey().replace('.', '/');
                CoroutineTransformer t = switch (mode) {
                    case AHEAD_OF_TIME -> transformer;
                    case AT_LOAD_WITHOUT_RESOURCES ->
                        new CoroutineTransformer(
                                ClassFileTypeResolver.forLoader(runLoader, internalName, e.getValue()));
                    case HIDDEN -> new CoroutineTransformer(name -> null);
                };
                byte[] out = t.transform(e.getValue());
                if (out != null) {
                    rewritten.put(e.getKey(), out);
                    any = true;
                }
            }
            if (!any) {
                return new Verdict(p, "the transformer rewrote no class of the program\n" + sources(p), 0);
            }
        } catch (TransformException e) {
            if (e.getMessage().contains("64 KiB limit")) {
                return new Verdict(p, null, 0, TOO_LARGE);
            }
            return new Verdict(p, "the transformer refused the program: " + stackTrace(e) + "\n" + sources(p), 0);
        } catch (RuntimeException | LinkageError e) {
            return new Verdict(p, "the transformer failed: " + stackTrace(e) + "\n" + sources(p), 0);
        } finally {
            programClasses.set(Map.of());
        }
        if (verify) {
            StringBuilder problems = new StringBuilder();
            for (Map.Entry<String, byte[]> e : rewritten.entrySet()) {
                if (e.getValue() != async.get(e.getKey())) {
                    problems.append(verify(e.getValue(), rewritten));
                }
            }
            if (problems.length() > 0) {
                return new Verdict(
                        p, "ASM's verifier rejected the rewritten classes:\n" + problems + "\n" + sources(p), 0);
            }
        }
        if (mode != Mode.HIDDEN) {
            String serialization = SerialBoundary.check(p, async, rewritten);
            if (serialization != null) {
                return new Verdict(p, serialization + "\n" + sources(p), 0);
            }
        }
        long start = System.nanoTime();
        Outcome reference = runPlain(p, plain);
        Outcome instrumented = runAsync(p, runLoader);
        long ran = System.nanoTime() - start;
        nanos[2] += ran;
        nanos[1] -= ran;
        String difference = difference(reference, instrumented);
        if (difference == null) {
            return new Verdict(p, null, instrumented.suspended());
        }
        return new Verdict(p, report(p, difference, reference, instrumented), instrumented.suspended());
    }

    private static Outcome runPlain(Program p, Map<String, byte[]> classes) {
        Env.reset(p.seed() ^ 0x5DEECE66DL, 0);
        Object value = null;
        Throwable error = null;
        try {
            value = entry(p, new ProgramLoader(classes)).invoke(null);
        } catch (InvocationTargetException e) {
            error = e.getCause();
        } catch (Throwable t) {
            error = t;
        }
        return outcome(value, error, Env.finish());
    }

    private static Outcome runAsync(Program p, ProgramLoader loader) {
        Env.reset(p.seed() ^ 0x5DEECE66DL, p.suspendProbability());
        Object value = null;
        Throwable error = null;
        try {
            Coroutine<?> main = (Coroutine<?>) entry(p, loader).invoke(null);
            value = Asyncio.run(main);
        } catch (InvocationTargetException e) {
            error = e.getCause();
        } catch (Throwable t) {
            error = t;
        }
        return outcome(value, error, Env.finish());
    }

    private static Outcome outcome(Object value, Throwable error, Env.Record r) {
        return new Outcome(Env.show(value), error, r.trace(), r.awaits(), r.suspended(), r.caught());
    }

    private static Method entry(Program p, ProgramLoader loader) throws ReflectiveOperationException {
        Class<?> c = loader.main(p.className());
        Method main = c.getDeclaredMethod("main");
        main.setAccessible(true);
        return main;
    }

    /** Null if both runs agree, else what differs first. */
    private static String difference(Outcome reference, Outcome instrumented) {
        if (!reference.result().equals(instrumented.result())) {
            return "results differ: plain " + reference.result() + ", coroutine " + instrumented.result();
        }
        List<String> a = reference.trace();
        List<String> b = instrumented.trace();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "<end>";
            String y = i < b.size() ? b.get(i) : "<end>";
            if (!Objects.equals(x, y)) {
                return "traces differ at event " + i + ": plain \"" + x + "\", coroutine \"" + y + "\"";
            }
        }
        if (reference.awaits() != instrumented.awaits()) {
            return "awaited " + reference.awaits() + " values in the plain run, " + instrumented.awaits()
                    + " in the coroutine run";
        }
        return null;
    }

    /** Class, message, suppressed exceptions and causes: what must agree between the runs. */
    static String describe(Throwable t) {
        StringBuilder sb =
                new StringBuilder(t.getClass().getName()).append(": ").append(t.getMessage());
        for (Throwable s : t.getSuppressed()) {
            sb.append(" [suppressed ").append(describe(s)).append(']');
        }
        if (t.getCause() != null && t.getCause() != t) {
            sb.append(" [cause ").append(describe(t.getCause())).append(']');
        }
        return sb.toString();
    }

    private static String report(Program p, String difference, Outcome reference, Outcome instrumented) {
        StringBuilder sb = new StringBuilder();
        sb.append(difference).append('\n');
        sb.append("plain run:     ").append(reference.result()).append('\n');
        sb.append("coroutine run: ")
                .append(instrumented.result())
                .append(" (")
                .append(instrumented.suspended())
                .append(" of ")
                .append(instrumented.awaits())
                .append(" awaits suspended)\n");
        if (instrumented.error() != null) {
            sb.append("coroutine run's exception: ")
                    .append(stackTrace(instrumented.error()))
                    .append('\n');
        }
        if (reference.error() != null && !reference.result().equals(instrumented.result())) {
            sb.append("plain run's exception: ")
                    .append(stackTrace(reference.error()))
                    .append('\n');
        }
        List<String> expected = new ArrayList<>();
        for (Throwable t : reference.caught()) {
            expected.add(describe(t));
        }
        int shown = 0;
        for (Throwable t : instrumented.caught()) {
            if (!expected.remove(describe(t)) && shown++ < 3) {
                sb.append("caught by the coroutine run only: ")
                        .append(stackTrace(t))
                        .append('\n');
            }
        }
        sb.append(traces(reference.trace(), instrumented.trace()));
        sb.append(sources(p));
        return sb.toString();
    }

    /** Events of a trace listed in full; a longer one is shown around its first difference. */
    private static final int TRACE_SHOWN = 2000;

    private static String traces(List<String> a, List<String> b) {
        StringBuilder sb = new StringBuilder("---- traces (plain | coroutine), '*' marks a difference\n");
        int n = Math.max(a.size(), b.size());
        int from = 0;
        int to = n;
        if (n > TRACE_SHOWN) {
            int first = 0;
            while (first < Math.min(a.size(), b.size()) && a.get(first).equals(b.get(first))) {
                first++;
            }
            from = Math.max(0, first - TRACE_SHOWN / 2);
            to = Math.min(n, from + TRACE_SHOWN);
            sb.append("(")
                    .append(a.size())
                    .append(" and ")
                    .append(b.size())
                    .append(" events; showing ")
                    .append(from)
                    .append(" to ")
                    .append(to - 1)
                    .append(")\n");
        }
        for (int i = from; i < to; i++) {
            String x = i < a.size() ? a.get(i) : "<end>";
            String y = i < b.size() ? b.get(i) : "<end>";
            sb.append(Objects.equals(x, y) ? "  " : "* ")
                    .append(String.format("%4d  ", i))
                    .append(x);
            if (!Objects.equals(x, y)) {
                sb.append("  |  ").append(y);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String sources(Program p) {
        return "---- seed " + Long.toUnsignedString(p.seed()) + ", compiled by " + compilerOf(p.seed()) + ", "
                + Mode.of(p.seed()).description + ", suspend probability " + p.suspendProbability()
                + "; rerun with -Djasyncio.fuzz.seed=" + Long.toUnsignedString(p.seed()) + " -Djasyncio.fuzz.count=1"
                + ProgramGenerator.nonDefaultProperties() + "\n"
                + "---- coroutine variant\n" + numbered(p.asyncSource())
                + "---- plain variant\n" + numbered(p.plainSource());
    }

    private static String numbered(String source) {
        StringBuilder sb = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            sb.append(String.format("%4d  ", i + 1)).append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /**
     * ASM's bytecode verifier over a rewritten class and the frame classes it embeds; empty when
     * everything verifies. (The same check as the transformer tests' {@code Fixtures.verify}.)
     */
    static String verify(byte[] rewritten, Map<String, byte[]> programClasses) {
        Map<String, byte[]> all = new TreeMap<>(programClasses);
        Map<String, byte[]> frames = embeddedFrames(rewritten);
        all.putAll(frames);
        ClassLoader loader = new ProgramLoader(all);
        StringWriter out = new StringWriter();
        PrintWriter pw = new PrintWriter(out);
        CheckClassAdapter.verify(new ClassReader(rewritten), loader, false, pw);
        for (byte[] f : frames.values()) {
            CheckClassAdapter.verify(new ClassReader(f), loader, false, pw);
        }
        pw.flush();
        return out.toString();
    }

    private static Map<String, byte[]> embeddedFrames(byte[] rewritten) {
        ClassNode cn = new ClassNode();
        new ClassReader(rewritten).accept(cn, 0);
        Map<String, byte[]> frames = new TreeMap<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof InvokeDynamicInsnNode
                        && ((InvokeDynamicInsnNode) insn).bsm.getName().equals("frameFactory")) {
                    Object[] args = ((InvokeDynamicInsnNode) insn).bsmArgs;
                    StringBuilder sb = new StringBuilder();
                    for (int i = 3; i < args.length; i++) {
                        sb.append((String) args[i]);
                    }
                    frames.put((String) args[1], sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }
        return frames;
    }

    /**
     * A fresh loader for one run: the program's classes; everything else (Env, the runtime) from
     * the parent. It serves no class files as resources, as an in-memory compiler's loader.
     */
    static final class ProgramLoader extends ClassLoader {
        private final Map<String, byte[]> classes;
        private final String hidden;

        ProgramLoader(Map<String, byte[]> classes) {
            this(classes, null);
        }

        /**
         * A loader whose class {@code hidden} is defined as a hidden class of its package.
         *
         * @param classes the program's classes
         * @param hidden binary name of the class to define hidden, or null
         */
        ProgramLoader(Map<String, byte[]> classes, String hidden) {
            super(DifferentialRunner.class.getClassLoader());
            this.classes = classes;
            this.hidden = hidden;
        }

        /** The program's main class, initialised: hidden (defined from a lookup of its package) if so made. */
        Class<?> main(String name) throws ReflectiveOperationException {
            if (!name.equals(hidden)) {
                return Class.forName(name, true, this);
            }
            // A full-privilege lookup in the program's package: from a class made for that.
            String helper = name.substring(0, name.lastIndexOf('.') + 1) + "LookupHelper";
            byte[] bytes = lookupHelper(helper.replace('.', '/'));
            Class<?> anchor = defineClass(helper, bytes, 0, bytes.length);
            MethodHandles.Lookup lookup =
                    (MethodHandles.Lookup) anchor.getMethod("lookup").invoke(null);
            Class<?> c = lookup.defineHiddenClass(classes.get(name), true).lookupClass();
            if (!c.isHidden()) {
                throw new IllegalStateException(c + " is not hidden");
            }
            return c;
        }

        /** {@code public final class Helper { public static Lookup lookup() { return MethodHandles.lookup(); } }} */
        private static byte[] lookupHelper(String internalName) {
            org.objectweb.asm.ClassWriter cw =
                    new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_MAXS);
            cw.visit(
                    org.objectweb.asm.Opcodes.V17,
                    org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_FINAL,
                    internalName,
                    null,
                    "java/lang/Object",
                    null);
            org.objectweb.asm.MethodVisitor mv = cw.visitMethod(
                    org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_STATIC,
                    "lookup",
                    "()Ljava/lang/invoke/MethodHandles$Lookup;",
                    null,
                    null);
            mv.visitCode();
            mv.visitMethodInsn(
                    org.objectweb.asm.Opcodes.INVOKESTATIC,
                    "java/lang/invoke/MethodHandles",
                    "lookup",
                    "()Ljava/lang/invoke/MethodHandles$Lookup;",
                    false);
            mv.visitInsn(org.objectweb.asm.Opcodes.ARETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            cw.visitEnd();
            return cw.toByteArray();
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            // The hidden class's name stays loadable too (its nested classes name it as their
            // outer class); its static state is separate, so a call of the named class instead
            // of the hidden one would show in the trace.
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }

    /** The program being rewritten, as class files for the transformer's type resolver. */
    static final class ProgramClasses implements ClassFileLocator {
        private volatile ClassFileLocator classes = ClassFileLocator.NoOp.INSTANCE;

        void set(Map<String, byte[]> classes) {
            this.classes = new ClassFileLocator.Simple(classes);
        }

        @Override
        public Resolution locate(String name) throws IOException {
            return classes.locate(name);
        }

        @Override
        public void close() {}
    }
}
