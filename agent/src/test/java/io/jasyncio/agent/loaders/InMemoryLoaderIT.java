package io.jasyncio.agent.loaders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A class compiled in memory and defined by a loader that serves no class files, as in-memory
 * compilers, plugin systems and scripting engines do: the agent rewrites it as it is defined and
 * cannot read its other classes, so it must take the types where paths merge from the class's
 * own stack map frames, never guess them (it once merged them to Object: VerifyError; or took an
 * unknown class for a subclass of another: ClassCastException).
 */
class InMemoryLoaderIT {
    private static final String SOURCE = """
            package mem;

            import static io.jasyncio.Asyncio.await;
            import static io.jasyncio.Asyncio.done;
            import static io.jasyncio.Asyncio.sleep;

            import io.jasyncio.Async;
            import io.jasyncio.Coroutine;

            public class Shapes {
                static class Base { String name() { return "base"; } }
                static class A extends Base { String name() { return "a"; } }
                static class B extends Base { String name() { return "b"; } }
                interface Named { String name(); }
                static final class C implements Named { public String name() { return "c"; } }
                static final class D implements Named { public String name() { return "d"; } }

                static String use(Base b) { return b.name(); }

                @Async
                public static Coroutine<String> merged(boolean which) {
                    Base x = which ? new A() : new B();   // A and B merge to Base: the frame says so
                    Named n = which ? new C() : new D();  // C and D merge to Named
                    Base[] array = which ? new A[] {new A()} : new B[] {new B()};
                    String before = await(sleep(0, "<"));
                    StringBuilder sb = new StringBuilder(before);
                    for (int i = 0; i < 2; i++) {
                        sb.append(use(x)).append(n.name()).append(array[0].name());
                        x = i == 0 ? new B() : x;
                        sb.append(await(sleep(0.001, "|")));
                    }
                    return done(sb.append('>').toString());
                }
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"-g", "-g:none"})
    void aClassOfALoaderWithoutClassFilesIsRewrittenWithItsOwnTypes(String debug) throws Exception {
        Map<String, byte[]> classes = compile(debug);
        ClassLoader loader = new ClassLoader(InMemoryLoaderIT.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        assertNull(loader.getResource("mem/Shapes$A.class"), "the loader serves no class files");
        Class<?> shapes = loader.loadClass("mem.Shapes");
        assertTrue(
                List.of(shapes.getDeclaredMethods()).stream()
                        .anyMatch(m -> m.getParameterCount() == 3 && m.getName().equals("merged")),
                "the agent rewrote the class (its body is there)");
        for (boolean which : new boolean[] {true, false}) {
            Coroutine<?> c =
                    (Coroutine<?>) shapes.getMethod("merged", boolean.class).invoke(null, which);
            String expected = which ? "<aca|bca|>" : "<bdb|bdb|>";
            assertEquals(expected, Asyncio.run(c));
        }
    }

    private static Map<String, byte[]> compile(String debug) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, byte[]> out = new TreeMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                out.put(className, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        JavaFileObject unit =
                new SimpleJavaFileObject(URI.create("string:///mem/Shapes.java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return SOURCE;
                    }
                };
        List<String> options =
                List.of("--release", "17", "-classpath", System.getProperty("java.class.path"), debug, "-proc:none");
        assertTrue(
                javac.getTask(null, files, null, options, null, List.of(unit)).call(), "javac");
        return out;
    }
}
