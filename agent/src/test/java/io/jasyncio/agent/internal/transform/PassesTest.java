package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.ClassFileTypeResolver;
import io.jasyncio.agent.internal.model.FramePlan;
import io.jasyncio.agent.internal.model.SavedValue;
import io.jasyncio.agent.internal.model.SuspensionPoint;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** Each pass of the transformer on its own, over the small {@link Samples}. */
class PassesTest {
    private static final TypeResolver RESOLVER =
            new ClassFileTypeResolver(ClassFileLocator.ForClassLoader.ofSystemLoader());

    private static ClassNode samples() {
        ClassNode cn = new ClassNode();
        new ClassReader(Fixtures.bytesOf(Samples.class)).accept(cn, ClassReader.SKIP_FRAMES);
        return cn;
    }

    private static MethodNode method(ClassNode cn, String name) {
        return cn.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void scanFindsAsyncInTheConstantPoolOnly() {
        assertTrue(ScanForAsync.needsTransform(new ClassReader(Fixtures.bytesOf(Samples.class))));
        assertFalse(ScanForAsync.needsTransform(new ClassReader(Fixtures.bytesOf(String.class))));
        assertFalse(ScanForAsync.needsTransform(new ClassReader(Fixtures.bytesOf(PassesTest.class))));
    }

    /**
     * The raw constant-pool walk must agree with ASM's parse on every kind of constant (longs
     * and doubles take two slots, method handles, dynamic constants, modules), and treat a
     * truncated class file as one to hand to the full parser.
     */
    @Test
    void rawScanAgreesWithAsmOnEveryKindOfConstant() throws Exception {
        byte[] rewritten = Fixtures.transformer().transform(Fixtures.bytesOf(Samples.class));
        List<byte[]> classes = new java.util.ArrayList<>(List.of(
                rewritten,
                Fixtures.bytesOf(Samples.class),
                Fixtures.bytesOf(String.class),
                Fixtures.bytesOf(java.util.HashMap.class),
                Fixtures.bytesOf(Math.class),
                Fixtures.bytesOf(Long.class),
                Fixtures.bytesOf(Double.class),
                Fixtures.bytesOf(java.lang.invoke.MethodHandles.class),
                Fixtures.bytesOf(PassesTest.class),
                Fixtures.bytesOf(java.util.stream.Collectors.class),
                Fixtures.bytesOf(Record.class)));
        try (java.io.InputStream in = Object.class.getResourceAsStream("/module-info.class")) {
            classes.add(in.readAllBytes()); // a module descriptor: Module and Package constants
        }
        int agreeing = 0;
        for (byte[] c : classes) {
            assertEquals(scanWithAsm(c), ScanForAsync.needsTransform(c), new ClassReader(c).getClassName());
            agreeing++;
        }
        assertEquals(classes.size(), agreeing);
        assertTrue(ScanForAsync.needsTransform(Fixtures.bytesOf(Samples.class)));
        assertFalse(ScanForAsync.needsTransform(rewritten));
        byte[] string = Fixtures.bytesOf(String.class);
        assertTrue(
                ScanForAsync.needsTransform(java.util.Arrays.copyOf(string, string.length / 3)),
                "a truncated class goes to the parser, which reports it");
    }

    /** The scan's answer from ASM's own parse of the constant pool. */
    private static boolean scanWithAsm(byte[] classFile) {
        ClassReader r = new ClassReader(classFile);
        java.util.Set<String> utf8 = new java.util.HashSet<>();
        for (int i = 1; i < r.getItemCount(); i++) {
            int offset = r.getItem(i); // just past the tag; 0 for a long's or double's second slot
            if (offset != 0 && classFile[offset - 1] == 1) {
                int length = r.readUnsignedShort(offset);
                // Byte by byte: exact for the ASCII descriptors looked for, and for any other
                // string at least never equal to one of them.
                utf8.add(new String(classFile, offset + 2, length, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        if (utf8.contains(Names.INSTRUMENTED_DESC)) {
            return false;
        }
        return utf8.contains(Names.ASYNC_DESC)
                || utf8.contains(Names.DONE_VALUE_DESC)
                || utf8.contains(Names.DONE_VOID_DESC)
                || utf8.contains(Names.AWAIT_DESC)
                || utf8.contains(Names.AWAIT_STAGE_DESC)
                || utf8.contains(Names.YIELD)
                || utf8.contains(Names.GENERATOR_COROUTINE_DESC);
    }

    @Test
    void scanSkipsAClassAlreadyRewritten() {
        byte[] once = Fixtures.transformer().transform(Fixtures.bytesOf(Samples.class));
        assertFalse(ScanForAsync.needsTransform(new ClassReader(once)));
    }

    @Test
    void findSuspensionPointsNumbersAwaitsFromOneWithTheirLines() {
        List<SuspensionPoint> points = FindSuspensionPoints.find(method(samples(), "keepsTwo"));
        assertEquals(1, points.size());
        assertEquals(1, points.get(0).label());
        assertTrue(points.get(0).line() > 0);
        assertEquals(SuspensionPoint.Kind.AWAITABLE, points.get(0).kind());
    }

    @Test
    void livenessKeepsOnlyWhatIsReadAfterTheAwait() throws Exception {
        ClassNode cn = samples();
        MethodNode m = method(cn, "keepsTwo");
        AnalyzeFrames.Result a = AnalyzeFrames.analyze(cn.name, cn.superName, false, m, RESOLVER);
        BitSet[] live = Liveness.liveIn(m, a);
        int await = FindSuspensionPoints.find(m).get(0).index();
        BitSet after = Liveness.liveAfter(live, a, await);
        // slot 0 = kept, 1 = name, 2-3 = dead (a long)
        assertEquals(BitSet.valueOf(new long[] {0b11}), after);
    }

    @Test
    void planSavesLiveLocalsInTypedFieldsWithTheirNames() throws Exception {
        ClassNode cn = samples();
        MethodNode m = method(cn, "keepsTwo");
        List<SuspensionPoint> points = FindSuspensionPoints.find(m);
        AnalyzeFrames.Result a = AnalyzeFrames.analyze(cn.name, cn.superName, false, m, RESOLVER);
        FramePlan plan = PlanFrame.plan(
                cn.name, cn.sourceFile, cn.name + "$keepsTwo$Frame", m, a, Liveness.liveIn(m, a), points);
        List<String> saved = plan.points().get(0).saved().stream()
                .map(v -> v.name() + ":" + v.descriptor() + "->" + v.field())
                .collect(Collectors.toList());
        assertEquals(List.of("kept:I->I$0", "name:Ljava/lang/String;->L$0"), saved);
        assertEquals(List.of("I$0:I", "L$0:Ljava/lang/Object;"), plan.fields());
        assertEquals(2, plan.entry().size(), "both parameters are live at entry");
    }

    @Test
    void planSpillsTheOperandStackUnderTheAwait() throws Exception {
        ClassNode cn = samples();
        MethodNode m = method(cn, "stackUnderAwait");
        List<SuspensionPoint> points = FindSuspensionPoints.find(m);
        AnalyzeFrames.Result a = AnalyzeFrames.analyze(cn.name, cn.superName, false, m, RESOLVER);
        FramePlan plan = PlanFrame.plan(cn.name, cn.sourceFile, "F", m, a, Liveness.liveIn(m, a), points);
        List<SavedValue> spilled = plan.points().get(0).spilled();
        assertEquals(1, spilled.size());
        assertEquals("I", spilled.get(0).descriptor());
        assertTrue(spilled.get(0).stack());
    }

    @Test
    void generatedFrameClassHasALabelAndOneFieldPerPlannedSlot() {
        byte[] out = Fixtures.transformer().transform(Fixtures.bytesOf(Samples.class));
        byte[] frame = Fixtures.embeddedFrames(out).get(Samples.class.getName() + "$keepsTwo$Frame");
        ClassNode fc = new ClassNode();
        new ClassReader(frame).accept(fc, 0);
        assertEquals("io/jasyncio/abi/Frame", fc.superName);
        assertEquals(
                List.of("label:I", "I$0:I", "L$0:Ljava/lang/Object;"),
                fc.fields.stream().map(f -> f.name + ":" + f.desc).collect(Collectors.toList()));
    }
}
