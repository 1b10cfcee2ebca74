package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.model.SuspensionPoint;
import io.jasyncio.agent.internal.transform.fixtures.Kinds;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Step 3: the suspension points of a method, numbered from 1, with their lines and kinds. */
class FindSuspensionPointsTest {

    @Test
    void findSuspensionPointsNumbersAwaitsFromOneWithTheirLines() {
        List<SuspensionPoint> points =
                FindSuspensionPoints.find(Fixtures.method(Fixtures.classNode(Samples.class), "keepsTwo"));
        assertEquals(1, points.size());
        assertEquals(1, points.get(0).label());
        assertTrue(points.get(0).line() > 0);
        assertEquals(SuspensionPoint.Kind.AWAITABLE, points.get(0).kind());
    }

    @Test
    void eachPointIsTheIndexOfItsCall() {
        MethodNode m = Fixtures.method(Fixtures.classNode(Samples.class), "keepsTwo");
        SuspensionPoint p = FindSuspensionPoints.find(m).get(0);
        MethodInsnNode call = (MethodInsnNode) m.instructions.get(p.index());
        assertEquals("io/jasyncio/Asyncio.await", call.owner + "." + call.name);
    }

    @Test
    void yieldsAndAwaitsOfAnAsyncGeneratorAreNumberedInInstructionOrder() {
        ClassNode cn = Fixtures.classNode(Kinds.class);
        assertEquals(
                List.of(SuspensionPoint.Kind.AWAITABLE, SuspensionPoint.Kind.YIELD_VALUE),
                FindSuspensionPoints.find(Fixtures.method(cn, "asyncGenerator")).stream()
                        .map(SuspensionPoint::kind)
                        .toList());
        assertEquals(
                List.of(1, 2),
                FindSuspensionPoints.find(Fixtures.method(cn, "asyncGenerator")).stream()
                        .map(SuspensionPoint::label)
                        .toList());
        assertEquals(
                List.of(SuspensionPoint.Kind.YIELD_FROM_AWAITABLE),
                FindSuspensionPoints.find(Fixtures.method(cn, "oldStyle")).stream()
                        .map(SuspensionPoint::kind)
                        .toList());
    }

    @Test
    void anAwaitThatDeclaresAnExceptionIsAnAwaitWithItsClass() {
        ClassNode cn = Fixtures.classNode(Samples.class);
        SuspensionPoint p =
                FindSuspensionPoints.find(Fixtures.method(cn, "declares")).get(0);
        assertEquals(SuspensionPoint.Kind.AWAITABLE_MAY_THROW, p.kind());
        assertEquals(2, p.kind().operands());
        assertEquals("java/io/IOException", p.mayThrow());
        SuspensionPoint viaParameter = FindSuspensionPoints.find(Fixtures.method(cn, "declaresThroughAParameter"))
                .get(0);
        assertEquals(SuspensionPoint.Kind.AWAITABLE_MAY_THROW, viaParameter.kind());
        assertEquals(null, viaParameter.mayThrow(), "no class constant to name");
    }
}
