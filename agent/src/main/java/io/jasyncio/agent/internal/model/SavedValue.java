package io.jasyncio.agent.internal.model;

/**
 * A value kept in the frame across a suspension: a live local variable, or an operand-stack
 * value spilled to a fresh local before the await.
 *
 * @param slot the local slot in the rewritten body that holds the value
 * @param descriptor the value's verifier type: {@code I}, {@code J}, {@code F}, {@code D}, a
 *     class or array descriptor, or {@code Lnull;} for a value known to be null
 * @param field the frame field that holds it, such as {@code L$0} or {@code I$1}
 * @param name the source name of the variable, or null for a spilled stack value or when the
 *     class has no local variable table
 * @param stack true for a spilled operand-stack value
 */
public record SavedValue(int slot, String descriptor, String field, String name, boolean stack) {
    /** The descriptor SimpleVerifier gives the null constant. */
    public static final String NULL = "Lnull;";

    /**
     * The descriptor of the frame field that holds this value: references are kept as Object
     * and cast back on restore, so one field serves any reference type.
     *
     * @return the field's descriptor
     */
    public String fieldDescriptor() {
        return isReference() ? "Ljava/lang/Object;" : descriptor;
    }

    /**
     * Tells whether the value is a reference.
     *
     * @return true for class, array and null types
     */
    public boolean isReference() {
        char c = descriptor.charAt(0);
        return c == 'L' || c == '[';
    }
}
