package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Step 5: which locals are live at each instruction. */
class LivenessTest {

    @Test
    void livenessKeepsOnlyWhatIsReadAfterTheAwait() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "keepsTwo");
        AnalyzeTypes.Result types = Fixtures.types(target);
        BitSet[] live = Liveness.liveIn(target.method(), types);
        int await = FindSuspensionPoints.find(target.method()).get(0).index();
        BitSet after = Liveness.liveAfter(live, types, await);
        // slot 0 = kept, 1 = name, 2-3 = dead (a long)
        assertEquals(BitSet.valueOf(new long[] {0b11}), after);
    }

    @Test
    void bothParametersAreLiveOnEntry() {
        MethodContext target = Fixtures.context(Fixtures.classNode(Samples.class), "keepsTwo");
        BitSet[] live = Liveness.liveIn(target.method(), Fixtures.types(target));
        assertEquals(BitSet.valueOf(new long[] {0b11}), live[0]);
    }
}
