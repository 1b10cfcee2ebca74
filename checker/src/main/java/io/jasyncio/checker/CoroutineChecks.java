package io.jasyncio.checker;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The checks, over one attributed class: decides for each method, lambda and initialiser what
 * the agent will make of it ({@link Body.Kind}), exactly as the agent decides from the class
 * file (see {@code CoroutineTransformer.analyze}), and reports each call, return and reference
 * the agent would refuse or that would fail at run time.
 */
final class CoroutineChecks extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final Types types;
    private final Elements elements;
    private final TypeNames names;
    private final ReturnValues returnValues;
    private final Reporter report;
    /** The erasure of {@code io.jasyncio.Coroutine}, or null when the runtime is not on the class path. */
    private final TypeMirror coroutine;
    /** The body being visited; null directly inside a class, between its members. */
    private Body body;

    CoroutineChecks(Trees trees, Types types, Elements elements, Reporter report) {
        this.trees = trees;
        this.types = types;
        this.elements = elements;
        this.names = new TypeNames(types, elements);
        this.returnValues = new ReturnValues(trees, types);
        this.report = report;
        TypeElement c = elements.getTypeElement(Call.COROUTINE);
        this.coroutine = c == null ? null : types.erasure(c.asType());
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
        return within(null, () -> super.visitClass(node, unused));
    }

    @Override
    public Void visitMethod(MethodTree node, Void unused) {
        Element e = trees.getElement(getCurrentPath());
        if (node.getBody() == null || !(e instanceof ExecutableElement)) {
            return null;
        }
        return within(classify(node, (ExecutableElement) e), () -> super.visitMethod(node, unused));
    }

    @Override
    public Void visitBlock(BlockTree node, Void unused) {
        if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree) {
            return within(Body.initializer(node.isStatic(), getCurrentPath()), () -> super.visitBlock(node, unused));
        }
        return super.visitBlock(node, unused);
    }

    @Override
    public Void visitVariable(VariableTree node, Void unused) {
        Element e = trees.getElement(getCurrentPath());
        if (node.getInitializer() != null && e != null && e.getKind().isField()) {
            boolean isStatic = e.getModifiers().contains(Modifier.STATIC) || e.getKind() == ElementKind.ENUM_CONSTANT;
            return within(Body.initializer(isStatic, getCurrentPath()), () -> super.visitVariable(node, unused));
        }
        return super.visitVariable(node, unused);
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
        DeclaredType fi = names.functionalInterface(trees.getTypeMirror(getCurrentPath()));
        if (fi == null) {
            return within(null, () -> super.visitLambdaExpression(node, unused));
        }
        TypeMirror fnReturn = names.functionalReturn(fi);
        String ret = names.erasedName(fnReturn);
        BodyFacts facts = BodyFacts.of(new TreePath(getCurrentPath(), node.getBody()), trees, types);
        Body.Kind kind = Body.Kind.PLAIN_LAMBDA;
        if (ret.equals(Call.COROUTINE) && facts.awaitsOrReturnsDone) {
            kind = Body.Kind.COROUTINE;
        } else if (ret.equals(Call.GENERATOR) && facts.usesYield) {
            kind = Body.Kind.GENERATOR;
        } else if (ret.equals(Call.ASYNC_GENERATOR) && facts.usesYield) {
            report.error(Rule.ASYNC_GENERATOR_LAMBDA, node);
            kind = Body.Kind.ASYNC_GENERATOR;
        }
        Body b = Body.lambda(
                kind,
                getCurrentPath(),
                names.simpleName(fi),
                names.simpleName(fnReturn),
                SynchronousApis.callerOf(getCurrentPath(), trees, elements));
        return within(b, () -> {
            if (node.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION) {
                TreePath expr = new TreePath(getCurrentPath(), node.getBody());
                if (b.kind.rewritten()) {
                    checkReturned(expr, node.getBody());
                } else if (fnReturn.getKind() == TypeKind.VOID && !names.throwsThrowable(fi)) {
                    // A lambda that may throw Throwable (JUnit's assertThrows(X.class, () -> f())) is
                    // there to watch the call throw, not to keep what it returns.
                    checkDiscarded(expr);
                }
            }
            return super.visitLambdaExpression(node, unused);
        });
    }

    @Override
    public Void visitSynchronized(SynchronizedTree node, Void unused) {
        scan(node.getExpression(), unused);
        if (body == null) {
            return scan(node.getBlock(), unused);
        }
        body.monitors++;
        try {
            return scan(node.getBlock(), unused);
        } finally {
            body.monitors--;
        }
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        if (body != null) {
            Call c = Call.of(trees.getElement(new TreePath(getCurrentPath(), node.getMethodSelect())), types);
            if (c != Call.OTHER && c != Call.YIELD_OTHER) {
                checkCall(c, node);
            }
        }
        return super.visitMethodInvocation(node, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree node, Void unused) {
        if (Call.of(trees.getElement(getCurrentPath()), types) == Call.AWAIT) {
            report.error(Rule.AWAIT_METHOD_REFERENCE, node);
        }
        return super.visitMemberReference(node, unused);
    }

    @Override
    public Void visitReturn(ReturnTree node, Void unused) {
        if (body != null && body.kind.rewritten() && node.getExpression() != null) {
            checkReturned(new TreePath(getCurrentPath(), node.getExpression()), node);
        }
        return super.visitReturn(node, unused);
    }

    @Override
    public Void visitExpressionStatement(ExpressionStatementTree node, Void unused) {
        checkDiscarded(new TreePath(getCurrentPath(), node.getExpression()));
        return super.visitExpressionStatement(node, unused);
    }

    /** What the agent makes of a method (its order of checks is {@code CoroutineTransformer.analyze}'s). */
    private Body classify(MethodTree node, ExecutableElement m) {
        if (m.getKind() == ElementKind.CONSTRUCTOR) {
            return Body.initializer(false, getCurrentPath());
        }
        String ret = names.erasedName(m.getReturnType());
        boolean async = annotated(m, Call.ASYNC);
        boolean oldStyle = annotated(m, Call.GENERATOR_COROUTINE);
        BodyFacts facts = BodyFacts.of(new TreePath(getCurrentPath(), node.getBody()), trees, types);
        boolean generator = ret.equals(Call.GENERATOR) && facts.usesYield;
        boolean asyncGenerator = ret.equals(Call.ASYNC_GENERATOR) && async;
        if (!asyncGenerator && ret.equals(Call.ASYNC_GENERATOR) && facts.usesYield) {
            report.error(Rule.ASYNC_GENERATOR_NOT_ASYNC, node.getReturnType());
            // Checked from here on as the async generator it will be once marked.
            asyncGenerator = true;
        } else if ((async || oldStyle) && !generator && !asyncGenerator && !ret.equals(Call.COROUTINE)) {
            report.error(Rule.WRONG_RETURN_TYPE, node.getReturnType(), ret);
        }
        Body.Kind kind = generator
                ? Body.Kind.GENERATOR
                : asyncGenerator
                        ? Body.Kind.ASYNC_GENERATOR
                        : oldStyle
                                ? Body.Kind.OLD_STYLE_COROUTINE
                                : async ? Body.Kind.COROUTINE : Body.Kind.PLAIN_METHOD;
        return Body.method(
                kind,
                getCurrentPath(),
                m.getSimpleName().toString(),
                m.getModifiers().contains(Modifier.SYNCHRONIZED));
    }

    private void checkCall(Call c, MethodInvocationTree node) {
        boolean waits = c == Call.AWAIT || c == Call.DONE;
        switch (body.kind) {
            case PLAIN_METHOD:
                report.error(
                        waits ? Rule.AWAIT_OUTSIDE_COROUTINE : Rule.YIELD_OUTSIDE_GENERATOR,
                        node,
                        c.display,
                        body.description);
                return;
            case PLAIN_LAMBDA:
                if (body.synchronousCaller != null) {
                    report.error(Rule.AWAIT_IN_SYNCHRONOUS_LAMBDA, node, c.display, body.synchronousCaller);
                } else {
                    report.error(
                            waits ? Rule.AWAIT_IN_LAMBDA : Rule.YIELD_IN_LAMBDA,
                            node,
                            c.display,
                            body.functionalInterface,
                            body.functionalReturn);
                }
                return;
            case CONSTRUCTOR:
            case STATIC_INITIALIZER:
                // done() there fails at run time as in any plain method; the agent only refuses suspensions.
                if (c.suspends()) {
                    report.error(
                            body.kind == Body.Kind.CONSTRUCTOR
                                    ? Rule.AWAIT_IN_CONSTRUCTOR
                                    : Rule.AWAIT_IN_STATIC_INITIALIZER,
                            node);
                }
                return;
            default:
                checkInRewritten(c, node);
        }
    }

    /** A call in a body the agent rewrites: its kind first, then monitors (the agent's order). */
    private void checkInRewritten(Call c, MethodInvocationTree node) {
        Rule wrongKind = wrongKind(c);
        if (wrongKind != null) {
            report.error(wrongKind, node);
        } else if (c.suspends() && body.synchronizedMethod) {
            report.error(Rule.AWAIT_IN_SYNCHRONIZED_METHOD, node);
        } else if (c.suspends() && body.monitors > 0) {
            report.error(Rule.AWAIT_IN_SYNCHRONIZED_BLOCK, node);
        } else if (c == Call.AWAIT) {
            Call awaited = returnValues.coreCall(
                    new TreePath(getCurrentPath(), node.getArguments().get(0)));
            if (awaited != null && awaited.returns()) {
                report.error(Rule.AWAIT_OF_DONE, node);
            }
        }
    }

    private Rule wrongKind(Call c) {
        switch (body.kind) {
            case GENERATOR:
                return c == Call.AWAIT
                        ? Rule.AWAIT_IN_GENERATOR
                        : c == Call.YIELD_FROM_AWAITABLE ? Rule.YIELD_FROM_COROUTINE_IN_GENERATOR : null;
            case COROUTINE:
                if (c == Call.YIELD_FROM_AWAITABLE) {
                    return Rule.YIELD_FROM_AWAITABLE_IN_COROUTINE;
                }
                return c == Call.YIELD_VALUE || c == Call.YIELD_FROM ? Rule.YIELD_IN_COROUTINE : null;
            case OLD_STYLE_COROUTINE:
                return c == Call.YIELD_VALUE || c == Call.YIELD_FROM ? Rule.YIELD_IN_COROUTINE : null;
            case ASYNC_GENERATOR:
                if (c == Call.YIELD_FROM || c == Call.YIELD_FROM_AWAITABLE) {
                    return Rule.YIELD_FROM_IN_ASYNC_GENERATOR;
                }
                return c.returns() && c != Call.YIELD_END ? Rule.RETURN_VALUE_IN_ASYNC_GENERATOR : null;
            default:
                return null;
        }
    }

    /** A value returned from a rewritten body must be a {@code done(...)} value of the body's kind. */
    private void checkReturned(TreePath expr, Tree at) {
        if (returnValues.isReturnValue(expr, body.path)) {
            return;
        }
        Call core = returnValues.coreCall(expr);
        if (body.kind == Body.Kind.ASYNC_GENERATOR && core != null && core.returns() && core != Call.YIELD_END) {
            // Already reported at the call, as the agent does.
            return;
        }
        report.error(
                body.kind == Body.Kind.GENERATOR
                        ? Rule.GENERATOR_RETURN_NOT_RESULT
                        : body.kind == Body.Kind.ASYNC_GENERATOR
                                ? Rule.ASYNC_GENERATOR_RETURN_NOT_END
                                : Rule.RETURN_NOT_DONE,
                at);
    }

    /** A call creating a coroutine whose value is thrown away: Python's "coroutine ... was never awaited". */
    private void checkDiscarded(TreePath expr) {
        if (coroutine == null || !(expr.getLeaf() instanceof MethodInvocationTree)) {
            return;
        }
        TypeMirror t = trees.getTypeMirror(expr);
        if (t == null || t.getKind() != TypeKind.DECLARED || !types.isAssignable(types.erasure(t), coroutine)) {
            return;
        }
        ExpressionTree select = ((MethodInvocationTree) expr.getLeaf()).getMethodSelect();
        Element m = trees.getElement(new TreePath(expr, select));
        if (m == null || Call.of(m, types).returns()) {
            return;
        }
        report.unawaited(expr, qualifiedName(m));
    }

    /** {@code Count.count}, as the runtime names a coroutine ({@code Frame.getName}). */
    private static String qualifiedName(Element method) {
        StringBuilder sb = new StringBuilder(method.getSimpleName());
        for (Element e = method.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            sb.insert(0, e.getSimpleName() + ".");
        }
        return sb.toString();
    }

    private static boolean annotated(Element e, String annotation) {
        for (AnnotationMirror a : e.getAnnotationMirrors()) {
            if (((TypeElement) a.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals(annotation)) {
                return true;
            }
        }
        return false;
    }

    /** Visits with {@code b} as the current body, then restores the enclosing one. */
    private Void within(Body b, java.util.function.Supplier<Void> visit) {
        Body saved = body;
        body = b;
        try {
            return visit.get();
        } finally {
            body = saved;
        }
    }
}
