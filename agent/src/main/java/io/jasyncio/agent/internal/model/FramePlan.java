package io.jasyncio.agent.internal.model;

import java.util.List;

/**
 * The layout of one coroutine method's frame class and what each state saves.
 *
 * @param frameClass internal name of the generated frame class
 * @param fields the frame's value fields, as {@code name:descriptor} pairs, besides {@code label}
 * @param entry the parameters saved by the constructor, restored in state 0
 * @param points one plan per suspension point, in label order
 */
public record FramePlan(String frameClass, List<String> fields, List<SavedValue> entry, List<SuspensionPlan> points) {
    /** Copies the lists. */
    public FramePlan {
        fields = List.copyOf(fields);
        entry = List.copyOf(entry);
        points = List.copyOf(points);
    }
}
