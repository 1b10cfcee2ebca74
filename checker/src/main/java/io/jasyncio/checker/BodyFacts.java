package io.jasyncio.checker;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.util.Types;

/**
 * What the agent looks for in a JVM method's own instructions before deciding whether to rewrite
 * it: a call of any {@code Yield} method, and a call of {@code await} or {@code done}. Nested
 * lambdas and classes are other JVM methods, so their code does not count.
 */
final class BodyFacts {
    /** The body calls a static method of {@code io.jasyncio.Yield}. */
    final boolean usesYield;
    /** The body calls {@code Asyncio.await} or {@code Asyncio.done}. */
    final boolean awaitsOrReturnsDone;

    private BodyFacts(boolean usesYield, boolean awaitsOrReturnsDone) {
        this.usesYield = usesYield;
        this.awaitsOrReturnsDone = awaitsOrReturnsDone;
    }

    /**
     * Scans a body.
     *
     * @param body the path of the body's code (a block or, for an expression lambda, an expression)
     * @param trees javac's trees
     * @param types javac's types
     * @return the facts
     */
    static BodyFacts of(TreePath body, Trees trees, Types types) {
        boolean[] found = new boolean[2];
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                Call c = Call.of(trees.getElement(new TreePath(getCurrentPath(), node.getMethodSelect())), types);
                found[0] |= c.isYield();
                found[1] |= c == Call.AWAIT || c == Call.DONE;
                return super.visitMethodInvocation(node, unused);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Void unused) {
                return null;
            }
        }.scan(body, null);
        return new BodyFacts(found[0], found[1]);
    }
}
