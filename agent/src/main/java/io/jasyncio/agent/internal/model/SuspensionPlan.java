package io.jasyncio.agent.internal.model;

import java.util.List;

/**
 * What the rewritten method does at one suspension point.
 *
 * @param point the await call
 * @param spilled the operand-stack values under the awaited value, bottom first, moved to fresh
 *     locals before the await (so that only locals are saved, as Kotlin does)
 * @param saved every value saved in the frame at this point: the live locals and the spilled
 *     stack values
 * @param clearedFields reference fields of the frame not used here, nulled on suspension so a
 *     suspended coroutine does not keep garbage alive
 * @param reachable false for an await javac left in unreachable code: it is not rewritten and
 *     its label is never resumed
 */
public record SuspensionPlan(
        SuspensionPoint point,
        List<SavedValue> spilled,
        List<SavedValue> saved,
        List<String> clearedFields,
        boolean reachable) {
    /** Copies the lists. */
    public SuspensionPlan {
        spilled = List.copyOf(spilled);
        saved = List.copyOf(saved);
        clearedFields = List.copyOf(clearedFields);
    }
}
