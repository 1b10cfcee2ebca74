package io.jasyncio.agent.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;

/**
 * Compiles Java sources with the JDK's compiler, in memory, or with the Eclipse compiler (ECJ),
 * through a temporary folder ({@code --release 17} and {@code -g} both, against the test class
 * path), and returns the class files, nested classes included. One instance per thread: javac's
 * standard file manager, which it reuses, caches the class path between compilations, which is
 * most of the speed.
 */
final class InMemoryCompiler {
    /** Which compiler compiles. */
    enum Compiler {
        /** The JDK's javac. */
        JAVAC,
        /** The Eclipse compiler, which emits other bytecode shapes for the same source. */
        ECJ
    }

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final Compiler which;
    private StandardJavaFileManager standard;
    private final List<String> options;

    /** Thrown when the sources do not compile: a bug of the generator, or of javac if it crashed. */
    static final class CompilationFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean crashed;

        CompilationFailed(String message, boolean crashed) {
            super(message);
            this.crashed = crashed;
        }

        /**
         * Tells whether javac crashed ("An exception has occurred in the compiler") rather than
         * rejected the source.
         *
         * @return true for a crash
         */
        boolean crashed() {
            return crashed;
        }
    }

    InMemoryCompiler() {
        this(Compiler.JAVAC);
    }

    InMemoryCompiler(Compiler which) {
        this.which = which;
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        standard = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        options = List.of(
                "--release",
                "17",
                "-classpath",
                System.getProperty("java.class.path"),
                "-g",
                "-proc:none",
                "-implicit:none",
                "-nowarn",
                "-Xlint:none");
    }

    /**
     * Drops the file manager and its cached class path, for instance after a jar on the class path
     * was replaced while open (another build installing it), which makes javac read garbage.
     */
    void reset() {
        try {
            standard.close();
        } catch (IOException ignored) {
            // A fresh one is made below either way.
        }
        standard = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    }

    /**
     * Compiles the sources together.
     *
     * @param sources source text by binary name of its top-level class
     * @return every class file produced, by binary name
     * @throws CompilationFailed with javac's errors if any source does not compile
     */
    Map<String, byte[]> compile(Map<String, String> sources) throws CompilationFailed {
        if (which == Compiler.ECJ) {
            return compileWithEcj(sources);
        }
        List<JavaFileObject> units = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            units.add(new Source(e.getKey(), e.getValue()));
        }
        Map<String, byte[]> classes = new TreeMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileManager files = new ForwardingJavaFileManager<StandardJavaFileManager>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(
                        URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                classes.put(className, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        StringWriter log = new StringWriter();
        Boolean ok =
                javac.getTask(log, files, diagnostics, options, null, units).call();
        if (!ok) {
            if (log.toString().contains("An exception has occurred in the compiler")) {
                throw new CompilationFailed("javac crashed:\n" + log, true);
            }
            StringBuilder sb = new StringBuilder("javac rejected the generated source:\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    sb.append(d.getSource() == null ? "" : d.getSource().getName())
                            .append(':')
                            .append(d.getLineNumber())
                            .append(": ")
                            .append(d.getMessage(Locale.ROOT))
                            .append('\n');
                }
            }
            throw new CompilationFailed(sb.append(log).toString(), false);
        }
        return classes;
    }

    /**
     * ECJ's batch compiler, on files: its {@code javax.tools} front end reads sources from files
     * only. Its first compilation in a JVM reads the JDK's release data, a few seconds; the
     * others take as long as javac's.
     */
    private Map<String, byte[]> compileWithEcj(Map<String, String> sources) throws CompilationFailed {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jasyncio-ecj");
            List<String> args = new ArrayList<>(List.of(
                    "--release",
                    "17",
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-g",
                    "-proc:none",
                    "-nowarn",
                    "-encoding",
                    "UTF-8",
                    "-d",
                    dir.resolve("out").toString()));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = dir.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                args.add(file.toString());
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            boolean ok = BatchCompiler.compile(
                    args.toArray(new String[0]), new PrintWriter(out), new PrintWriter(err), null);
            if (!ok) {
                String log = err + "\n" + out;
                boolean crashed = log.contains("Internal compiler error");
                throw new CompilationFailed(
                        (crashed ? "ECJ crashed:\n" : "ECJ rejected the generated source:\n") + log, crashed);
            }
            Map<String, byte[]> classes = new TreeMap<>();
            Path outDir = dir.resolve("out");
            try (Stream<Path> files = Files.walk(outDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = outDir.relativize(f).toString();
                    if (name.endsWith(".class")) {
                        classes.put(
                                name.substring(0, name.length() - ".class".length())
                                        .replace('/', '.'),
                                Files.readAllBytes(f));
                    }
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String binaryName, String text) {
            super(URI.create("string:///" + binaryName.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
