package io.jasyncio.checker;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.tools.Diagnostic;

/**
 * jasyncio's compile-time checker: a javac plugin that reports, at the right file and line, what
 * the agent would refuse when the class loads and what would fail or be lost at run time (an
 * {@code await} in a method that is not a coroutine, a coroutine called and never awaited). The
 * rules are {@link Rule}'s.
 *
 * <p>It starts by itself when its jar is where javac looks for plugins: the processor path
 * ({@code -processorpath}, Maven's {@code annotationProcessorPaths}), or the class path when no
 * processor path is given (a {@code provided} dependency). Naming it starts it too, with options:
 * {@code -Xplugin:JasyncioChecker unawaited=error}. Plugins are not annotation processors, so
 * JDK 23's change (processors on the class path no longer run by default) does not affect it.
 *
 * <p>It checks each class once javac has attributed it and analysed its flow
 * ({@link TaskEvent.Kind#ANALYZE}), before the class is lowered, on javac's thread.
 */
public final class JasyncioChecker implements Plugin {
    /** The plugin's name, as in {@code -Xplugin:JasyncioChecker}. */
    public static final String NAME = "JasyncioChecker";

    /** The javac option that names the plugin, without options: {@code -Xplugin:JasyncioChecker}. */
    public static final String XPLUGIN = "-Xplugin:" + NAME;

    /** The option for a coroutine that is never awaited: {@code unawaited=warning|error|off}. */
    public static final String UNAWAITED = "unawaited";

    /** Value of {@link #UNAWAITED}: a warning (the default). */
    public static final String WARNING = "warning";

    /** Value of {@link #UNAWAITED}: an error, failing the compilation. */
    public static final String ERROR = "error";

    /** Value of {@link #UNAWAITED}: not reported. */
    public static final String OFF = "off";

    /** Creates the plugin; javac does, through {@link java.util.ServiceLoader}. */
    public JasyncioChecker() {}

    /**
     * The plugin's name.
     *
     * @return {@value #NAME}
     */
    @Override
    public String getName() {
        return NAME;
    }

    /**
     * Registers the checker with a compilation.
     *
     * @param task the compilation
     * @param args the options, each {@code key=value}; an option not understood is reported as a
     *     compilation error and the checker does not run
     */
    @Override
    public void init(JavacTask task, String... args) {
        Trees trees = Trees.instance(task);
        CheckerOptions options;
        try {
            options = CheckerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            task.addTaskListener(new BadOptions(trees, NAME + ": " + e.getMessage()));
            return;
        }
        task.addTaskListener(new TaskListener() {
            @Override
            public void finished(TaskEvent e) {
                if (e.getKind() != TaskEvent.Kind.ANALYZE || e.getTypeElement() == null) {
                    return;
                }
                TreePath path = trees.getPath(e.getTypeElement());
                if (path == null) {
                    return;
                }
                Reporter reporter = new Reporter(trees, e.getCompilationUnit(), options);
                try {
                    new CoroutineChecks(trees, task.getTypes(), task.getElements(), reporter).scan(path, null);
                } catch (RuntimeException bug) {
                    // A bug of the checker's must not stop the user's build with a compiler crash.
                    trees.printMessage(
                            Diagnostic.Kind.WARNING,
                            Reporter.PREFIX + "checker-failure] " + NAME + " could not check "
                                    + e.getTypeElement().getQualifiedName() + ": " + bug + "; please report it",
                            path.getLeaf(),
                            e.getCompilationUnit());
                }
            }
        });
    }

    /**
     * Reports options it does not understand as an error on the first file parsed: javac's
     * {@code Trees} prints messages only at a position in a file.
     */
    private static final class BadOptions implements TaskListener {
        private final Trees trees;
        private final String message;
        private boolean reported;

        BadOptions(Trees trees, String message) {
            this.trees = trees;
            this.message = message;
        }

        @Override
        public void finished(TaskEvent e) {
            if (!reported && e.getKind() == TaskEvent.Kind.PARSE && e.getCompilationUnit() != null) {
                reported = true;
                trees.printMessage(Diagnostic.Kind.ERROR, message, e.getCompilationUnit(), e.getCompilationUnit());
            }
        }
    }

    /**
     * Starts the checker without {@code -Xplugin} whenever its jar is on javac's plugin path.
     *
     * @return true
     */
    @Override
    public boolean autoStart() {
        return true;
    }
}
