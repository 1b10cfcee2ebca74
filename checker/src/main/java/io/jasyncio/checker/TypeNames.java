package io.jasyncio.checker;

import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Type questions answered as the agent sees the answer in a class file: erased types, named as
 * {@code org.objectweb.asm.Type.getClassName} names them.
 */
final class TypeNames {
    private final Types types;
    private final Elements elements;

    TypeNames(Types types, Elements elements) {
        this.types = types;
        this.elements = elements;
    }

    /**
     * The erasure of {@code t} by binary name ({@code a.B$C}), as in a method descriptor;
     * primitive types and {@code void} by keyword, arrays with {@code []}.
     */
    String erasedName(TypeMirror t) {
        TypeMirror e = types.erasure(t);
        switch (e.getKind()) {
            case DECLARED:
                return elements.getBinaryName((TypeElement) ((DeclaredType) e).asElement())
                        .toString();
            case ARRAY:
                return erasedName(((javax.lang.model.type.ArrayType) e).getComponentType()) + "[]";
            default:
                return e.toString();
        }
    }

    /** The simple name of the erasure of {@code t}, for messages. */
    String simpleName(TypeMirror t) {
        TypeMirror e = types.erasure(t);
        if (e.getKind() == TypeKind.DECLARED) {
            return ((DeclaredType) e).asElement().getSimpleName().toString();
        }
        return e.toString();
    }

    /**
     * The functional interface a lambda implements, from its target type, or null when javac
     * could not determine one (the code does not compile).
     */
    DeclaredType functionalInterface(TypeMirror target) {
        if (target instanceof IntersectionType) {
            for (TypeMirror bound : ((IntersectionType) target).getBounds()) {
                if (bound instanceof DeclaredType && functionalMethod((DeclaredType) bound) != null) {
                    return (DeclaredType) bound;
                }
            }
            return null;
        }
        return target instanceof DeclaredType && functionalMethod((DeclaredType) target) != null
                ? (DeclaredType) target
                : null;
    }

    /**
     * The type the functional method of {@code fi} returns as a member of {@code fi}: the type
     * javac gives the lambda's synthetic method, before erasure.
     */
    TypeMirror functionalReturn(DeclaredType fi) {
        ExecutableElement m = functionalMethod(fi);
        return ((ExecutableType) types.asMemberOf(fi, m)).getReturnType();
    }

    /** Whether the functional method of {@code fi} declares {@code throws Throwable}. */
    boolean throwsThrowable(DeclaredType fi) {
        for (TypeMirror t : functionalMethod(fi).getThrownTypes()) {
            if (erasedName(t).equals("java.lang.Throwable")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The abstract method of a functional interface; among override-equivalent ones inherited
     * from several interfaces, the one with the most specific return type.
     */
    private ExecutableElement functionalMethod(DeclaredType fi) {
        Element e = fi.asElement();
        if (e.getKind() != ElementKind.INTERFACE) {
            return null;
        }
        List<ExecutableElement> methods = ElementFilter.methodsIn(elements.getAllMembers((TypeElement) e));
        ExecutableElement best = null;
        for (ExecutableElement m : methods) {
            if (!m.getModifiers().contains(Modifier.ABSTRACT) || isObjectMethod(m)) {
                continue;
            }
            if (best == null || types.isSubtype(returnOf(fi, m), returnOf(fi, best))) {
                best = m;
            }
        }
        return best;
    }

    private TypeMirror returnOf(DeclaredType fi, ExecutableElement m) {
        return types.erasure(((ExecutableType) types.asMemberOf(fi, m)).getReturnType());
    }

    /** {@code equals}, {@code hashCode} and {@code toString} declared again in an interface do not count. */
    private boolean isObjectMethod(ExecutableElement m) {
        TypeElement object = elements.getTypeElement("java.lang.Object");
        for (ExecutableElement o : ElementFilter.methodsIn(object.getEnclosedElements())) {
            if (o.getModifiers().contains(Modifier.PUBLIC)
                    && o.getSimpleName().equals(m.getSimpleName())
                    && types.isSubsignature((ExecutableType) m.asType(), (ExecutableType) o.asType())) {
                return true;
            }
        }
        return false;
    }
}
