package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.agent.internal.ClassFileTypeResolver;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

/**
 * Shape 3, the part that needs Java 21 sources: awaits in the arms of a pattern {@code switch}
 * with record patterns and guards. Compiled in-process with {@code --release 21} when the JDK
 * running the tests is 21 or newer (CI's JDK 25 run), then rewritten and run both ready and
 * suspending.
 */
class PatternSwitchTest {
    private static final String SOURCE = """
            package p;
            import static io.jasyncio.Asyncio.*;
            import io.jasyncio.*;
            public class Shapes {
                sealed interface Shape permits Circle, Square, Rect {}
                record Circle(int r) implements Shape {}
                record Square(int side) implements Shape {}
                record Rect(int w, int h) implements Shape {}
                public static boolean suspend;
                static <T> Future<T> v(T value) {
                    Future<T> f = getRunningLoop().createFuture();
                    if (suspend) { getRunningLoop().callSoon(() -> f.setResult(value)); } else { f.setResult(value); }
                    return f;
                }
                @Async
                static Coroutine<String> describe(Object o) {
                    String d = switch (o) {
                        case Circle(int r) when r > (int) await(v(10)) -> "big circle " + await(v(r));
                        case Circle c -> "circle " + c.r();
                        case Square(int s) -> "square " + ((int) await(v(s)) * s);
                        case Rect(int w, int h) -> {
                            int area = w * (int) await(v(h));
                            yield "rect " + area;
                        }
                        case String s -> "text " + await(v(s.length()));
                        case null -> "null " + await(v("!"));
                        default -> "other";
                    };
                    return done(d);
                }
                @Async
                public static Coroutine<java.util.List<String>> all() {
                    java.util.List<String> out = new java.util.ArrayList<>();
                    for (Object o : new Object[] {new Circle(11), new Circle(3), new Square(4), new Rect(2, 5), "abc", null, 7}) {
                        out.add(await(describe(o)));
                    }
                    return done(out);
                }
            }
            """;

    @Test
    void awaitsInPatternSwitchArmsAndGuards() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "pattern switch needs Java 21 sources; runs on CI's JDK 25");
        Map<String, byte[]> classes = compile("p.Shapes", SOURCE);
        CoroutineTransformer t = new CoroutineTransformer(new ClassFileTypeResolver(new ClassFileLocator.Compound(
                new ClassFileLocator.Simple(classes), ClassFileLocator.ForClassLoader.ofSystemLoader())));
        Map<String, byte[]> rewritten = new HashMap<>();
        for (var e : classes.entrySet()) {
            byte[] out = t.transform(e.getValue());
            rewritten.put(e.getKey(), out != null ? out : e.getValue());
        }
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = rewritten.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        assertEquals("", Fixtures.verify(rewritten.get("p.Shapes"), loader));
        Class<?> shapes = loader.loadClass("p.Shapes");
        List<String> expected =
                List.of("big circle 11", "circle 3", "square 16", "rect 10", "text 3", "null !", "other");
        for (boolean suspend : new boolean[] {false, true}) {
            shapes.getField("suspend").setBoolean(null, suspend);
            Object result = Asyncio.run((Coroutine<?>) shapes.getMethod("all").invoke(null));
            assertEquals(expected, result, "suspending=" + suspend);
        }
    }

    private static Map<String, byte[]> compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> outputs = new HashMap<>();
        JavaFileManager files =
                new ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
                    @Override
                    public JavaFileObject getJavaFileForOutput(
                            Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                        return new SimpleJavaFileObject(
                                URI.create("mem:///" + name.replace('.', '/') + ".class"), kind) {
                            @Override
                            public OutputStream openOutputStream() {
                                return outputs.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                            }
                        };
                    }
                };
        JavaFileObject src =
                new SimpleJavaFileObject(
                        URI.create("string:///" + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        StringBuilder diagnostics = new StringBuilder();
        boolean ok = javac.getTask(
                        null,
                        files,
                        d -> diagnostics.append(d).append('\n'),
                        List.of("--release", "21", "-g", "-classpath", System.getProperty("java.class.path")),
                        null,
                        List.of(src))
                .call();
        assertEquals(true, ok, diagnostics.toString());
        Map<String, byte[]> classes = new HashMap<>();
        outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }
}
