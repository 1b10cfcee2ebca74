package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.log;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shape 10: locals of every type live across an await, with extreme values; one slot reused
 * with different types in different scopes. Values are reported as strings of their exact bits
 * so that both runs compare equal and -0.0, NaN payloads and sign extension show.
 */
class LocalsIT {

    static final long NAN_WITH_PAYLOAD = 0x7ff8_0000_0000_1234L;
    static final int FLOAT_NAN_WITH_PAYLOAD = 0x7fc0_0321;

    static String bits(double d) {
        return Long.toHexString(Double.doubleToRawLongBits(d));
    }

    static String bits(float f) {
        return Integer.toHexString(Float.floatToRawIntBits(f));
    }

    @Async
    static Coroutine<List<String>> minimumsAcrossAnAwait() {
        int i = Integer.MIN_VALUE;
        long l = Long.MIN_VALUE;
        double d = Double.longBitsToDouble(NAN_WITH_PAYLOAD);
        float f = -0.0f;
        boolean z = true;
        byte b = Byte.MIN_VALUE;
        char c = Character.MAX_VALUE;
        short s = Short.MIN_VALUE;
        String str = "ref";
        int[] arr = {1, 2, 3};
        int[] sameArr = arr;
        Object nothing = null;
        await(v(0));
        return done(Arrays.asList(
                "" + i,
                "" + l,
                bits(d),
                bits(f),
                "" + z,
                "" + b,
                "" + (int) c,
                "" + s,
                str,
                Arrays.toString(arr) + (arr == sameArr),
                String.valueOf(nothing)));
    }

    @Async
    static Coroutine<List<String>> maximumsAcrossTwoAwaits() {
        int i = Integer.MAX_VALUE;
        long l = Long.MAX_VALUE;
        double d = -0.0;
        float f = Float.intBitsToFloat(FLOAT_NAN_WITH_PAYLOAD);
        boolean z = false;
        byte b = Byte.MAX_VALUE;
        char c = Character.MIN_VALUE;
        short s = Short.MAX_VALUE;
        double inf = Double.NEGATIVE_INFINITY;
        float tiny = Float.MIN_VALUE;
        long[] longs = {Long.MIN_VALUE, -1L};
        String nul = null;
        await(v(0));
        double d2 = Double.MIN_VALUE;
        await(v(1));
        return done(Arrays.asList(
                "" + i,
                "" + l,
                bits(d),
                bits(f),
                "" + z,
                "" + b,
                "" + (int) c,
                "" + s,
                "" + inf,
                bits(tiny),
                Arrays.toString(longs),
                "" + (nul == null),
                bits(d2)));
    }

    @Async
    static Coroutine<String> parametersOfEveryType(
            int i, long l, double d, float f, boolean z, byte b, char c, short s, Object o, char[] cs) {
        await(v(0));
        return done(i + "|" + l + "|" + bits(d) + "|" + bits(f) + "|" + z + "|" + b + "|" + (int) c + "|" + s + "|" + o
                + "|" + new String(cs));
    }

    @Async
    static Coroutine<String> valuesChangedBetweenAwaits() {
        long l = Long.MAX_VALUE;
        int i = 0;
        double d = 0.1;
        float f = 1f;
        char c = 'a';
        byte b = 127;
        short s = 32767;
        boolean z = false;
        for (int k = 0; k < 3; k++) {
            l -= await(v(1L));
            i += await(v(Integer.MAX_VALUE));
            d += await(v(0.2));
            f /= await(v(3f));
            c += await(v(1));
            b++;
            s++;
            z = !z;
        }
        return done(l + " " + i + " " + d + " " + f + " " + c + " " + b + " " + s + " " + z);
    }

    @Async
    static Coroutine<List<String>> slotsReusedWithOtherTypes() {
        List<String> out = new ArrayList<>();
        {
            int a = Integer.MIN_VALUE;
            out.add("int " + a + " " + await(v(1)));
        }
        {
            String a = "text";
            out.add("String " + a + " " + await(v(2)));
        }
        {
            long a = Long.MIN_VALUE + 1;
            int after = -7;
            out.add("long " + a + " " + after + " " + await(v(3)));
        }
        {
            float x = -0.0f;
            double y = Double.MAX_VALUE;
            out.add("float " + bits(x) + " double " + y + " " + await(v(4)));
        }
        {
            Object a = null;
            boolean flag = true;
            out.add("null " + a + " " + flag + " " + await(v(5)));
        }
        for (int k = 0; k < 2; k++) {
            char ch = (char) ('x' + k);
            out.add("char " + ch + await(v(k)));
        }
        for (String w : new String[] {"p", "q"}) {
            double dd = w.charAt(0) / 2.0;
            out.add("loop " + w + dd + await(v("")));
        }
        return done(out);
    }

    @Async
    static Coroutine<String> aLocalAssignedOnlyAfterTheAwait() {
        int late;
        String alsoLate;
        await(v(0));
        late = 5;
        alsoLate = "x";
        log("assigned " + late + alsoLate);
        return done(alsoLate + late + await(v("!")));
    }

