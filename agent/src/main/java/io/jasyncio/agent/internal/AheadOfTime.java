package io.jasyncio.agent.internal;

import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import io.jasyncio.agent.internal.transform.ScanForAsync;
import io.jasyncio.agent.internal.transform.TransformException;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The ahead-of-time front end: rewrites classes with the same transformer the agent uses, so an
 * application can ship rewritten classes and run without the agent. Classes already rewritten
 * are recognised and left unchanged.
 *
 * <p>Two ways in: {@link #instrument} rewrites a whole folder or jar into another (the
 * {@code instrument} command), and a {@link Session} rewrites one class file at a time (the
 * Maven plugin, which decides itself which files to read and where to write them). Both produce
 * exactly the bytes the agent produces at load time.
 *
 * <p>This class is the agent's stable seam for build tools: its public signatures use only JDK
 * types, so they read the same in the shaded jar, where ASM and Byte Buddy are relocated.
 */
public final class AheadOfTime {
    private AheadOfTime() {}

    /**
     * What an ahead-of-time run did.
     *
     * @param classes how many class files were read
     * @param rewritten how many were rewritten
     * @param errors one message per class that could not be rewritten
     */
    public record Report(int classes, int rewritten, List<String> errors) {}

    /**
     * Rewrites {@code in} into {@code out}.
     *
     * @param in a classes folder or a jar
     * @param out the folder or jar to write (a jar if its name ends in {@code .jar})
     * @param classpath what {@code in} depends on, separated by the platform's path separator
     * @return the report
     * @throws IOException if reading or writing fails
     */
    public static Report instrument(Path in, Path out, String classpath) throws IOException {
        TreeMap<String, byte[]> entries = read(in);
        List<Path> paths = new ArrayList<>();
        for (String p : classpath.split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                paths.add(Path.of(p));
            }
        }
        int classes = 0;
        int rewritten = 0;
        List<String> errors = new ArrayList<>();
        try (Session session = new Session(new ClassFileLocator.Simple(toClassMap(entries)), paths)) {
            for (var e : entries.entrySet()) {
                if (!isClassFile(e.getKey())) {
                    continue;
                }
                classes++;
                try {
                    byte[] r = session.transform(e.getValue());
                    if (r != null) {
                        e.setValue(r);
                        rewritten++;
                    }
                } catch (Refusal ex) {
                    errors.add(ex.getMessage());
                }
            }
        }
        write(out, entries);
        return new Report(classes, rewritten, errors);
    }

    /**
     * Tells whether a file of a classes folder or jar is a class the transformer may rewrite:
     * a {@code .class} file other than {@code module-info.class}.
     *
     * @param path the file's path or entry name
     * @return true if it may be rewritten
     */
    public static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class");
    }

    /**
     * Opens a session that rewrites class files one at a time, answering the transformer's
     * class-hierarchy questions from {@code classpath} and then the JDK's own classes.
     *
     * @param classpath the folders and jars the rewritten classes are compiled against, the
     *     classes being rewritten included; a missing entry is skipped
     * @return the session; close it to release the jars it opened
     * @throws IOException if a jar cannot be opened
     */
    public static Session open(List<Path> classpath) throws IOException {
        return new Session(null, classpath);
    }

    /**
     * A transformer over a fixed class path. Not thread-safe: use one session per thread. The
     * class files on its class path must not change their hierarchy while it is open; rewriting
     * them does not (a rewritten class keeps its superclass and interfaces).
     */
    public static final class Session implements Closeable {
        private final ClassFileLocator.Compound locator;
        private final CoroutineTransformer transformer;

        private Session(ClassFileLocator first, List<Path> classpath) throws IOException {
            List<ClassFileLocator> locators = new ArrayList<>();
            if (first != null) {
                locators.add(first);
            }
            try {
                for (Path path : classpath) {
                    if (Files.isDirectory(path)) {
                        locators.add(new ClassFileLocator.ForFolder(path.toFile()));
                    } else if (Files.isRegularFile(path)) {
                        locators.add(ClassFileLocator.ForJarFile.of(path.toFile()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                new ClassFileLocator.Compound(locators).close();
                throw e;
            }
            locators.add(ClassFileLocator.ForClassLoader.ofPlatformLoader());
            this.locator = new ClassFileLocator.Compound(locators);
            this.transformer = new CoroutineTransformer(new ClassFileTypeResolver(locator));
        }

        /**
         * Tells, from the constant pool alone, whether a class may hold coroutines that are not
         * rewritten yet; a class answering false is returned unchanged by {@link #transform}.
         *
         * @param classFile the class file
         * @return false for a class with no coroutine, and for a class already rewritten
         */
        public static boolean mayNeedTransform(byte[] classFile) {
            return ScanForAsync.needsTransform(classFile);
        }

        /**
         * Rewrites one class file.
         *
         * @param classFile the class file
         * @return the rewritten class file, or null if it needs no rewriting (no coroutine, or
         *     rewritten already)
         * @throws Refusal if a coroutine of the class cannot be rewritten
         */
        public byte[] transform(byte[] classFile) throws Refusal {
            try {
                return transformer.transform(classFile);
            } catch (TransformException e) {
                throw Refusal.of(classFile, e.getMessage());
            }
        }

        /**
         * Closes the jars the session opened.
         *
         * @throws IOException if closing fails
         */
        @Override
        public void close() throws IOException {
            locator.close();
        }
    }

    /**
     * A coroutine the transformer refuses to rewrite, with where it is in the source: the
     * message is the transformer's ({@code p.C.m(C.java:42): what is wrong and how to fix it}),
     * and the accessors give its parts to a build tool that prints its own diagnostics.
     */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        /** The binary name of the class. */
        private final String className;
        /** The method's name, or null if the message does not name one. */
        private final String method;
        /** The class file's SourceFile attribute, or null. */
        private final String sourceFile;
        /** The source line, or -1. */
        private final int line;
        /** What is wrong and how to fix it. */
        private final String problem;

        private Refusal(String message, String className, String method, String sourceFile, int line, String problem) {
            super(message);
            this.className = className;
            this.method = method;
            this.sourceFile = sourceFile;
            this.line = line;
            this.problem = problem;
        }

        /**
         * Splits the transformer's message into its parts; the class and source file come from
         * the class file itself, so only the method, line and problem are read from the message.
         */
        static Refusal of(byte[] classFile, String message) {
            ClassReader reader = new ClassReader(classFile);
            String className = reader.getClassName().replace('/', '.');
            String[] source = new String[1];
            reader.accept(
                    new ClassVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitSource(String file, String debug) {
                            source[0] = file;
                        }
                    },
                    ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
            String prefix = className + ".";
            int open = message.indexOf('(', prefix.length());
            int close = open < 0 ? -1 : message.indexOf("): ", open);
            if (!message.startsWith(prefix) || close < 0) {
                return new Refusal(message, className, null, source[0], -1, message);
            }
            String method = message.substring(prefix.length(), open);
            String where = message.substring(open + 1, close);
            int colon = where.lastIndexOf(':');
            int line = -1;
            if (colon >= 0) {
                try {
                    line = Integer.parseInt(where.substring(colon + 1));
                } catch (NumberFormatException notALine) {
                    line = -1;
                }
            }
            return new Refusal(message, className, method, source[0], line, message.substring(close + 3));
        }

        /**
         * The class holding the refused coroutine.
         *
         * @return its binary name, {@code p.Outer$Inner}
         */
        public String className() {
            return className;
        }

        /**
         * The refused method.
         *
         * @return its name ({@code lambda$main$0} for a lambda), or null if unknown
         */
        public String method() {
            return method;
        }

        /**
         * The source file the class was compiled from.
         *
         * @return its name without a folder ({@code C.java}), or null if the class file does
         *     not say
         */
        public String sourceFile() {
            return sourceFile;
        }

        /**
         * The source line of the refused construct.
         *
         * @return the line, or -1 if the class file has no line numbers there
         */
        public int line() {
            return line;
        }

        /**
         * What is wrong and how to fix it, without the class, method and line.
         *
         * @return the problem
         */
        public String problem() {
            return problem;
        }
    }

    private static Map<String, byte[]> toClassMap(TreeMap<String, byte[]> entries) {
        Map<String, byte[]> m = new HashMap<>();
        for (var e : entries.entrySet()) {
            if (e.getKey().endsWith(".class")) {
                String name = e.getKey().substring(0, e.getKey().length() - 6).replace('/', '.');
                m.put(name, e.getValue());
            }
        }
        return m;
    }

    private static TreeMap<String, byte[]> read(Path in) throws IOException {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        if (Files.isDirectory(in)) {
            try (Stream<Path> files = Files.walk(in)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    entries.put(in.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
                }
            }
        } else {
            try (JarFile jar = new JarFile(in.toFile())) {
                for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                    if (!e.isDirectory()) {
                        try (InputStream s = jar.getInputStream(e)) {
                            entries.put(e.getName(), s.readAllBytes());
                        }
                    }
                }
            }
        }
        return entries;
    }

    private static void write(Path out, TreeMap<String, byte[]> entries) throws IOException {
        if (out.getFileName().toString().endsWith(".jar")) {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            try (OutputStream os = Files.newOutputStream(out);
                    JarOutputStream jar = new JarOutputStream(os)) {
                for (var e : entries.entrySet()) {
                    JarEntry je = new JarEntry(e.getKey());
                    // A fixed time keeps the output jar reproducible.
                    je.setTime(0L);
                    jar.putNextEntry(je);
                    jar.write(e.getValue());
                    jar.closeEntry();
                }
            }
        } else {
            for (var e : entries.entrySet()) {
                Path f = out.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
        }
    }
}
