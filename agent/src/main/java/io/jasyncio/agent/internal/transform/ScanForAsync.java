package io.jasyncio.agent.internal.transform;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;

/**
 * Pass 0: does this class need the transformer at all? Answered from the constant pool alone,
 * without visiting the class: a class with an {@code @Async} method names the annotation's
 * descriptor there, a class with a coroutine lambda names {@code done} or {@code await}, a generator
 * names {@code io/jasyncio/Yield}, and a
 * class already rewritten names the {@code Instrumented} marker. This
 * is the only cost a class without coroutines pays (W7).
 */
public final class ScanForAsync {
    private static final byte[] ASYNC = Names.ASYNC_DESC.getBytes(StandardCharsets.UTF_8);
    /** A lambda coroutine has no annotation, but it returns through done(...) or awaits. */
    private static final byte[][] COROUTINE_CALLS = {
        Names.DONE_VALUE_DESC.getBytes(StandardCharsets.UTF_8),
        Names.DONE_VOID_DESC.getBytes(StandardCharsets.UTF_8),
        Names.AWAIT_DESC.getBytes(StandardCharsets.UTF_8),
        Names.AWAIT_STAGE_DESC.getBytes(StandardCharsets.UTF_8),
        Names.YIELD.getBytes(StandardCharsets.UTF_8),
        Names.GENERATOR_COROUTINE_DESC.getBytes(StandardCharsets.UTF_8),
    };
    private static final byte[] INSTRUMENTED = Names.INSTRUMENTED_DESC.getBytes(StandardCharsets.UTF_8);
    private static final int CONSTANT_UTF8 = 1;

    private ScanForAsync() {
    }

    /**
     * Tells whether a class may declare coroutines that are not rewritten yet.
     *
     * @param reader the class, with its constant pool parsed
     * @return true if it names {@code @Async}, {@code done} or {@code await}, and is not marked
     *     as already rewritten
     */
    public static boolean needsTransform(ClassReader reader) {
        boolean async = false;
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            // getItem gives the offset just past the tag byte; 0 for the unusable second slot of
            // a long or double.
            if (offset == 0 || reader.b[offset - 1] != CONSTANT_UTF8) {
                continue;
            }
            if (equalsUtf8(reader.b, offset, INSTRUMENTED)) {
                return false;
            }
            if (!async && equalsUtf8(reader.b, offset, ASYNC)) {
                async = true;
            }
            for (int k = 0; !async && k < COROUTINE_CALLS.length; k++) {
                async = equalsUtf8(reader.b, offset, COROUTINE_CALLS[k]);
            }
        }
        return async;
    }

    private static boolean equalsUtf8(byte[] b, int offset, byte[] expected) {
        int length = ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[offset + 2 + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
