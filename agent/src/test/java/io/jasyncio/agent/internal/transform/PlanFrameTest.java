package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SavedValue;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step 6: what each suspension point saves, in which field of the frame. */
class PlanFrameTest {

    /** Steps 3 to 6 over one method of {@link Samples}. */
    static FramePlan plan(String method) {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), method);
        AnalyzeTypes.Result types = Fixtures.types(target);
        return PlanFrame.plan(
                target, types, Liveness.liveIn(target.method(), types), FindSuspensionPoints.find(target.method()));
    }

    @Test
    void planSavesLiveLocalsInTypedFieldsWithTheirNames() {
        FramePlan plan = plan("keepsTwo");
        List<String> saved = plan.points().get(0).saved().stream()
                .map(v -> v.name() + ":" + v.descriptor() + "->" + v.field())
                .toList();
        assertEquals(List.of("kept:I->I$0", "name:Ljava/lang/String;->L$0"), saved);
        assertEquals(List.of("I$0:I", "L$0:Ljava/lang/Object;"), plan.fields());
        assertEquals(2, plan.entry().size(), "both parameters are live at entry");
        assertEquals(Samples.class.getName().replace('.', '/') + "$keepsTwo$Frame", plan.frameClass());
    }

    @Test
    void planSpillsTheOperandStackUnderTheAwait() {
        List<SavedValue> spilled = plan("stackUnderAwait").points().get(0).spilled();
        assertEquals(1, spilled.size());
        assertEquals("I", spilled.get(0).descriptor());
        assertTrue(spilled.get(0).stack());
    }

    @Test
    void savedLocalsKeepTheirSlotsAndTheBodysOwnSlotsLieAboveThem() {
        FramePlan plan = plan("keepsTwo");
        assertEquals(
                List.of(0, 1),
                plan.points().get(0).saved().stream().map(SavedValue::slot).toList());
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "keepsTwo");
        assertEquals(target.method().maxLocals, plan.slotFrame());
        assertEquals(plan.slotFrame() + 4, plan.firstTemporary());
    }

    @Test
    void theDeclaredExceptionsClassIsNeitherSpilledNorSaved() {
        List<SavedValue> spilled = plan("declares").points().get(0).spilled();
        assertEquals(List.of("I"), spilled.stream().map(SavedValue::descriptor).toList(), "only the 40");
    }
}
