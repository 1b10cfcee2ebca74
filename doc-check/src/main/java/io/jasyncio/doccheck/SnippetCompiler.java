package io.jasyncio.doccheck;

import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Compiles one compilation unit held in a string with the JDK's javac ({@code --release 17},
 * against a given class path), writing no class file, and returns its errors.
 */
public final class SnippetCompiler {
    /** A top-level type: declared at column 0, as every formatter writes it. */
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "^((?:public|final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final String classpath;

    /**
     * @param classpath what the unit compiles against
     */
    public SnippetCompiler(String classpath) {
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run on a JDK, not a JRE");
        }
        this.classpath = classpath;
    }

    /**
     * One error.
     *
     * @param line the 1-based line in the unit, or 0 if the error has none
     * @param message javac's message
     */
    public record Error(long line, String message) {}

    /** Whether {@code source} declares a top-level type, i.e. is a compilation unit, not a fragment. */
    public static boolean declaresTopLevelType(String source) {
        return TOP_LEVEL_TYPE.matcher(source).find();
    }

    /** Compiles {@code source} and returns its errors, none if it compiles. */
    public List<Error> compile(String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject unit = new Source(fileName(source), source);
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
        JavaFileManager discarding = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(
                        URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return OutputStream.nullOutputStream();
                    }
                };
            }
        };
        List<String> options = List.of("--release", "17", "-proc:none", "-classpath", classpath);
        javac.getTask(null, discarding, diagnostics, options, null, List.of(unit))
                .call();
        List<Error> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(new Error(Math.max(0, d.getLineNumber()), d.getMessage(Locale.ROOT)));
            }
        }
        return errors;
    }

    /** javac wants a public top-level type in a file of its name; any other unit takes the first type's name. */
    private static String fileName(String source) {
        Matcher m = TOP_LEVEL_TYPE.matcher(source);
        String first = null;
        while (m.find()) {
            if (m.group(0).startsWith("public")) {
                return m.group(2);
            }
            if (first == null) {
                first = m.group(2);
            }
        }
        return first != null ? first : "Snippet";
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String name, String code) {
            super(URI.create("string:///" + name + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
