package io.jasyncio.samples.tutorial;

import io.jasyncio.Generator;
import io.jasyncio.StopIteration;
import io.jasyncio.Yield;

/**
 * A generator: a method that can stop in the middle, hand a value out, and go on from there when
 * asked for the next one. Calling it runs none of its body.
 *
 * <pre>
 * def countdown(n):
 *     print("starting")
 *     while n > 0:
 *         yield n
 *         n -= 1
 *     return "liftoff"
 * </pre>
 */
public final class Countdown {
    private Countdown() {}

    static Generator<Integer, Void, String> countdown(int n) {
        System.out.println("starting");
        while (n > 0) {
            Yield.value(n);
            n--;
        }
        return Yield.result("liftoff");
    }

    /**
     * Asks a countdown for its values one by one, then iterates another in a for loop.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Generator<Integer, Void, String> g = countdown(3);
        System.out.println("countdown(3) created; none of its body has run");
        System.out.println("next: " + g.next());
        System.out.println("next: " + g.next());
        System.out.println("next: " + g.next());
        try {
            g.next();
        } catch (StopIteration end) {
            System.out.println("StopIteration, value " + end.value());
        }
        for (int i : countdown(2)) {
            System.out.println("for: " + i);
        }
    }
}
