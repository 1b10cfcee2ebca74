package io.jasyncio.checker;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The JDK methods that call a lambda synchronously, to completion, before they return: streams,
 * {@code forEach}, {@code Map.computeIfAbsent}, {@code Optional.map}. A lambda handed to one of
 * them can never be a coroutine that someone awaits, so the advice for an await inside it is a
 * loop or {@code gather}, not a coroutine lambda.
 */
final class SynchronousApis {
    /** Methods of {@code java.util} types (collections, maps, {@code Optional}, {@code Arrays}) that run their lambda at once. */
    private static final Set<String> JAVA_UTIL_METHODS = Set.of(
            "forEach",
            "forEachRemaining",
            "removeIf",
            "replaceAll",
            "compute",
            "computeIfAbsent",
            "computeIfPresent",
            "merge",
            "sort",
            "map",
            "flatMap",
            "filter",
            "ifPresent",
            "ifPresentOrElse",
            "or",
            "orElseGet",
            "setAll");

    private SynchronousApis() {}

    /**
     * The method a lambda is passed to, if it is one that runs the lambda synchronously.
     *
     * @param lambda the lambda's path
     * @param trees javac's trees
     * @param elements javac's elements
     * @return the method as {@code Stream.map}, or null
     */
    static String callerOf(TreePath lambda, Trees trees, Elements elements) {
        TreePath parent = lambda.getParentPath();
        if (!(parent.getLeaf() instanceof MethodInvocationTree)) {
            return null;
        }
        MethodInvocationTree call = (MethodInvocationTree) parent.getLeaf();
        if (!call.getArguments().contains(lambda.getLeaf())) {
            return null;
        }
        Element m = trees.getElement(new TreePath(parent, call.getMethodSelect()));
        if (m == null || !(m.getEnclosingElement() instanceof TypeElement)) {
            return null;
        }
        TypeElement owner = (TypeElement) m.getEnclosingElement();
        String pkg = elements.getPackageOf(owner).getQualifiedName().toString();
        String name = m.getSimpleName().toString();
        boolean synchronous = pkg.equals("java.util.stream")
                || (pkg.equals("java.util") || owner.getQualifiedName().contentEquals("java.lang.Iterable"))
                        && JAVA_UTIL_METHODS.contains(name);
        return synchronous ? owner.getSimpleName() + "." + name : null;
    }
}
