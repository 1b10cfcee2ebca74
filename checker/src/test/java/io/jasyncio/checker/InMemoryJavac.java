package io.jasyncio.checker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

/**
 * Compiles sources in memory with the JDK's javac, against the test class path (the runtime,
 * JUnit), with or without the checker, which javac loads as a build tool would: through its
 * service file on the processor path.
 */
final class InMemoryJavac {
    /** What a compilation produced. */
    record Result(List<Diagnostic<? extends JavaFileObject>> diagnostics, Map<String, byte[]> classes) {
        /** The checker's diagnostics, in order. */
        List<Diagnostic<? extends JavaFileObject>> checker() {
            return diagnostics.stream()
                    .filter(d -> d.getMessage(null).startsWith(Reporter.PREFIX))
                    .toList();
        }

        /** javac's own errors: a test program must have none. */
        List<String> javacErrors() {
            return diagnostics.stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR
                            && !d.getMessage(null).startsWith(Reporter.PREFIX))
                    .map(Object::toString)
                    .toList();
        }
    }

    private InMemoryJavac() {}

    /** Where the checker's classes and service file are: what a build puts on the processor path. */
    static Path checkerClasses() {
        try {
            return Path.of(JasyncioChecker.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles with the checker on the processor path, so that it starts by itself.
     *
     * @param sources source text by file name ({@code wrong/Lambdas.java})
     * @param extraOptions more javac options, such as {@code -Xplugin:JasyncioChecker unawaited=error}
     */
    static Result withChecker(Map<String, String> sources, String... extraOptions) {
        List<String> options =
                new ArrayList<>(List.of("-processorpath", checkerClasses().toString()));
        options.addAll(List.of(extraOptions));
        return compile(sources, options);
    }

    /** Compiles without the checker (an empty processor path hides the one on the class path), with -g. */
    static Result withoutChecker(Map<String, String> sources) {
        try {
            Path empty = Files.createTempDirectory("no-plugins");
            try {
                return compile(sources, List.of("-g", "-processorpath", empty.toString()));
            } finally {
                Files.delete(empty);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles with exactly these options besides the class path: the caller says where plugins are. */
    static Result compile(Map<String, String> sources, List<String> extraOptions) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, byte[]> classes = new TreeMap<>();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new Source(name, text)));
        List<String> options = new ArrayList<>(List.of(
                "--release", "17", "-proc:none", "-classpath", System.getProperty("java.class.path"), "-Xlint:none"));
        options.addAll(extraOptions);
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null)) {
            JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
                /**
                 * javac looks for plugins with a class loader over the processor path (or the class
                 * path) whose parent is javac's own loader: in this JVM, the test class path, which
                 * holds the checker. Hiding the parent's service files makes javac find plugins only
                 * where a standalone javac would.
                 */
                @Override
                public ClassLoader getClassLoader(Location location) {
                    List<URL> urls = new ArrayList<>();
                    Iterable<? extends Path> paths = standard.getLocationAsPaths(location);
                    if (paths != null) {
                        for (Path p : paths) {
                            try {
                                urls.add(p.toUri().toURL());
                            } catch (MalformedURLException e) {
                                throw new IllegalArgumentException(e);
                            }
                        }
                    }
                    return new URLClassLoader(urls.toArray(new URL[0]), new HideServices());
                }

                @Override
                public JavaFileObject getJavaFileForOutput(
                        Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                    return new SimpleJavaFileObject(URI.create("mem:///" + className + ".class"), kind) {
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
            javac.getTask(null, files, diagnostics, options, null, units).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(diagnostics.getDiagnostics(), classes);
    }

    /** The test class path's classes, without its service files. */
    private static final class HideServices extends ClassLoader {
        HideServices() {
            super(InMemoryJavac.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/") ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    /** A source file held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String name, String text) {
            super(URI.create("mem:///" + name), JavaFileObject.Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
