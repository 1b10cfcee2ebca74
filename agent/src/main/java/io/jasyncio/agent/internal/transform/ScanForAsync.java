package io.jasyncio.agent.internal.transform;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;

/**
 * Step 0: does this class need the transformer at all? Answered from the constant pool alone,
 * without visiting the class: a class with an {@code @Async} method names the annotation's
 * descriptor there, a class with a coroutine lambda names {@code done} or {@code await}, a generator
 * names {@code io/jasyncio/Yield}, and a
 * class already rewritten names the {@code Instrumented} marker. This
 * is the only cost a class without coroutines pays (W7).
 */
public final class ScanForAsync {
    private static final byte[] ASYNC = Names.ASYNC_DESC.getBytes(StandardCharsets.UTF_8);
    /**
     * A lambda coroutine has no annotation, but it returns through done(...) or awaits. These
     * descriptors alone are common (any method taking an {@code Awaitable} and returning an
     * {@code Object}), so they count only in a class that also names {@code Asyncio}, their
     * owner, and is not {@code Asyncio} itself: otherwise most of the runtime's own classes
     * would go through the whole transformer at start-up for nothing.
     */
    private static final byte[][] COROUTINE_CALLS = {
        Names.DONE_VALUE_DESC.getBytes(StandardCharsets.UTF_8),
        Names.DONE_VOID_DESC.getBytes(StandardCharsets.UTF_8),
        Names.AWAIT_DESC.getBytes(StandardCharsets.UTF_8),
        Names.AWAIT_STAGE_DESC.getBytes(StandardCharsets.UTF_8),
        Names.AWAIT_MAY_THROW_DESC.getBytes(StandardCharsets.UTF_8),
    };

    /** Names that mark a class as a candidate on their own: generators and old-style coroutines. */
    private static final byte[][] MARKERS = {
        Names.YIELD.getBytes(StandardCharsets.UTF_8), Names.GENERATOR_COROUTINE_DESC.getBytes(StandardCharsets.UTF_8),
    };

    private static final byte[] ASYNCIO = Names.ASYNCIO.getBytes(StandardCharsets.UTF_8);

    private static final byte[] INSTRUMENTED = Names.INSTRUMENTED_DESC.getBytes(StandardCharsets.UTF_8);
    private static final int CONSTANT_UTF8 = 1;

    private ScanForAsync() {}

    /**
     * The lengths of the descriptors above: a UTF8 entry of any other length is skipped after
     * reading its two length bytes. Most of a class's constant pool is skipped this way.
     */
    private static final boolean[] WANTED_LENGTH = wantedLengths();

    private static boolean[] wantedLengths() {
        int max = Math.max(Math.max(ASYNC.length, INSTRUMENTED.length), ASYNCIO.length);
        for (byte[] c : COROUTINE_CALLS) {
            max = Math.max(max, c.length);
        }
        for (byte[] c : MARKERS) {
            max = Math.max(max, c.length);
        }
        boolean[] wanted = new boolean[max + 1];
        wanted[ASYNC.length] = true;
        wanted[INSTRUMENTED.length] = true;
        wanted[ASYNCIO.length] = true;
        for (byte[] c : COROUTINE_CALLS) {
            wanted[c.length] = true;
        }
        for (byte[] c : MARKERS) {
            wanted[c.length] = true;
        }
        return wanted;
    }

    /**
     * Tells whether a class may declare coroutines that are not rewritten yet.
     *
     * @param reader the class, with its constant pool parsed
     * @return true if it names {@code @Async}, {@code done} or {@code await}, and is not marked
     *     as already rewritten
     */
    public static boolean needsTransform(ClassReader reader) {
        return needsTransform(reader.b);
    }

    /**
     * Tells whether a class may declare coroutines that are not rewritten yet, from the raw class
     * file: one pass over the constant pool's bytes, with no {@link ClassReader} (whose
     * constructor walks the same pool and allocates two arrays of its size, 12 KB for
     * {@code String}), comparing only the UTF8 entries whose length is that of a descriptor it
     * looks for. A class file it cannot walk (an unknown constant tag, a truncated pool) answers
     * true, so that the full parser reports the problem.
     *
     * @param classFile the class file
     * @return true if it names {@code @Async}, {@code done} or {@code await}, and is not marked
     *     as already rewritten
     */
    public static boolean needsTransform(byte[] classFile) {
        byte[] b = classFile;
        if (b.length < 10) {
            return true;
        }
        int count = ((b[8] & 0xFF) << 8) | (b[9] & 0xFF);
        int p = 10;
        boolean async = false;
        boolean calls = false;
        int asyncioEntry = 0;
        boolean[] wanted = WANTED_LENGTH;
        try {
            for (int i = 1; i < count; i++) {
                int tag = b[p];
                switch (tag) {
                    case CONSTANT_UTF8: {
                        int length = ((b[p + 1] & 0xFF) << 8) | (b[p + 2] & 0xFF);
                        if (length < wanted.length && wanted[length]) {
                            if (equalsUtf8(b, p + 1, INSTRUMENTED)) {
                                return false;
                            }
                            if (!async) {
                                async = equalsUtf8(b, p + 1, ASYNC) || equalsAny(b, p + 1, MARKERS);
                            }
                            if (!calls) {
                                calls = equalsAny(b, p + 1, COROUTINE_CALLS);
                            }
                            if (asyncioEntry == 0 && equalsUtf8(b, p + 1, ASYNCIO)) {
                                asyncioEntry = i;
                            }
                        }
                        p += 3 + length;
                        break;
                    }
                    case 7:
                    case 8:
                    case 16:
                    case 19:
                    case 20: // Class, String, MethodType, Module, Package
                        p += 3;
                        break;
                    case 15: // MethodHandle
                        p += 4;
                        break;
                    case 3:
                    case 4:
                    case 9:
                    case 10:
                    case 11:
                    case 12:
                    case 17:
                    case 18:
                        // Integer, Float, the three refs, NameAndType, Dynamic, InvokeDynamic
                        p += 5;
                        break;
                    case 5:
                    case 6: // Long, Double: two slots
                        p += 9;
                        i++;
                        break;
                    default:
                        return true;
                }
            }
            if (async || !calls || asyncioEntry == 0) {
                return async;
            }
            int thisClass = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            int nameIndex =
                    ((b[entryOffset(b, thisClass) + 1] & 0xFF) << 8) | (b[entryOffset(b, thisClass) + 2] & 0xFF);
            return nameIndex != asyncioEntry;
        } catch (ArrayIndexOutOfBoundsException truncated) {
            return true;
        }
    }

    /** Where constant-pool entry {@code index} starts; only for the rare class that needs it. */
    private static int entryOffset(byte[] b, int index) {
        int p = 10;
        for (int i = 1; i < index; i++) {
            switch (b[p]) {
                case CONSTANT_UTF8 -> p += 3 + (((b[p + 1] & 0xFF) << 8) | (b[p + 2] & 0xFF));
                case 7, 8, 16, 19, 20 -> p += 3;
                case 15 -> p += 4;
                case 5, 6 -> {
                    p += 9;
                    i++;
                }
                default -> p += 5;
            }
        }
        return p;
    }

    private static boolean equalsAny(byte[] b, int offset, byte[][] candidates) {
        for (byte[] c : candidates) {
            if (equalsUtf8(b, offset, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsUtf8(byte[] b, int offset, byte[] expected) {
        int length = ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
        if (length != expected.length || offset + 2 + length > b.length) {
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
