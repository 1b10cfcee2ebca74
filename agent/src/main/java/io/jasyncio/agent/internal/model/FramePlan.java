package io.jasyncio.agent.internal.model;

import java.util.List;

/**
 * The layout of one coroutine method's frame class and what each state saves.
 *
 * @param frameClass internal name of the generated frame class
 * @param fields the frame's value fields, as {@code name:descriptor} pairs, besides {@code label}
 * @param entry the parameters saved by the constructor, restored in state 0
 * @param points one plan per suspension point, in label order
 * @param bodySlots the first of the body's own four slots, right above the method's locals
 *     (which keep their numbers, so that their loads and stores keep their size)
 */
public record FramePlan(
        String frameClass, List<String> fields, List<SavedValue> entry, List<SuspensionPlan> points, int bodySlots) {
    /** Copies the lists. */
    /**
     * The body's slot holding its frame as {@code io.jasyncio.abi.Frame}, the first of its own
     * four (the frame, the value sent in, the exception thrown in, the frame as its own class),
     * right above the method's locals, which keep their slots in the body.
     *
     * @return the slot
     */
    public int slotFrame() {
        return bodySlots;
    }

    /**
     * The body's slot holding the value sent in on resumption.
     *
     * @return the slot
     */
    public int slotValue() {
        return bodySlots + 1;
    }

    /**
     * The body's slot holding the exception thrown in on resumption.
     *
     * @return the slot
     */
    public int slotError() {
        return bodySlots + 2;
    }

    /**
     * The body's slot holding the frame cast to its own class, whose fields the body reads.
     *
     * @return the slot
     */
    public int slotTypedFrame() {
        return bodySlots + 3;
    }

    /**
     * The first slot above the body's own: where spilled stack values go.
     *
     * @return the slot
     */
    public int firstTemporary() {
        return bodySlots + 4;
    }

    public FramePlan {
        fields = List.copyOf(fields);
        entry = List.copyOf(entry);
        points = List.copyOf(points);
    }
}
