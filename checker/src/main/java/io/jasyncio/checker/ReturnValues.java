package io.jasyncio.checker;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Whether a returned expression is one the agent accepts: a value of {@code done(...)} (or
 * {@code Yield.result}, {@code Yield.done}, {@code Yield.end}), as its verifier tracks it. That
 * value survives parentheses, casts to a supertype, {@code c ? done(a) : done(b)}, a switch
 * expression whose every result is one, and a local variable that only ever holds one.
 */
final class ReturnValues {
    private final Trees trees;
    private final Types types;

    ReturnValues(Trees trees, Types types) {
        this.trees = trees;
        this.types = types;
    }

    /**
     * Tells whether {@code expr} is a return value.
     *
     * @param expr the path of the returned expression
     * @param body the path of the body it is returned from, where its local variables are assigned
     * @return true if the agent accepts it as the value of a {@code return}
     */
    boolean isReturnValue(TreePath expr, TreePath body) {
        return isReturnValue(expr, body, new HashSet<>());
    }

    /** The call at the core of {@code expr}, through parentheses and any casts, or null. */
    Call coreCall(TreePath expr) {
        TreePath p = expr;
        while (p.getLeaf() instanceof ParenthesizedTree || p.getLeaf() instanceof TypeCastTree) {
            p = new TreePath(
                    p,
                    p.getLeaf() instanceof ParenthesizedTree
                            ? ((ParenthesizedTree) p.getLeaf()).getExpression()
                            : ((TypeCastTree) p.getLeaf()).getExpression());
        }
        if (p.getLeaf() instanceof MethodInvocationTree) {
            MethodInvocationTree mi = (MethodInvocationTree) p.getLeaf();
            return Call.of(trees.getElement(new TreePath(p, mi.getMethodSelect())), types);
        }
        return null;
    }

    private boolean isReturnValue(TreePath expr, TreePath body, Set<Element> seen) {
        TreePath p = strip(expr);
        Tree t = p.getLeaf();
        switch (t.getKind()) {
            case METHOD_INVOCATION:
                Call c = coreCall(p);
                return c != null && c.returns();
            case CONDITIONAL_EXPRESSION:
                ConditionalExpressionTree ce = (ConditionalExpressionTree) t;
                return isReturnValue(new TreePath(p, ce.getTrueExpression()), body, seen)
                        && isReturnValue(new TreePath(p, ce.getFalseExpression()), body, seen);
            case SWITCH_EXPRESSION:
                List<TreePath> results = results(p);
                for (TreePath r : results) {
                    if (!isReturnValue(r, body, seen)) {
                        return false;
                    }
                }
                return !results.isEmpty();
            case IDENTIFIER:
                Element v = trees.getElement(p);
                if (v == null || v.getKind() != ElementKind.LOCAL_VARIABLE || !seen.add(v)) {
                    return false;
                }
                List<TreePath> values = assignedValues(v, body);
                for (TreePath value : values) {
                    if (!isReturnValue(value, body, seen)) {
                        return false;
                    }
                }
                return !values.isEmpty();
            default:
                return false;
        }
    }

    /**
     * Strips parentheses, and the casts javac emits no {@code checkcast} for (to a supertype):
     * a {@code checkcast} makes the verifier forget that the value came from {@code done}.
     */
    private TreePath strip(TreePath p) {
        while (true) {
            Tree t = p.getLeaf();
            if (t instanceof ParenthesizedTree) {
                p = new TreePath(p, ((ParenthesizedTree) t).getExpression());
            } else if (t instanceof TypeCastTree && isUpcast(p)) {
                p = new TreePath(p, ((TypeCastTree) t).getExpression());
            } else {
                return p;
            }
        }
    }

    private boolean isUpcast(TreePath cast) {
        TypeMirror to = trees.getTypeMirror(cast);
        TypeMirror from = trees.getTypeMirror(new TreePath(cast, ((TypeCastTree) cast.getLeaf()).getExpression()));
        return to != null && from != null && types.isSubtype(types.erasure(from), types.erasure(to));
    }

    /** The values a switch expression can produce: its arrows' expressions and its own {@code yield}s. */
    private static List<TreePath> results(TreePath switchExpr) {
        List<TreePath> out = new ArrayList<>();
        for (CaseTree c : ((SwitchExpressionTree) switchExpr.getLeaf()).getCases()) {
            TreePath casePath = new TreePath(switchExpr, c);
            if (c.getCaseKind() == CaseTree.CaseKind.RULE && c.getBody() instanceof ExpressionTree) {
                out.add(new TreePath(casePath, c.getBody()));
                continue;
            }
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitYield(YieldTree node, Void unused) {
                    out.add(new TreePath(getCurrentPath(), node.getValue()));
                    return null;
                }

                @Override
                public Void visitSwitchExpression(SwitchExpressionTree node, Void unused) {
                    return null;
                }

                @Override
                public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
                    return null;
                }

                @Override
                public Void visitClass(ClassTree node, Void unused) {
                    return null;
                }
            }.scan(casePath, null);
        }
        return out;
    }

    /** Every value stored in local variable {@code v}: its initialiser and each assignment. */
    private List<TreePath> assignedValues(Element v, TreePath body) {
        List<TreePath> out = new ArrayList<>();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void unused) {
                if (node.getInitializer() != null && v.equals(trees.getElement(getCurrentPath()))) {
                    out.add(new TreePath(getCurrentPath(), node.getInitializer()));
                }
                return super.visitVariable(node, unused);
            }

            @Override
            public Void visitAssignment(AssignmentTree node, Void unused) {
                if (v.equals(trees.getElement(new TreePath(getCurrentPath(), node.getVariable())))) {
                    out.add(new TreePath(getCurrentPath(), node.getExpression()));
                }
                return super.visitAssignment(node, unused);
            }
        }.scan(body, null);
        return out;
    }
}
