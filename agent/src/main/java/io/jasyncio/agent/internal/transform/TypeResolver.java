package io.jasyncio.agent.internal.transform;

import java.util.List;

/**
 * Describes classes from their class-file bytes, never by loading a class, so that transforming
 * stays a pure function of bytes (and safe inside a class file transformer). The transformer asks
 * it one thing only: the supertypes of a class whose own bytes do not say whether it is
 * {@code Serializable} ({@link SerialVersion}). It never asks how two classes relate: stack map
 * frames come from the class's own ({@link StackMapFrames}).
 */
public interface TypeResolver {
    /**
     * Describes a class or interface.
     *
     * @param internalName the internal name, such as {@code java/lang/String}
     * @return its description, or null when its class file cannot be found
     */
    ClassInfo describe(String internalName);

    /**
     * What the transformer needs to know of a class.
     *
     * @param name the internal name
     * @param superName the superclass's internal name, or null for {@code java/lang/Object} and
     *     interfaces' absent superclass
     * @param isInterface whether it is an interface
     * @param interfaces the directly implemented interfaces
     */
    record ClassInfo(String name, String superName, boolean isInterface, List<String> interfaces) {}
}
