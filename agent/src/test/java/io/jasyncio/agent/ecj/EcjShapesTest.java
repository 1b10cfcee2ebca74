package io.jasyncio.agent.ecj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape suite compiled by the Eclipse compiler (ECJ) instead of javac: the {@code *IT} classes
 * of {@code io.jasyncio.agent.shapes}, compiled from their sources by ECJ, rewritten ahead of time by the transformer
 * (reading no other class), loaded in a loader of their own, and every one of their tests run.
 * ECJ emits other bytecode for the same source (switch expressions, string concatenation,
 * finally blocks, locals' slots), so the same assertions check the rewrite of those shapes. The
 * failsafe run of the same classes checks javac's, under the agent.
 */
class EcjShapesTest {

    @Test
    void everyShapeTestPassesWhenTheShapesAreCompiledByEcj(@TempDir Path dir) throws Exception {
        Map<String, byte[]> classes = compileWithEcj(dir);
        Map<String, byte[]> rewritten = new TreeMap<>();
        CoroutineTransformer transformer = new CoroutineTransformer(name -> null);
        int changed = 0;
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            byte[] out = transformer.transform(e.getValue());
            rewritten.put(e.getKey(), out == null ? e.getValue() : out);
            changed += out == null ? 0 : 1;
        }
        assertTrue(changed > 20, "rewrote " + changed + " classes");
        ClassLoader loader = new ChildFirst(rewritten);
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (String name : classes.keySet()) {
            if (!name.endsWith("IT")) {
                continue;
            }
            Class<?> c = Class.forName(name, true, loader);
            for (Method m : c.getDeclaredMethods()) {
                if (!isTest(m)) {
                    continue;
                }
                ran++;
                try {
                    Constructor<?> constructor = c.getDeclaredConstructor();
                    constructor.setAccessible(true);
                    m.setAccessible(true);
                    m.invoke(constructor.newInstance());
                } catch (InvocationTargetException e) {
                    StringWriter w = new StringWriter();
                    e.getCause().printStackTrace(new PrintWriter(w));
                    failures.add(c.getSimpleName() + "." + m.getName() + ": " + w);
                }
            }
        }
        assertTrue(ran > 200, "ran " + ran + " tests");
        assertEquals(List.of(), failures, failures.size() + " of " + ran + " tests failed");
    }

    private static boolean isTest(Method m) {
        return m.getParameterCount() == 0
                && Stream.of(m.getAnnotations())
                        .anyMatch(a -> a.annotationType().getName().equals("org.junit.jupiter.api.Test"));
    }

    private static Map<String, byte[]> compileWithEcj(Path dir) throws IOException {
        Path sources = Path.of("src/test/java/io/jasyncio/agent/shapes");
        List<String> args = new ArrayList<>(List.of(
                "--release",
                "17",
                "-classpath",
                System.getProperty("java.class.path"),
                "-g",
                "-parameters",
                "-proc:none",
                "-nowarn",
                "-encoding",
                "UTF-8",
                "-d",
                dir.toString()));
        try (Stream<Path> files = Files.list(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> args.add(f.toString()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        boolean ok =
                BatchCompiler.compile(args.toArray(new String[0]), new PrintWriter(out), new PrintWriter(err), null);
        assertTrue(ok, "ECJ:\n" + err + out);
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.naturalOrder())::iterator) {
                String name = dir.relativize(f).toString();
                if (name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), Files.readAllBytes(f));
                }
            }
        }
        return classes;
    }

    /** The ECJ-compiled shapes first, then the test class path (the runtime, JUnit). */
    private static final class ChildFirst extends ClassLoader {
        private final Map<String, byte[]> classes;

        ChildFirst(Map<String, byte[]> classes) {
            super(EcjShapesTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && classes.containsKey(name)) {
                    byte[] b = classes.get(name);
                    c = defineClass(name, b, 0, b.length);
                }
                if (c == null) {
                    return super.loadClass(name, resolve);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
