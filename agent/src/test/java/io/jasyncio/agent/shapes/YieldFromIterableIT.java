package io.jasyncio.agent.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.Generator;
import io.jasyncio.Yield;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Yield.from(iterable)}: {@code yield from} over something that is not a generator. The
 * expectations come from this program, run with python3 3.11.7:
 * <pre>
 * def sub():
 *     yield 'a'; return 'sub done'
 * def g():
 *     r = yield from [1, 2]
 *     trace.append(f'r={r}')
 *     yield from ()
 *     it = sub()
 *     r = yield from it
 *     trace.append(f'r={r}')
 *     yield 'end'
 * print(list(g()), trace)    # [1, 2, 'a', 'end'] ['r=None', 'r=sub done']
 * def h():
 *     try: yield from [1, 2]
 *     except ValueError as e: yield f'caught {e}'
 * x = h(); next(x); print(x.throw(ValueError('boom')))     # caught boom
 * y = h(); next(y)
 * try: y.send(5)
 * except AttributeError as e: print(e)    # 'list_iterator' object has no attribute 'send'
 * </pre>
 * A generator whose static type is only {@code Iterable} ({@code it} above) is still delegated
 * to as a generator: its return value comes back.
 */
class YieldFromIterableIT {
    private static final List<String> TRACE = new ArrayList<>();

    static Generator<String, Object, String> sub() {
        Yield.value("a");
        return Yield.result("sub done");
    }

    static Generator<Object, Object, Void> g() {
        Object r = Yield.from(List.of(1, 2));
        TRACE.add("r=" + r);
        Yield.from(List.of());
        Iterable<String> it = sub();
        r = Yield.from(it);
        TRACE.add("r=" + r);
        Yield.value("end");
        return Yield.done();
    }

    static Generator<String, Object, Void> h() {
        try {
            Yield.from(List.of("1", "2"));
        } catch (IllegalArgumentException e) {
            Yield.value("caught " + e.getMessage());
        }
        return Yield.done();
    }

    @Test
    void anIterablesElementsAreYieldedAndTheCallGivesNull() {
        TRACE.clear();
        List<Object> out = new ArrayList<>();
        g().forEach(out::add);
        assertEquals(List.of(1, 2, "a", "end"), out);
        assertEquals(List.of("r=null", "r=sub done"), TRACE);
    }

    @Test
    void anExceptionThrownInIsRaisedAtTheDelegatingCall() {
        Generator<String, Object, Void> x = h();
        assertEquals("1", x.next());
        assertEquals("caught boom", x.throwInto(new IllegalArgumentException("boom")));
    }

    @Test
    void aValueSentInIsRefusedAsAnIteratorHasNoSend() {
        Generator<String, Object, Void> y = h();
        y.next();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> y.send(5));
        assertEquals(
                "cannot send a value into the iterator of an Iterable delegated to with Yield.from", e.getMessage());
    }
}
