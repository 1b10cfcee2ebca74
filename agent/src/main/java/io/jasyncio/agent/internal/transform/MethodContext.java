package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.MethodKind;
import io.jasyncio.agent.internal.model.MethodPlan;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * One method to rewrite, with what every step of its rewrite needs; made by
 * {@link ClassifyMethods}, which chose its kind and names once for the whole class.
 *
 * @param owner the class being rewritten
 * @param method the method; its instructions are rewritten in place, and become the body's
 * @param kind what the method is
 * @param frameClass internal name of its frame class ({@code Owner$method$Frame}, with a
 *     {@code $n} suffix for an overload), unique in the class
 * @param bodyName the name of the static method that will hold the rewritten body, unique among
 *     the bodies of the class
 */
record MethodContext(ClassNode owner, MethodNode method, MethodKind kind, String frameClass, String bodyName) {

    boolean ownerIsInterface() {
        return (owner.access & Opcodes.ACC_INTERFACE) != 0;
    }

    boolean isStatic() {
        return (method.access & Opcodes.ACC_STATIC) != 0;
    }

    /** What the frame is created from: the receiver of an instance method first, then the parameters. */
    List<Type> frameParameters() {
        List<Type> params = new ArrayList<>();
        if (!isStatic()) {
            params.add(Type.getObjectType(owner.name));
        }
        params.addAll(List.of(Type.getArgumentTypes(method.desc)));
        return params;
    }

    /**
     * The parameters of the frame's constructor, and of the factory that calls it: those of
     * {@link #frameParameters()}, the receiver as {@code Object}, because a descriptor that
     * names the host cannot be resolved when the host is a hidden class.
     */
    List<Type> factoryParameters() {
        List<Type> params = frameParameters();
        if (!isStatic()) {
            params.set(0, Type.getObjectType("java/lang/Object"));
        }
        return params;
    }

    /** The refusal of this method, naming class, method and {@code line}. */
    TransformException refuse(int line, String problem) {
        return new TransformException(owner.name, method.name, owner.sourceFile, line, problem);
    }

    /** The plan the transformer reports for this method, once its frame is planned. */
    MethodPlan plan(FramePlan frame) {
        return new MethodPlan(owner.name, method.name, method.desc, kind, bodyName, owner.sourceFile, frame);
    }
}
