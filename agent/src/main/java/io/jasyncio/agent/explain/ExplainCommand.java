package io.jasyncio.agent.explain;

import io.jasyncio.agent.internal.ClassFileTypeResolver;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.objectweb.asm.ClassReader;

/**
 * {@code java -jar jasyncio-agent.jar explain TARGET [METHOD] [--bytecode] [--dot DIR]
 * [--classpath CP] [--width N]}: shows the state machine the agent makes of each coroutine and
 * generator method of a class file, a classes folder or a jar. Exit codes: 0 when everything was
 * explained (or there was nothing to explain), 1 when a class could not be rewritten or the
 * method was not found, 2 for a bad command line or an unreadable target.
 */
public final class ExplainCommand {
    /** The usage text. */
    public static final String USAGE = String.join(
            "\n",
            "usage: java -jar jasyncio-agent.jar explain TARGET [METHOD] [--bytecode] [--dot DIR] [--classpath CP]"
                    + " [--width N]",
            "  TARGET       a .class file, a classes folder or a jar",
            "  METHOD       only this method: a name (count) or a name and descriptor (count()Lio/jasyncio/Coroutine;)",
            "  --bytecode   the original and the rewritten bytecode, side by side",
            "  --dot DIR    a Graphviz state graph per method in DIR (and an SVG when dot is on the PATH)",
            "  --classpath  the jars and folders TARGET depends on (add the jasyncio runtime for exact frame sizes)",
            "  --width N    the listings side by side in N columns, wrapping long lines; one after the other below 101"
                    + " (default: $COLUMNS, else 160)");

    private static final int DEFAULT_WIDTH = 160;
    /** Above this many states dot's layout gets slow and the picture unreadable. */
    static final int MAX_SVG_STATES = 40;

    private static final int DOT_TIMEOUT_SECONDS = 30;

