package io.jasyncio.checker;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Arrays;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints the checker's diagnostics through javac's log ({@link Trees#printMessage}), so that they
 * carry file and line like javac's own and count as javac's errors and warnings. Each message
 * starts with its rule's id: {@code [jasyncio:await-in-lambda] await() called in a lambda ...}.
 */
final class Reporter {
    /** Every message starts with this, then the rule's id and {@code ]}. */
    static final String PREFIX = "[jasyncio:";

    private final Trees trees;
    private final CompilationUnitTree unit;
    private final CheckerOptions options;

    Reporter(Trees trees, CompilationUnitTree unit, CheckerOptions options) {
        this.trees = trees;
        this.unit = unit;
        this.options = options;
    }

    /** Reports an error at {@code at}. */
    void error(Rule rule, Tree at, Object... args) {
        trees.printMessage(Diagnostic.Kind.ERROR, message(rule, args), at, unit);
    }

    /**
     * Reports a discarded coroutine, as the options say, unless a declaration around it says
     * {@code @SuppressWarnings("jasyncio:unawaited")}.
     */
    void unawaited(TreePath at, String coroutine) {
        if (options.unawaited == CheckerOptions.Severity.OFF || suppressed(at, Rule.UNAWAITED)) {
            return;
        }
        // A mandatory warning, as javac's own deprecation and unchecked summaries: -nowarn and -Xlint:none
        // (which older Maven compiler plugins pass by default) would otherwise hide it.
        Diagnostic.Kind kind = options.unawaited == CheckerOptions.Severity.ERROR
                ? Diagnostic.Kind.ERROR
                : Diagnostic.Kind.MANDATORY_WARNING;
        trees.printMessage(kind, message(Rule.UNAWAITED, coroutine), at.getLeaf(), unit);
    }

    static String message(Rule rule, Object... args) {
        return PREFIX + rule.id() + "] " + rule.format(args);
    }

    private boolean suppressed(TreePath at, Rule rule) {
        String key = PREFIX.substring(1) + rule.id();
        for (TreePath p = at; p != null; p = p.getParentPath()) {
            Tree.Kind k = p.getLeaf().getKind();
            if (k != Tree.Kind.METHOD
                    && k != Tree.Kind.VARIABLE
                    && !(p.getLeaf() instanceof com.sun.source.tree.ClassTree)) {
                continue;
            }
            Element e = trees.getElement(p);
            SuppressWarnings s = e == null ? null : e.getAnnotation(SuppressWarnings.class);
            if (s != null && Arrays.asList(s.value()).contains(key)) {
                return true;
            }
        }
        return false;
    }
}