    /** Locals whose type at the await is the merge of two classes from two paths. */
    @Async
    static Coroutine<String> mergedReferenceTypes(boolean flag) {
        CharSequence cs = flag ? "str" : new StringBuilder("builder");
        Object[] objects = flag ? new String[] {"s"} : new Integer[] {7};
        Object prims = flag ? new int[] {1} : new long[] {2L, 3L};
        Number n;
        if (flag) {
            n = Integer.valueOf(4);
        } else {
            n = Double.valueOf(0.5);
        }
        Runnable none = null;
        await(v(0));
        return done(cs.length() + " " + cs.charAt(0) + " " + objects[0] + " "
                + objects.getClass().getSimpleName() + " " + prims.getClass().getSimpleName() + " " + n.doubleValue()
                + " " + (none == null));
    }

    @Test
    void localsOfMergedReferenceTypesKeepTheirRuntimeClass() {
        assertEquals("3 s s String[] int[] 4.0 true", valueOfBoth(() -> mergedReferenceTypes(true)));
        assertEquals("7 b 7 Integer[] long[] 0.5 true", valueOfBoth(() -> mergedReferenceTypes(false)));
    }

    @Test
    void minimumValuesOfEveryTypeSurviveAnAwait() {
        assertEquals(
                List.of(
                        "" + Integer.MIN_VALUE,
                        "" + Long.MIN_VALUE,
                        Long.toHexString(NAN_WITH_PAYLOAD),
                        "80000000",
                        "true",
                        "-128",
                        "65535",
                        "-32768",
                        "ref",
                        "[1, 2, 3]true",
                        "null"),
                valueOfBoth(LocalsIT::minimumsAcrossAnAwait));
    }

    @Test
    void maximumValuesOfEveryTypeSurviveTwoAwaits() {
        assertEquals(
                List.of(
                        "" + Integer.MAX_VALUE,
                        "" + Long.MAX_VALUE,
                        "8000000000000000",
                        Integer.toHexString(FLOAT_NAN_WITH_PAYLOAD),
                        "false",
                        "127",
                        "0",
                        "32767",
                        "-Infinity",
                        "1",
                        "[-9223372036854775808, -1]",
                        "true",
                        "1"),
                valueOfBoth(LocalsIT::maximumsAcrossTwoAwaits));
    }

    @Test
    void parametersOfEveryTypeSurviveAnAwait() {
        assertEquals(
                "-1|-9223372036854775808|7ff0000000000000|ff800000|true|-1|65534|-1|null|hi",
                valueOfBoth(() -> parametersOfEveryType(
                        -1,
                        Long.MIN_VALUE,
                        Double.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        true,
                        (byte) -1,
                        (char) 0xFFFE,
                        (short) -1,
                        null,
                        new char[] {'h', 'i'})));
    }

    @Test
    void valuesUpdatedBetweenAwaitsOverflowAsInPlainJava() {
        long l = Long.MAX_VALUE;
        int i = 0;
        double d = 0.1;
        float f = 1f;
        char c = 'a';
        byte b = 127;
        short s = 32767;
        boolean z = false;
        for (int k = 0; k < 3; k++) {
            l -= 1L;
            i += Integer.MAX_VALUE;
            d += 0.2;
            f /= 3f;
            c += 1;
            b++;
            s++;
            z = !z;
        }
        String expected = l + " " + i + " " + d + " " + f + " " + c + " " + b + " " + s + " " + z;
        assertEquals("9223372036854775804 2147483645 0.7 0.037037037 d -126 -32766 true", expected);
        assertEquals(expected, valueOfBoth(LocalsIT::valuesChangedBetweenAwaits));
    }

    @Test
    void oneSlotHoldsDifferentTypesInDifferentScopes() {
        assertEquals(
                List.of(
                        "int -2147483648 1",
                        "String text 2",
                        "long -9223372036854775807 -7 3",
                        "float 80000000 double 1.7976931348623157E308 4",
                        "null null true 5",
                        "char x0",
                        "char y1",
                        "loop p56.0",
                        "loop q56.5"),
                valueOfBoth(LocalsIT::slotsReusedWithOtherTypes));
    }

    @Test
    void aLocalUnassignedAtTheAwait() {
        assertEquals("x5!", valueOfBoth(LocalsIT::aLocalAssignedOnlyAfterTheAwait));
    }

    /** Found by the differential fuzzer (seed 56): a merge of a class and an interface is Object, never the interface. */
    @Async
    static Coroutine<String> objectLocalHoldingAClassThenAnInterfaceAcrossALoop() {
        Object held = new StringBuilder("box");
        for (int i = 0; i < 3; i++) {
            await(v(i));
            if (i == 1) {
                held = List.of(i);
            }
        }
        return done(String.valueOf(held));
    }

    @Test
    void aLocalMergedFromAClassAndAnInterfaceIsRestoredWithoutAWrongCast() {
        assertEquals("[1]", valueOfBoth(LocalsIT::objectLocalHoldingAClassThenAnInterfaceAcrossALoop));
    }
}