    private ExplainCommand() {}

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code explain}
     * @param out where the explanation goes
     * @param err where errors go
     * @return the exit code: 0, 1 (a class was refused, or no such method) or 2 (bad usage or target)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        TreeMap<String, byte[]> classes;
        try {
            classes = read(o.target);
        } catch (BadTarget e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        ClassFileLocator locator = locator(o, classes);
        Explainer explainer = new Explainer(new ClassFileTypeResolver(locator), locator);
        int status = 0;
        int rewrittenAlready = 0;
        boolean legend = false;
        Set<String> available = new LinkedHashSet<>();
        Set<String> dotNames = new LinkedHashSet<>();
        int shown = 0;
        for (var entry : classes.entrySet()) {
            Explainer.ClassResult r;
            try {
                r = explainer.explain(entry.getValue());
            } catch (RuntimeException e) {
                err.println("error: " + entry.getKey() + " is not a valid class file: " + e);
                status = 1;
                continue;
            }
            if (r.error() != null) {
                err.println("error: " + r.error());
                status = 1;
                continue;
            }
            if (r.alreadyRewritten()) {
                rewrittenAlready++;
            }
            for (Explanation e : r.methods()) {
                available.add(e.className() + "." + e.methodName() + e.descriptor());
                if (o.method != null
                        && !o.method.equals(e.methodName())
                        && !o.method.equals(e.methodName() + e.descriptor())) {
                    continue;
                }
                if (!legend) {
                    out.println(
                            "jasyncio explain " + o.target + ": the state machine the agent makes of each coroutine");
                    out.println();
                    out.print(TextReport.legend());
                    legend = true;
                }
                shown++;
                out.println();
                out.print(TextReport.method(e));
                if (o.bytecode) {
                    out.println();
                    out.print(BytecodeView.render(e, r.original(), r.rewritten(), o.width));
                }
                if (o.dotDir != null) {
                    try {
                        Path dot = writeDot(o.dotDir, e, dotNames);
                        out.println();
                        out.println(
                                "  state graph: " + dot + svg(dot, e.states().size(), err));
                    } catch (IOException ex) {
                        err.println("error: cannot write the state graph into " + o.dotDir + ": " + ex.getMessage());
                        return 2;
                    }
                }
            }
        }
        if (shown == 0 && o.method != null && !available.isEmpty()) {
            err.println("error: no coroutine method matching '" + o.method + "' in " + o.target
                    + "; its coroutine methods are:");
            available.forEach(a -> err.println("  " + a));
            return 1;
        }
        if (shown == 0 && status == 0) {
            out.println("no coroutine methods in " + o.target
                    + (rewrittenAlready == 0
                            ? ""
                            : " (" + rewrittenAlready + " class" + (rewrittenAlready == 1 ? " was" : "es were")
                                    + " already rewritten by jasyncio: explain the classes as javac wrote them)"));
            return o.method == null ? 0 : 1;
        }
        return status;
    }

    private static Path writeDot(Path dir, Explanation e, Set<String> taken) throws IOException {
        Files.createDirectories(dir);
        String base = (e.className() + "." + e.methodName()).replaceAll("[^A-Za-z0-9_.$-]", "_");
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "-" + i;
        }
        Path file = dir.resolve(name + ".dot");
        Files.writeString(file, DotGraph.render(e), StandardCharsets.UTF_8);
        return file;
    }

    /** Runs Graphviz when it is installed; says where the SVG went, or why there is none. */
    private static String svg(Path dot, int states, PrintStream err) {
        String exe = findOnPath("dot");
        if (exe == null) {
            return " (install Graphviz for an SVG: dot -Tsvg)";
        }
        if (states > MAX_SVG_STATES) {
            // dot's layout of hundreds of densely linked states takes minutes and is unreadable.
            return " (" + states + " states: too many for a readable picture, so no SVG; dot -Tsvg makes one)";
        }
        Path svg = dot.resolveSibling(dot.getFileName().toString().replaceFirst("\\.dot$", ".svg"));
        Path log = null;
        try {
            log = Files.createTempFile("jasyncio-dot", ".log");
            Process p = new ProcessBuilder(exe, "-Tsvg", "-o", svg.toString(), dot.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(DOT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                err.println("warning: dot did not finish within " + DOT_TIMEOUT_SECONDS + " s for " + dot);
                return "";
            }
            if (p.exitValue() != 0) {
                err.println("warning: dot failed for " + dot + ": "
                        + Files.readString(log).trim());
                return "";
            }
            return ", " + svg;
        } catch (IOException e) {
            err.println("warning: cannot run dot for " + dot + ": " + e.getMessage());
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }

    static String findOnPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, exe);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static ClassFileLocator locator(Options o, TreeMap<String, byte[]> classes) {
        List<ClassFileLocator> locators = new ArrayList<>();
        Map<String, byte[]> byName = new HashMap<>();
        for (var e : classes.entrySet()) {
            try {
                byName.put(new ClassReader(e.getValue()).getClassName().replace('/', '.'), e.getValue());
            } catch (RuntimeException ex) {
                // Reported when the class is explained.
            }
        }
        locators.add(new ClassFileLocator.Simple(byName));
        Path root = classesRoot(o.target, classes);
        if (root != null) {
            locators.add(new ClassFileLocator.ForFolder(root.toFile()));
        }
        for (String p : o.classpath.split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                Path path = Path.of(p);
                try {
                    locators.add(
                            Files.isDirectory(path)
                                    ? new ClassFileLocator.ForFolder(path.toFile())
                                    : ClassFileLocator.ForJarFile.of(path.toFile()));
                } catch (IOException e) {
                    // A missing class-path entry only makes frame sizes and merged types less exact.
                }
            }
        }
        locators.add(ClassFileLocator.ForClassLoader.ofPlatformLoader());
        return new ClassFileLocator.Compound(locators);
    }

    /** For a lone class file in a classes folder, the folder: its neighbours answer type questions. */
    private static Path classesRoot(Path target, TreeMap<String, byte[]> classes) {
        if (Files.isDirectory(target) || classes.size() != 1) {
            return null;
        }
        try {
            String name = new ClassReader(classes.firstEntry().getValue()).getClassName();
            Path p = target.toAbsolutePath().getParent();
            for (int i = 0; i < name.chars().filter(c -> c == '/').count(); i++) {
                p = p == null ? null : p.getParent();
            }
            return p != null && Files.isRegularFile(p.resolve(name + ".class")) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A target that cannot be read. */
    private static final class BadTarget extends Exception {
        private static final long serialVersionUID = 1L;

        BadTarget(String message) {
            super(message);
        }
    }

    private static TreeMap<String, byte[]> read(Path target) throws BadTarget {
        TreeMap<String, byte[]> classes = new TreeMap<>();
        if (!Files.exists(target)) {
            throw new BadTarget("no such file or folder: " + target);
        }
        try {
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.walk(target)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        String name = target.relativize(f).toString().replace(File.separatorChar, '/');
                        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                            classes.put(name, Files.readAllBytes(f));
                        }
                    }
                }
                return classes;
            }
            String fileName = target.getFileName().toString();
            if (fileName.endsWith(".class")) {
                byte[] bytes = Files.readAllBytes(target);
                if (bytes.length < 4
                        || (bytes[0] & 0xFF) != 0xCA
                        || (bytes[1] & 0xFF) != 0xFE
                        || (bytes[2] & 0xFF) != 0xBA
                        || (bytes[3] & 0xFF) != 0xBE) {
                    throw new BadTarget(target + " is not a class file (it does not start with 0xCAFEBABE)");
                }
                classes.put(fileName, bytes);
                return classes;
            }
            if (fileName.endsWith(".jar") || fileName.endsWith(".zip")) {
                try (JarFile jar = new JarFile(target.toFile())) {
                    for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                        if (!e.isDirectory()
                                && e.getName().endsWith(".class")
                                && !e.getName().endsWith("module-info.class")
                                && !e.getName().startsWith("META-INF/")) {
                            try (InputStream s = jar.getInputStream(e)) {
                                classes.put(e.getName(), s.readAllBytes());
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new BadTarget(target + " is not a readable jar: " + e.getMessage());
                }
                return classes;
            }
            throw new BadTarget(target + " is not a .class file, a classes folder or a .jar");
        } catch (IOException e) {
            throw new BadTarget("cannot read " + target + ": " + e.getMessage());
        }
    }

    /** The parsed command line. */
    private static final class Options {
        Path target;
        String method;
        boolean bytecode;
        Path dotDir;
        String classpath = "";
        int width = defaultWidth();

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--bytecode":
                        o.bytecode = true;
                        break;
                    case "--dot":
                        o.dotDir = Path.of(value(args, ++i, a));
                        break;
                    case "--classpath":
                    case "-cp":
                        o.classpath = value(args, ++i, a);
                        break;
                    case "--width":
                        try {
                            o.width = Integer.parseInt(value(args, ++i, a));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--width needs a number of columns, not " + args[i]);
                        }
                        break;
                    default:
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        positional.add(a);
                }
            }
            if (positional.isEmpty()) {
                throw new IllegalArgumentException("explain needs a TARGET");
            }
            if (positional.size() > 2) {
                throw new IllegalArgumentException("too many arguments: " + String.join(" ", positional));
            }
            o.target = Path.of(positional.get(0));
            o.method = positional.size() == 2 ? positional.get(1) : null;
            return o;
        }

        /** The terminal's width when the shell exports it, else 160 columns. */
        private static int defaultWidth() {
            try {
                String columns = System.getenv("COLUMNS");
                return columns == null ? DEFAULT_WIDTH : Math.max(40, Integer.parseInt(columns.trim()));
            } catch (NumberFormatException e) {
                return DEFAULT_WIDTH;
            }
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
