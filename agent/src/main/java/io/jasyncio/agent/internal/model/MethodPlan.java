package io.jasyncio.agent.internal.model;

/**
 * Everything the transformer decided about one rewritten method.
 *
 * @param owner internal name of the class declaring the method
 * @param name the method's name
 * @param descriptor the method's descriptor
 * @param kind what the method is: coroutine, generator, async generator, ...
 * @param bodyName the name of the static method that holds the rewritten body
 * @param sourceFile the class's source file, or null
 * @param frame the frame layout and the per-state plans
 */
public record MethodPlan(
        String owner,
        String name,
        String descriptor,
        MethodKind kind,
        String bodyName,
        String sourceFile,
        FramePlan frame) {}
