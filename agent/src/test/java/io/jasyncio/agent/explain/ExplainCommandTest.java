package io.jasyncio.agent.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Coroutine;
import io.jasyncio.abi.Frame;
import io.jasyncio.agent.internal.ClassFileTypeResolver;
import io.jasyncio.agent.internal.model.MethodPlan;
import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The {@code explain} command over the fixtures in {@code fixtures/}, compiled with {@code -g}.
 * The lines each explanation must report are read from the fixture's source, where
 * {@code // point K} and {@code // throws} comments mark them.
 */
class ExplainCommandTest {
    private static final String FIXTURES = "io/jasyncio/agent/explain/fixtures/";
    private static final String EXPLAINED = FIXTURES + "Explained.class";
    private static final String PLAIN = FIXTURES + "Plain.class";

    @TempDir
    Path tmp;

    // ---- support ----------------------------------------------------------------------------

    private record Run(int code, String out, String err) {}

    private static Run explain(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ExplainCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The fixture's class file where the test build put it. */
    private static Path classFile(String resource) {
        try {
            return Path.of(ClassLoader.getSystemResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String resource) {
        try {
            return Files.readAllBytes(classFile(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the runtime's classes are (its Frame answers the frame-size question). */
    private static String runtimeClasspath() {
        try {
            return Path.of(Coroutine.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Explanation> explanations(byte[] classFile) {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.ofSystemLoader();
        Explainer.ClassResult r = new Explainer(new ClassFileTypeResolver(locator), locator).explain(classFile);
        assertEquals(null, r.error());
        return r.methods();
    }

    private static Explanation method(List<Explanation> all, String name) {
        return all.stream().filter(e -> e.methodName().equals(name)).findFirst().orElseThrow();
    }

    /** For each method of Explained.java, the lines marked {@code // point K}, in K order, and {@code // throws}. */
    private static Map<String, Map<String, List<Integer>>> markers() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/" + FIXTURES + "Explained.java"));
        Pattern method = Pattern.compile("public static \\S+(?:<[^>]*>)? (\\w+)\\(");
        Pattern point = Pattern.compile("// point (\\d+)");
        Map<String, Map<String, List<Integer>>> out = new HashMap<>();
        String current = null;
        for (int i = 0; i < source.size(); i++) {
            String l = source.get(i);
            Matcher m = method.matcher(l);
            if (m.find()) {
                current = m.group(1);
                out.put(current, new HashMap<>());
                out.get(current).put("points", new ArrayList<>());
                out.get(current).put("throws", new ArrayList<>());
            }
            Matcher p = point.matcher(l);
            if (p.find() && current != null) {
                List<Integer> points = out.get(current).get("points");
                assertEquals(points.size() + 1, Integer.parseInt(p.group(1)), "markers numbered in order");
                points.add(i + 1);
            }
            if (l.contains("// throws") && current != null) {
                out.get(current).get("throws").add(i + 1);
            }
        }
        return out;
    }

    private static List<String> saved(Explanation.State s) {
        return s.saved().stream()
                .map(v -> v.origin() + " " + v.name() + ": " + v.type() + " -> " + v.field())
                .collect(Collectors.toList());
    }

    // ---- what an explanation says -------------------------------------------------------------

    @Test
    void aMethodHasAStartStateAndOneStatePerSuspensionPointAtItsLine() throws IOException {
        Explanation loop = method(explanations(bytes(EXPLAINED)), "loop");
        List<Integer> lines = markers().get("loop").get("points");
        assertEquals(1 + lines.size(), loop.states().size());
        assertEquals("start", loop.states().get(0).kind());
        for (int k = 1; k < loop.states().size(); k++) {
            Explanation.State s = loop.states().get(k);
            assertEquals(k, s.label());
            assertEquals(lines.get(k - 1), s.line(), "line of point " + k);
            assertEquals("await", s.kind());
            assertEquals("Coroutine", s.operandType(), "the awaited expression's static type");
        }
        assertEquals("Explained.java", loop.sourceFile());
    }

    @Test
    void eachPointSavesTheLiveVariablesByNameAndTypeInTypedFields() {
        Explanation loop = method(explanations(bytes(EXPLAINED)), "loop");
        // At the loop's await, `seen` is dead (assigned before it is read again) and `ratio`, `s` do not exist yet.
        assertEquals(
                List.of(
                        "param n: int -> I$0",
                        "param tag: String -> L$0",
                        "local total: long -> J$0",
                        "local i: int -> I$1"),
                saved(loop.states().get(1)));
        // After the loop only `seen` and `s` are read again; the fields are reused.
        assertEquals(
                List.of("local seen: boolean -> I$0", "local s: String -> L$0"),
                saved(loop.states().get(2)));
        assertEquals("int", loop.states().get(2).saved().get(0).savedType(), "a boolean is kept in an int field");
        assertEquals("(String) L$0", loop.states().get(2).saved().get(1).restore(), "references are cast back");
        assertEquals(
                List.of("param n: int -> I$0", "param tag: String -> L$0"),
                saved(loop.states().get(0)));
    }

    @Test
    void aValueOnTheOperandStackIsShownAsASpilledStackSlot() throws IOException {
        Explanation stacked = method(explanations(bytes(EXPLAINED)), "stacked");
        Explanation.State point = stacked.states().get(1);
        assertEquals(markers().get("stacked").get("points").get(0), point.line());
        assertEquals(List.of("stack stack[0]: int -> I$0"), saved(point), "base * 2 waits on the stack; base is dead");
    }

    @Test
    void theFrameLayoutListsEveryFieldWithWhatItHoldsAndCountsTheInheritedFields() {
        Explanation loop = method(explanations(bytes(EXPLAINED)), "loop");
        Explanation.Layout l = loop.layout();
        assertEquals(
                List.of("label", "I$0", "I$1", "J$0", "L$0"),
                l.fields().stream().map(Explanation.Field::name).collect(Collectors.toList()));
        assertEquals("0: n, 1: n, 2: seen", l.fields().get(1).holds());
        // The inherited fields are the runtime Frame's own instance fields, read from its class file.
        List<String> frameFields = new ArrayList<>();
        for (Class<?> c = Frame.class; c != Object.class; c = c.getSuperclass()) {
            List<String> mine = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    mine.add(f.getName());
                }
            }
            frameFields.addAll(0, mine);
        }
        assertTrue(l.inheritedKnown());
        assertEquals(
                frameFields,
                l.inherited().stream()
                        .map(s -> s.substring(s.lastIndexOf(' ') + 1))
                        .collect(Collectors.toList()));
        int total = 12 + l.inheritedBytes() + 4 + 4 + 4 + 8 + 4;
        assertEquals((total + 7) / 8 * 8, l.estimatedBytes());
    }

    @Test
    void aGeneratorsYieldsAreItsSuspensionPoints() throws IOException {
        Explanation counter = method(explanations(bytes(EXPLAINED)), "counter");
        assertEquals("generator", counter.kind());
        assertEquals("io.jasyncio.abi.GeneratorFrame", counter.frameSuper());
        assertEquals(2, counter.states().size());
        assertEquals("yield", counter.states().get(1).kind());
        assertEquals("Integer", counter.states().get(1).operandType(), "Yield.value(i) boxes i");
        assertEquals(
                markers().get("counter").get("points").get(0),
                counter.states().get(1).line());
        assertEquals(
                List.of("param upTo: int -> I$0", "local i: int -> I$1"),
                saved(counter.states().get(1)));
    }

    @Test
    void anExceptionResumedIntoATryLeavesTheMethodFromTheHandlersThrow() throws IOException {
        Explanation guarded = method(explanations(bytes(EXPLAINED)), "guarded");
        List<Integer> throwsAt = markers().get("guarded").get("throws");
        Explanation.Edge fromResume = guarded.edges().stream()
                .filter(e -> e.from().equals("s1") && e.kind().equals("throw"))
                .findFirst()
                .orElseThrow();
        assertEquals(throwsAt, fromResume.lines(), "the await is inside the try: only the handler's throw escapes");
    }

    @Test
    void withoutALocalVariableTableVariablesAreNamedBySlot() {
        ClassWriter w = new ClassWriter(0);
        new ClassReader(bytes(EXPLAINED))
                .accept(
                        new ClassVisitor(Opcodes.ASM9, w) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String descriptor, String signature, String[] exceptions) {
                                return new MethodVisitor(
                                        Opcodes.ASM9,
                                        super.visitMethod(access, name, descriptor, signature, exceptions)) {
                                    @Override
                                    public void visitLocalVariable(
                                            String n, String d, String s, Label start, Label end, int index) {
                                        // Dropped, as javac does without -g.
                                    }
                                };
                            }
                        },
                        0);
        Explanation loop = method(explanations(w.toByteArray()), "loop");
        assertEquals(
                List.of(
                        "param slot 0: int -> I$0",
                        "param slot 1: String -> L$0",
                        "local slot 2: long -> J$0",
                        "local slot 5: int -> I$1"),
                saved(loop.states().get(1)));
    }

    @Test
    void observingThePassesLeavesTheBytesAndPlansAsTheTransformerMakesThem() {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.ofSystemLoader();
        CoroutineTransformer t = new CoroutineTransformer(new ClassFileTypeResolver(locator));
        byte[] original = bytes(EXPLAINED);
        List<CoroutineTransformer.Trace> traces = new ArrayList<>();
        CoroutineTransformer.Result observed = t.analyze(original, traces::add);
        assertTrue(Arrays.equals(t.transform(original), observed.bytes()));
        assertEquals(
                observed.methods().stream().map(MethodPlan::name).collect(Collectors.toList()),
                traces.stream().map(tr -> tr.method().name).collect(Collectors.toList()));
        for (int i = 0; i < traces.size(); i++) {
            assertEquals(observed.methods().get(i), traces.get(i).plan());
        }
    }

    @Test
    void anAwaitThatDeclaresAnExceptionIsAnAwaitAndShowsTheClass() throws IOException {
        Explanation declares = method(explanations(bytes(EXPLAINED)), "declares");
        Explanation.State point = declares.states().get(1);
        assertEquals("await", point.kind());
        assertEquals("Coroutine", point.operandType());
        assertEquals("java.io.IOException", point.mayThrow());
        assertEquals(markers().get("declares").get("points"), List.of(point.line()));
        Run r = explain(classFile(EXPLAINED).toString(), "declares");
        assertEquals(0, r.code(), r.err());
        assertTrue(
                Pattern.compile("(?m)^ +1 +" + point.line() + " +await +Coroutine, may throw java.io.IOException ")
                        .matcher(r.out())
                        .find(),
                r.out());
        assertTrue(
                r.out().contains("State 1 · await Coroutine, may throw java.io.IOException · Explained.java:"),
                r.out());
        assertTrue(
                DotGraph.render(declares).contains("state 1: await Coroutine, may throw java.io.IOException\\n"),
                DotGraph.render(declares));
    }

    // ---- the command --------------------------------------------------------------------------

    @Test
    void theReportHasALegendTheStatesTableAndTheSavedValues() throws IOException {
        Run r = explain(classFile(EXPLAINED).toString(), "loop", "--classpath", runtimeClasspath());
        assertEquals(0, r.code(), r.err());
        List<Integer> lines = markers().get("loop").get("points");
        assertTrue(r.out().contains("How to read this"), r.out());
        assertTrue(
                r.out().contains("io.jasyncio.agent.explain.fixtures.Explained.loop(int, String)  ·  coroutine"),
                r.out());
        assertTrue(r.out().contains("States: 3"), r.out());
        for (int k = 1; k <= lines.size(); k++) {
            assertTrue(
                    Pattern.compile("(?m)^ +" + k + " +" + lines.get(k - 1) + " +await +Coroutine ")
                            .matcher(r.out())
                            .find(),
                    "states table row " + k + ":\n" + r.out());
        }
        assertTrue(
                Pattern.compile("(?m)^ +local +total +long +2 +J\\$0 +total = J\\$0$")
                        .matcher(r.out())
                        .find(),
                r.out());
        assertTrue(
                Pattern.compile("(?m)^ +local +seen +boolean \\(saved as int\\) +4 +I\\$0 +seen = I\\$0$")
                        .matcher(r.out())
                        .find(),
                r.out());
        assertFalse(r.out().contains("stacked"), "only the method asked for");
    }

    @Test
    void theDotFileHasANodePerStateAndAnEdgePerTransition() throws IOException {
        Path dir = tmp.resolve("graphs");
        Run r = explain(
                classFile(EXPLAINED).toString(), "loop", "--dot", dir.toString(), "--classpath", runtimeClasspath());
        assertEquals(0, r.code(), r.err());
        Path dot = dir.resolve("io.jasyncio.agent.explain.fixtures.Explained.loop.dot");
        String text = Files.readString(dot);
        Set<String> nodes = new TreeSet<>();
        Matcher n = Pattern.compile("(?m)^  (\\w+) \\[").matcher(text);
        while (n.find()) {
            if (!Set.of("node", "edge").contains(n.group(1))) {
                nodes.add(n.group(1));
            }
        }
        assertEquals(new TreeSet<>(List.of("caller", "s0", "s1", "s2", "returned", "raised")), nodes);
        Set<String> edges = new TreeSet<>();
        Matcher e = Pattern.compile("(?m)^  (\\w+) -> (\\w+) \\[label=\"[^\"]*\", class=\"(\\w+)\"")
                .matcher(text);
        while (e.find()) {
            edges.add(e.group(1) + " -" + e.group(3) + "-> " + e.group(2));
        }
        // count() of the loop may be 0 (straight to the last await); the loop's await comes back to
        // itself or goes on to the last one; only the last one reaches the return.
        assertEquals(
                new TreeSet<>(List.of(
                        "caller -start-> s0",
                        "caller -resume-> s1",
                        "caller -resume-> s2",
                        "s0 -suspend-> s1",
                        "s0 -suspend-> s2",
                        "s1 -suspend-> s1",
                        "s1 -suspend-> s2",
                        "s1 -throw-> raised",
                        "s2 -return-> returned",
                        "s2 -throw-> raised")),
                edges);
        int line1 = markers().get("loop").get("points").get(0);
        assertTrue(
                text.contains("s1 [label=\"state 1: await Coroutine\\nline " + line1 + "\\nsaves:\\l  n: int → I$0"),
                text);
        Path svg = dir.resolve("io.jasyncio.agent.explain.fixtures.Explained.loop.svg");
        if (ExplainCommand.findOnPath("dot") != null) {
            assertTrue(Files.readString(svg).contains("<svg"), "dot is on the PATH, so an SVG is made");
            assertTrue(r.out().contains(svg.toString()), r.out());
        } else {
            assertFalse(Files.exists(svg));
            assertTrue(r.out().contains("install Graphviz"), r.out());
        }
    }

    @Test
    void aMethodCanBeChosenByNameOrByNameAndDescriptor() {
        String target = classFile(EXPLAINED).toString();
        Run byName = explain(target, "stacked");
        assertEquals(0, byName.code(), byName.err());
        assertTrue(byName.out().contains("Explained.stacked(int)"), byName.out());
        assertFalse(byName.out().contains("Explained.loop("), byName.out());
        Run byDescriptor = explain(target, "counter(I)Lio/jasyncio/Generator;");
        assertEquals(0, byDescriptor.code(), byDescriptor.err());
        assertTrue(byDescriptor.out().contains("Explained.counter(int)  ·  generator"), byDescriptor.out());
        assertEquals(1, byDescriptor.out().split("━━━ ").length - 1, "one method");
    }

    @Test
    void anUnknownMethodIsAnErrorListingTheCoroutineMethods() {
        Run r = explain(classFile(EXPLAINED).toString(), "plain");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no coroutine method matching 'plain'"), r.err());
        assertTrue(r.err().contains("io.jasyncio.agent.explain.fixtures.Explained.loop(ILjava/lang/String;)"), r.err());
    }

    @Test
    void aJarIsExplainedClassByClass() throws IOException {
        Path jar = tmp.resolve("fixtures.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String c : List.of(EXPLAINED, PLAIN)) {
                out.putNextEntry(new JarEntry(c));
                out.write(bytes(c));
                out.closeEntry();
            }
        }
        Run r = explain(jar.toString(), "--classpath", runtimeClasspath());
        assertEquals(0, r.code(), r.err());
        for (String m : List.of("loop(int, String)", "stacked(int)", "guarded()", "counter(int)")) {
            assertTrue(r.out().contains("Explained." + m + "  ·  "), m + " in\n" + r.out());
        }
        assertFalse(r.out().contains("Plain"), r.out());
    }

    @Test
    void aClassesFolderIsExplainedClassByClass() throws IOException {
        Path folder = tmp.resolve("classes");
        for (String c : List.of(EXPLAINED, PLAIN)) {
            Path f = folder.resolve(c);
            Files.createDirectories(f.getParent());
            Files.write(f, bytes(c));
        }
        Run r = explain(folder.toString(), "guarded");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Explained.guarded()  ·  coroutine"), r.out());
    }

    @Test
    void aClassWithoutCoroutinesSaysSo() {
        Run r = explain(classFile(PLAIN).toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("no coroutine methods in " + classFile(PLAIN), r.out().trim());
    }

    @Test
    void aClassAlreadyRewrittenIsRecognised() throws IOException {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.ofSystemLoader();
        byte[] rewritten = new CoroutineTransformer(new ClassFileTypeResolver(locator)).transform(bytes(EXPLAINED));
        Path f = tmp.resolve("Explained.class");
        Files.write(f, rewritten);
        Run r = explain(f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("no coroutine methods") && r.out().contains("already rewritten"), r.out());
    }

    @Test
    void aBadTargetIsAClearErrorWithExitCode2() throws IOException {
        Path missing = tmp.resolve("missing.jar");
        Run none = explain(missing.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no such file or folder: " + missing), none.err());

        Path notAClass = tmp.resolve("Fake.class");
        Files.writeString(notAClass, "hello");
        Run fake = explain(notAClass.toString());
        assertEquals(2, fake.code());
        assertTrue(fake.err().contains("is not a class file"), fake.err());

        Path brokenJar = tmp.resolve("broken.jar");
        Files.writeString(brokenJar, "not a zip");
        Run broken = explain(brokenJar.toString());
        assertEquals(2, broken.code());
        assertTrue(broken.err().contains("is not a readable jar"), broken.err());

        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "x");
        Run other = explain(text.toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("is not a .class file, a classes folder or a .jar"), other.err());

        Run usage = explain();
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("usage: java -jar jasyncio-agent.jar explain TARGET"), usage.err());

        Run option = explain(classFile(EXPLAINED).toString(), "--frobnicate");
        assertEquals(2, option.code());
        assertTrue(option.err().contains("unknown option --frobnicate"), option.err());
    }

    @Test
    void theBytecodeIsShownSideBySideWithTheResumeSwitchMarkedAndItsLabelsNamed() {
        Run r = explain(classFile(EXPLAINED).toString(), "loop", "--bytecode", "--width", "200");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(
                Pattern.compile(
                                "(?m)^  original loop\\(ILjava/lang/String;\\)Lio/jasyncio/Coroutine; +│ rewritten: stub")
                        .matcher(out)
                        .find(),
                out);
        assertTrue(Pattern.compile("(?m)│ ▶ +TABLESWITCH$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)│ ▶ +1: STATE_1$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)│ ▶ +GOTO RESUME_1$").matcher(out).find(), out);
        // The original await faces the intrinsic that replaced it, on the same row.
        assertTrue(
                Pattern.compile("(?m)^ +INVOKESTATIC io/jasyncio/Asyncio\\.await .*│ +"
                                + "INVOKESTATIC io/jasyncio/abi/Intrinsics\\.await ")
                        .matcher(out)
                        .find(),
                out);
        assertEquals(
                2,
                out.split("// suspension point 1\n", -1).length
                        - 1
                        + out.split("// suspension point 1 ", -1).length
                        - 1,
                "both sides mark point 1");
        // Every source line's code faces the same source line's rewritten code.
        Matcher rows = Pattern.compile("(?m)^ +LINENUMBER (\\d+) \\w+ +│ +LINENUMBER (\\d+) \\w+$")
                .matcher(out);
        int rowsSeen = 0;
        while (rows.find()) {
            assertEquals(rows.group(1), rows.group(2));
            rowsSeen++;
        }
        assertTrue(rowsSeen >= 6, "line numbers paired: " + rowsSeen);
        for (String line : out.split("\n")) {
            assertTrue(line.length() <= 200 + 10, "fits the width: " + line);
        }
    }

    @Test
    void narrowOutputShowsTheListingsOneAfterTheOther() {
        Run r = explain(classFile(EXPLAINED).toString(), "stacked", "--bytecode", "--width", "80");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        int original = out.indexOf("  original stacked(I)Lio/jasyncio/Coroutine;\n");
        int body = out.indexOf("  rewritten: body static stacked(Frame, Object, Throwable)\n");
        assertTrue(original > 0 && body > original, out);
        assertFalse(out.contains(" │ "), out);
        assertTrue(Pattern.compile("(?m)^  ▶ +TABLESWITCH$").matcher(out).find(), out);
    }

    @Test
    void withoutTheRuntimeOnTheClassPathTheInheritedFieldsAreAssumedAndSaid() {
        ClassFileLocator onlyPlatform = ClassFileLocator.ForClassLoader.ofPlatformLoader();
        Explainer.ClassResult r = new Explainer(
                        new ClassFileTypeResolver(ClassFileLocator.ForClassLoader.ofSystemLoader()), onlyPlatform)
                .explain(bytes(EXPLAINED));
        Explanation.Layout l = method(r.methods(), "loop").layout();
        assertFalse(l.inheritedKnown());
        assertTrue(TextReport.method(method(r.methods(), "loop")).contains("is not on the class path"));
        // The assumption must follow the runtime's real Frame, field by field.
        int real = 0;
        for (Class<?> c = Frame.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    Class<?> t = f.getType();
                    real += t == long.class || t == double.class
                            ? 8
                            : t == short.class || t == char.class ? 2 : t == byte.class || t == boolean.class ? 1 : 4;
                }
            }
        }
        assertEquals(real, l.inheritedBytes(), "the assumed Frame layout is out of date");
    }
}
