package io.jasyncio.agent.internal.transform;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/** Step 0: the constant-pool scan that lets most classes through untouched. */
class ScanForAsyncTest {

    @Test
    void scanFindsAsyncInTheConstantPoolOnly() {
        assertTrue(ScanForAsync.needsTransform(new ClassReader(Fixtures.bytesOf(Samples.class))));
        assertFalse(ScanForAsync.needsTransform(new ClassReader(Fixtures.bytesOf(String.class))));
        assertFalse(ScanForAsync.needsTransform(new ClassReader(Fixtures.bytesOf(ScanForAsyncTest.class))));
    }

    /**
     * The raw constant-pool walk must agree with ASM's parse on every kind of constant (longs
     * and doubles take two slots, method handles, dynamic constants, modules), and treat a
     * truncated class file as one to hand to the full parser.
     */
    @Test
    void rawScanAgreesWithAsmOnEveryKindOfConstant() throws Exception {
        byte[] rewritten = Fixtures.transformer().transform(Fixtures.bytesOf(Samples.class));
        List<byte[]> classes = new ArrayList<>(List.of(
                rewritten,
                Fixtures.bytesOf(Samples.class),
                Fixtures.bytesOf(String.class),
                Fixtures.bytesOf(HashMap.class),
                Fixtures.bytesOf(Math.class),
                Fixtures.bytesOf(Long.class),
                Fixtures.bytesOf(Double.class),
                Fixtures.bytesOf(MethodHandles.class),
                Fixtures.bytesOf(ScanForAsyncTest.class),
                Fixtures.bytesOf(Collectors.class),
                Fixtures.bytesOf(Record.class),
                Fixtures.bytesOf(io.jasyncio.Asyncio.class),
                Fixtures.bytesOf(LambdaOnly.class)));
        try (InputStream in = Object.class.getResourceAsStream("/module-info.class")) {
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
                ScanForAsync.needsTransform(Arrays.copyOf(string, string.length / 3)),
                "a truncated class goes to the parser, which reports it");
    }

    /** The scan's answer from ASM's own parse of the constant pool. */
    private static boolean scanWithAsm(byte[] classFile) {
        ClassReader r = new ClassReader(classFile);
        Set<String> utf8 = new HashSet<>();
        for (int i = 1; i < r.getItemCount(); i++) {
            int offset = r.getItem(i); // just past the tag; 0 for a long's or double's second slot
            if (offset != 0 && classFile[offset - 1] == 1) {
                int length = r.readUnsignedShort(offset);
                // Byte by byte: exact for the ASCII descriptors looked for, and for any other
                // string at least never equal to one of them.
                utf8.add(new String(classFile, offset + 2, length, StandardCharsets.ISO_8859_1));
            }
        }
        if (utf8.contains(Names.INSTRUMENTED_DESC)) {
            return false;
        }
        boolean calls = utf8.contains(Names.DONE_VALUE_DESC)
                || utf8.contains(Names.DONE_VOID_DESC)
                || utf8.contains(Names.AWAIT_DESC)
                || utf8.contains(Names.AWAIT_STAGE_DESC)
                || utf8.contains(Names.AWAIT_MAY_THROW_DESC);
        return utf8.contains(Names.ASYNC_DESC)
                || utf8.contains(Names.YIELD)
                || utf8.contains(Names.GENERATOR_COROUTINE_DESC)
                || (calls && utf8.contains(Names.ASYNCIO) && !r.getClassName().equals(Names.ASYNCIO));
    }

    /**
     * A class whose only coroutine is a lambda has no annotation: the scan finds it by its calls
     * to {@code Asyncio.done}/{@code await}. The same descriptors in a class that does not name
     * {@code Asyncio}, or in {@code Asyncio} itself, do not make a candidate: the runtime's own
     * classes are full of them, and each candidate costs a parse at start-up.
     */
    @Test
    void coroutineCallsCountOnlyWhereAsyncioIsTheirOwner() {
        assertTrue(ScanForAsync.needsTransform(Fixtures.bytesOf(LambdaOnly.class)));
        assertFalse(ScanForAsync.needsTransform(Fixtures.bytesOf(io.jasyncio.Asyncio.class)));
        assertFalse(ScanForAsync.needsTransform(Fixtures.bytesOf(SameDescriptorsElsewhere.class)));
    }

    /** A class whose one coroutine is a lambda. */
    static final class LambdaOnly {
        static Supplier<Coroutine<Integer>> plusOne(Supplier<Coroutine<Integer>> inner) {
            return () -> done(await(inner.get()) + 1);
        }
    }

    /** Methods with done's and await's descriptors that are not theirs. */
    static final class SameDescriptorsElsewhere {
        static Object await(Awaitable<?> a) {
            return a;
        }

        static Coroutine<?> done(Object o) {
            return null;
        }
    }

    @Test
    void scanSkipsAClassAlreadyRewritten() {
        byte[] once = Fixtures.transformer().transform(Fixtures.bytesOf(Samples.class));
        assertFalse(ScanForAsync.needsTransform(new ClassReader(once)));
    }
}
