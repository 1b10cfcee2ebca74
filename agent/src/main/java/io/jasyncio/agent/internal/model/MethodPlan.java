package io.jasyncio.agent.internal.model;

/**
 * Everything the transformer decided about one {@code @Async} method.
 *
 * @param owner internal name of the class declaring the method
 * @param name the method's name
 * @param descriptor the method's descriptor
 * @param bodyName the name of the static method that holds the rewritten body
 * @param sourceFile the class's source file, or null
 * @param frame the frame layout and the per-state plans
 */
public record MethodPlan(
        String owner, String name, String descriptor, String bodyName, String sourceFile, FramePlan frame) {}
